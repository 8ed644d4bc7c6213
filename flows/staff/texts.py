"""What the staff desk says to staff, in the agency's staff language (``staff_locale``).

Written with ``flows.text._`` so that ``pybabel extract`` finds them, and rendered with the
runtime's renderer. People never see these: they are the staff group's own words.
"""

from __future__ import annotations

from flows.text import Msg, _

# TRANSLATORS: staff only: a button on a ticket's card in the staff group.
CLAIM = _("Claim")
# TRANSLATORS: staff only: a button on a ticket's card in the staff group.
CLOSE = _("Close")
# TRANSLATORS: staff only: a button on a ticket's card in the staff group.
URGENT = _("Urgent")
# TRANSLATORS: staff only: a button on a safeguarding card: the alert was not real.
FALSE_ALARM = _("False alarm")

# TRANSLATORS: staff only: in a ticket's topic, after the person ended the conversation.
CLOSED_BY_PERSON = _("🔒 The person ended the conversation.")
# TRANSLATORS: staff only: in a ticket's topic.
PERSON_BLOCKED = _("🚫 This person has blocked the bot or unsubscribed: replies will not"
                   " reach them.")
# TRANSLATORS: staff only: the person shared a location the bot could not read.
LOCATION_UNKNOWN = _("📍 The person shared a location.")
# TRANSLATORS: staff only: someone who is not registered pressed a button.
NOT_STAFF_SHORT = _("Only registered staff can do this.")
# TRANSLATORS: staff only: a short pop-up after pressing Close, Urgent or False alarm.
DONE = _("Done.")
# TRANSLATORS: staff only: a short pop-up after pressing a button of an unknown ticket.
NO_TICKET = _("This ticket no longer exists.")
# TRANSLATORS: staff only: a reply was written in a closed ticket's topic.
CLOSED_NOT_SENT = _("This conversation is closed, so nothing was sent. Use /reopen to write"
                    " to the person again.")
# TRANSLATORS: staff only: the person asked for their data to be erased.
ERASED_NOT_SENT = _("Nothing was sent: this person's data has been erased.")
# TRANSLATORS: staff only: the person blocked the bot or unsubscribed.
BLOCKED_NOT_SENT = _("Nothing was sent: this person has blocked the bot or unsubscribed.")
# TRANSLATORS: staff only: a picture or file cannot reach a Viber user from this server.
NO_MEDIA_FOR_VIBER = _("Files cannot reach people on Viber from this server (WEBHOOK_BASE_URL"
                       " is not set), so this one was not sent. Please write it as text.")
# TRANSLATORS: staff only: a kind of message Viber cannot show.
UNSUPPORTED_FOR_VIBER = _("This kind of message cannot be sent to people on Viber, so it was"
                          " not sent.")
# TRANSLATORS: staff only: a file could not be fetched from Telegram.
MEDIA_FAILED = _("This file could not be fetched from Telegram (too large?), so it was not"
                 " sent.")
# TRANSLATORS: staff only: /t when the profile has none.
CANNED_NONE = _("The agency profile has no canned replies.")
# TRANSLATORS: staff only: /note without text.
NOTE_EMPTY = _("Write the note after /note, or start a message with //.")
# TRANSLATORS: staff only: a ticket command used outside a ticket's topic.
IN_TOPIC_ONLY = _("Use this command inside a ticket's topic.")
# TRANSLATORS: staff only: /close on a closed ticket.
ALREADY_CLOSED = _("This ticket is already closed.")
# TRANSLATORS: staff only: /reopen on an open ticket.
ALREADY_OPEN = _("This ticket is already open.")
# TRANSLATORS: staff only: an unknown command in the staff group.
UNKNOWN_COMMAND = _("Unknown command. Send /help for the list.")
# TRANSLATORS: staff only: /help in the staff group. Keep the commands as they are.
HELP = _(
    "In a ticket's topic, whatever you write goes to the person, on their own messenger.\n"
    "//text or /note text: an internal note, never sent\n"
    "/t NAME: send a canned reply in the person's language\n"
    "/close [resolution]: close the conversation (the person is asked to rate it)\n"
    "/reopen: open it again\n"
    "Anywhere: /queue lists open tickets, /mine lists yours."
)
# TRANSLATORS: staff only: /link outside a booking's topic.
LINK_NOT_BOOKING = _("Use /link inside the topic of a booked consultation.")
# TRANSLATORS: staff only: /link with something that is not a https address.
LINK_INVALID = _("Please give one https address, for example: /link https://meet.example.org/abc")
# TRANSLATORS: staff only: /link for a cancelled or moved booking.
LINK_NOT_BOOKED = _("This consultation is no longer booked, so the link was not sent.")
# TRANSLATORS: staff only: a line added to /help in the staff group. Keep /link as it is.
LINK_HELP = _("/link URL: in a booking's topic, send the person the video link with the"
              " booking's details")
# TRANSLATORS: staff only: a line added to /help in the staff group. Keep /erase as it is.
ERASE_HELP = _("/erase: in a ticket's topic, erase everything about the person (supervisors;"
               " asks to confirm)")
