"""What a person reads when a message alarms: words that fit who is writing, and the
profile's numbers in the order that helps them most.

- a child about themselves: short and warm, it is not their fault, the children's line
  first, the emergency number when in danger now;
- suicidal thoughts or self-harm: the crisis line first (the children's line when the
  profile has none), in a child's words when a child wrote;
- an adult about a child (or anyone else): how to report, the emergency number, the
  children's and violence lines and the agency's own phone.

Every hotline of the profile is shown; only the order and the words around them change.
"""

from __future__ import annotations

from flows.profile import Hotline, Profile
from flows.safeguarding.detector import Alert, Voice
from flows.safeguarding.rules import Category
from flows.text import Text, Verbatim, _, join

_ORDER = {
    "child": ("children", "crisis", "violence", "emergency", "police", "other"),
    "crisis": ("crisis", "children", "emergency", "violence", "police", "other"),
    "report": ("children", "violence", "emergency", "police", "crisis", "other"),
}


def audience(alert: Alert) -> str:
    if alert.voice is Voice.CHILD:
        return "child"
    if alert.category in (Category.SUICIDE, Category.SELF_HARM):
        return "crisis"
    return "report"


def ordered(hotlines: list[Hotline], who: str) -> list[Hotline]:
    rank = {kind: i for i, kind in enumerate(_ORDER[who])}
    return sorted(hotlines, key=lambda h: rank.get(h.kind, len(rank)))


def _lines(hotlines: list[Hotline]) -> Text:
    return join(
        *(join(Verbatim("☎ "), h.label.text, Verbatim(f": {h.number}"), separator="")
          for h in hotlines),
        separator="\n",
    )


def _emergency(profile: Profile) -> str | None:
    return next((h.number for h in profile.hotlines if h.kind == "emergency"), None)


def answer(profile: Profile, alert: Alert) -> Text:
    who = audience(alert)
    # suicidal thoughts and self-harm: the crisis line first, for a child too
    crisis = alert.category in (Category.SUICIDE, Category.SELF_HARM)
    lines = _lines(ordered(list(profile.hotlines), "crisis" if crisis else who))
    emergency = _emergency(profile)
    if who == "child":
        return join(
            # TRANSLATORS: to a child who wrote about being hurt: short, warm, informal "you".
            _("Thank you for telling me. What is happening is not your fault, and you are"
              " not alone."),
            join(_("You can call for free, any time. They listen to children and help:"),
                 lines, separator="\n"),
            _("If you are in danger right now, call {number}.", number=Verbatim(emergency))
            if emergency else None,
            _("A grown-up from our team will write to you here soon."),
        )
    if who == "crisis":
        return join(
            _("Thank you for telling us. You matter, and you do not have to carry this"
              " alone."),
            join(_("Please talk to someone now. These lines are there for exactly this:"),
                 lines, separator="\n"),
            _("If you or someone else is in danger right now, call {number}.",
              number=Verbatim(emergency)) if emergency else None,
            _("A person from our team will write to you here as soon as possible."),
        )
    return join(
        _("Thank you for telling us. You did the right thing."),
        _("If a child is in danger right now, call {number}.", number=Verbatim(emergency))
        if emergency else None,
        join(_("To report a worry about a child, or to get advice on what to do, call:"),
             lines,
             join(Verbatim("☎ "), profile.agency.name.text,
                  Verbatim(f": {profile.agency.phone}"), separator=""),
             separator="\n"),
        _("A person from our team will write to you here as soon as possible."),
    )
