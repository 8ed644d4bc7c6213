"""«About us and privacy»: the agency, its privacy text, and what a person can do with
their data here: get a copy, withdraw consent, delete everything (also ``/forget``)."""

from __future__ import annotations

from flows import menu
from flows.framework import Context, Router, StepRef
from flows.menu import MAIN, TO_MENU, back_to_menu
from flows.messages import Choice, ChoiceKind, Inbound, Outbound
from flows.privacy.erase import erase, erase_event
from flows.privacy.export import my_data
from flows.staff.effects import PostToTopic
from flows.text import Text, Verbatim, _, join
from storage import privacy

PRIVACY = ChoiceKind("privacy")
EXPORT = Choice(PRIVACY.of("export"), _("Send me my data"))
WITHDRAW = Choice(PRIVACY.of("withdraw"), _("Withdraw my consent"))
FORGET = Choice(PRIVACY.of("forget"), _("Delete my data"))
FORGET_YES = Choice(PRIVACY.of("forget:yes"), _("Yes, delete my data"))
FORGET_NO = Choice(PRIVACY.of("forget:no"), _("No, keep it"))
WITHDRAWAL = ChoiceKind("withdraw")
WITHDRAW_ONLY = Choice(WITHDRAWAL.of("only"), _("Withdraw my consent"))
WITHDRAW_ALL = Choice(WITHDRAWAL.of("all"), _("Withdraw and delete everything"))
WITHDRAW_NO = Choice(WITHDRAWAL.of("no"), _("No, go back"))
ABOUT = StepRef("about", "info")
ASK_FORGET = StepRef(ABOUT.flow, "forget")
ASK_WITHDRAW = StepRef(ABOUT.flow, "withdraw")


async def about_prompt(ctx: Context) -> Outbound:
    agency = ctx.profile.agency
    lines = [join(c.city.text, c.address.text, separator=": ") for c in ctx.profile.centres]
    choices = [EXPORT]
    if await privacy.has_consent(ctx.repos.conn, ctx.person.id):
        choices.append(WITHDRAW)
    return Outbound(
        join(
            agency.name.text,
            agency.about.text,
            _("Our centres:"),
            join(*lines, separator="\n"),
            _("Phone: {phone}\nEmail: {email}", phone=Verbatim(agency.phone),
              email=Verbatim(agency.email)),
            _("Privacy"),
            agency.privacy.text,
        ),
        (*choices, FORGET, back_to_menu()),
    )


async def about_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == TO_MENU:
        ctx.goto(MAIN)
    elif event.choice == EXPORT.id:
        for message in await my_data(ctx):
            ctx.send(message)
        ctx.goto(MAIN)
    elif event.choice == WITHDRAW.id:
        ctx.goto(ASK_WITHDRAW)
    elif event.choice == FORGET.id:
        ctx.goto(ASK_FORGET)
    else:
        return False
    return True


def what_is_deleted() -> Text:
    return _(
        "Do you want us to delete everything we have stored about you? That is: your"
        " language and where you are in this chat, your consent, your answers (unfinished"
        " and sent, with your name and phone number), your consultations (one still ahead is"
        " cancelled) and your place on the waiting list, your conversations with our team"
        " and their notes, and the messages waiting to be sent to you. Our team's copy of"
        " your conversations in their work chat is deleted too. This cannot be undone. We"
        " keep only a note that data was deleted on this date, with nothing about you."
    )


async def forget_prompt(ctx: Context) -> Outbound:
    return Outbound(what_is_deleted(), (FORGET_YES, FORGET_NO))


async def forget_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == FORGET_NO.id:
        ctx.goto(MAIN)
        return True
    if event.choice == FORGET_YES.id:
        await erase(ctx, reason="person")
        return True
    return False


async def withdraw_prompt(ctx: Context) -> Outbound:
    return Outbound(
        _("If you withdraw your consent, we stop using your answers: unfinished answers are"
          " deleted now, and our team is asked not to contact you about an enquiry you sent."
          " Would you also like us to delete everything we have stored about you?"),
        (WITHDRAW_ONLY, WITHDRAW_ALL, WITHDRAW_NO),
    )


async def withdraw_handle(ctx: Context, event: Inbound) -> bool:
    if event.choice == WITHDRAW_NO.id:
        ctx.goto(ABOUT)
        return True
    if event.choice not in (WITHDRAW_ONLY.id, WITHDRAW_ALL.id):
        return False
    await privacy.withdraw_consents(ctx.repos.conn, ctx.person.id, ctx.now)
    staff = ctx.profile.agency.staff_locale
    for ticket in await ctx.repos.tickets.open_for_person(ctx.person.id):
        if ticket.kind == "enquiry":
            # TRANSLATORS: staff only: in the topic of an enquiry.
            note = _("✋ The person withdrew their consent: please do not contact them about"
                     " this enquiry.")
            ctx.tell_staff(PostToTopic(ctx.render(note, staff), thread=ticket.topic_id,
                                       ticket=ticket.id))
    if event.choice == WITHDRAW_ALL.id:
        ctx.goto(ASK_FORGET)
    else:
        ctx.say(_("Your consent is withdrawn. You are welcome to start again at any time."))
        ctx.goto(MAIN)
    return True


async def forget_command(ctx: Context, _argument: str) -> None:
    ctx.goto(ASK_FORGET)


def router() -> Router:
    """«About us and privacy», ``/forget``, and the ``erase`` event."""
    flow = Router(ABOUT.flow)
    flow.step(ABOUT, about_prompt, about_handle)
    flow.step(ASK_FORGET, forget_prompt, forget_handle)
    flow.step(ASK_WITHDRAW, withdraw_prompt, withdraw_handle)
    flow.command("forget", handler=forget_command)
    flow.system_event("erase", handler=erase_event)
    flow.menu_entry(menu.ABOUT.id, ABOUT)
    return flow