# TRANSLATORS: staff only: the heading of /queue.
QUEUE_HEADING = _("Open tickets")
# TRANSLATORS: staff only: the heading of /mine.
MINE_HEADING = _("Your open tickets")
# TRANSLATORS: staff only: /queue when nothing is open.
QUEUE_EMPTY = _("No open tickets.")
# TRANSLATORS: staff only: /mine when the caller has none.
MINE_EMPTY = _("You have no open tickets.")
# TRANSLATORS: staff only: nobody has claimed the ticket yet (in /queue).
NOBODY = _("nobody yet")


def already_closed_by(name: str) -> Msg:
    # TRANSLATORS: staff only: in a ticket's topic, when two people close it at once.
    return _("This ticket is already closed: {name} closed it.", name=name)


def already_false_alarm(name: str) -> Msg:
    # TRANSLATORS: staff only: in a ticket's topic, when two people press False alarm.
    return _("{name} has already marked this alert as a false alarm.", name=name)


def closed_by_staff(name: str) -> Msg:
    # TRANSLATORS: staff only: in a ticket's topic.
    return _("🔒 {name} closed the conversation.", name=name)


def resolution(text: str) -> Msg:
    # TRANSLATORS: staff only: in a ticket's topic, under the closing note.
    return _("Resolution: {resolution}", resolution=text)


def reopened(name: str) -> Msg:
    # TRANSLATORS: staff only: in a ticket's topic.
    return _("🔓 {name} reopened the conversation.", name=name)


def alert(ticket: int, category: str) -> Msg:
    # TRANSLATORS: staff only: in the General topic; {category} is e.g. "physical".
    return _("🚨 URGENT: ticket #{ticket}, possible safeguarding concern ({category}).",
             ticket=ticket, category=category)


def marked_urgent(ticket: int, name: str) -> Msg:
    # TRANSLATORS: staff only: in the General topic, after a staff member pressed Urgent.
    return _("🚨 URGENT: {name} marked ticket #{ticket} as urgent.", ticket=ticket, name=name)


def sla(ticket: int, queue: str, minutes: int) -> Msg:
    # TRANSLATORS: staff only: in the General topic, once per late ticket.
    return _("⏰ Ticket #{ticket} ({queue}) has waited more than {minutes} minutes without"
             " an answer.", ticket=ticket, queue=queue, minutes=minutes)


def open_topic(link: str) -> Msg:
    # TRANSLATORS: staff only: a link under an announcement in the General topic.
    return _("Open the topic: {link}", link=link)


def location(where: str) -> Msg:
    # TRANSLATORS: staff only: the person shared a location; {where} is "latitude,longitude".
    return _("📍 Location: {where}", where=where)


def cannot_show(kind: str) -> Msg:
    # TRANSLATORS: staff only: the person sent something the desk cannot show.
    return _("📎 The person sent something that cannot be shown here ({kind}).", kind=kind)


def media_link(kind: str, link: str) -> Msg:
    # TRANSLATORS: staff only: the person's file could not be copied here; {link} is where it is.
    return _("📎 The person sent a {kind}: {link}", kind=kind, link=link)


def not_staff(user_id: int) -> Msg:
    # TRANSLATORS: staff only: answer to a command from someone who is not registered.
    return _("Only registered staff can do this. A supervisor can register you with:"
             " carebot staff add {user_id} --name NAME", user_id=str(user_id))


def claimed(name: str) -> Msg:
    # TRANSLATORS: staff only: in a ticket's topic, after the Claim button.
    return _("🙋 {name} took this conversation.", name=name)


def you_claimed(ticket: int) -> Msg:
    # TRANSLATORS: staff only: a short pop-up after pressing Claim.
    return _("You took ticket #{ticket}.", ticket=ticket)


def already_yours(ticket: int) -> Msg:
    # TRANSLATORS: staff only: a short pop-up after pressing Claim.
    return _("Ticket #{ticket} is already yours.", ticket=ticket)


def taken_by(ticket: int, name: str) -> Msg:
    # TRANSLATORS: staff only: a short pop-up after pressing Claim.
    return _("Ticket #{ticket} is already taken by {name}.", ticket=ticket, name=name)


def false_alarm(name: str) -> Msg:
    # TRANSLATORS: staff only: in a ticket's topic.
    return _("✅ {name} marked this alert as a false alarm.", name=name)


def canned_sent(name: str, text: str) -> Msg:
    # TRANSLATORS: staff only: after /t NAME, what the person received.
    return _("📤 Sent ({name}):\n{text}", name=name, text=text)


def canned_unknown(name: str, names: str) -> Msg:
    # TRANSLATORS: staff only: /t with an unknown name; {names} lists the known ones.
    return _("No canned reply called “{name}”. Canned replies: {names}", name=name,
             names=names)


def link_sent(reference: str) -> Msg:
    # TRANSLATORS: staff only: after /link, the person received the link.
    return _("📤 The link was sent to the person, with the details of {reference}.",
             reference=reference)


def queue_line(queue: str, count: int) -> Msg:
    # TRANSLATORS: staff only: one queue's heading in /queue.
    return _("{queue} ({count})", queue=queue, count=count)


def ticket_line(ticket: int, waiting: str, assignee: str) -> Msg:
    # TRANSLATORS: staff only: one ticket in /queue or /mine: number, waiting time, assignee.
    return _("#{ticket} · waiting {waiting} · {assignee}", ticket=ticket, waiting=waiting,
             assignee=assignee)
