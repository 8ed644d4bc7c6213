"""The person's rights over their data: a copy, withdrawing consent, complete erasure.

``flows.privacy.about.router()`` is the flow (the screens, ``/forget`` and the ``erase``
system event); this package itself imports nothing, so that the enquiry flow can read
``flows.privacy.consent`` without a cycle.
"""
