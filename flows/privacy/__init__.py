"""The person's rights over their data: a copy, withdrawing consent, complete erasure.

``flows.catalog`` imports ``flows.privacy.about``, which registers the screens, ``/forget``
and the ``erase`` system event; this package itself imports nothing, so that the enquiry
flow can read ``flows.privacy.consent`` without a cycle.
"""
