"""The staff desk: tickets as forum topics in the staff group, and the relay both ways.

``service.StaffDesk`` plugs it into ``carebot run`` when ``TELEGRAM_BOT_TOKEN`` and
``STAFF_CHAT_ID`` are set: ``transport`` posts desk jobs into the group, ``handler``
takes staff messages and buttons, ``sla`` announces tickets that wait too long, and
``media`` serves staff files to people on Viber.
"""
