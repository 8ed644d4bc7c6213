"""The staff desk's forum plumbing: tickets as topics in the staff groups.

``service.StaffDesk`` plugs it into ``carebot run`` when ``TELEGRAM_BOT_TOKEN`` and
``STAFF_CHAT_ID`` are set: ``handler`` reads staff messages and buttons into staff events
for the engine (the rules are ``flows.staff``), ``transport`` shows desk effects in the
group, ``relay`` draws staff replies on each person's messenger when they are sent,
``sla`` announces tickets that wait too long, and ``media`` serves staff files to people
on Viber.
"""
