"""Which version of the consent text is in force: the code's, plus the profile's own."""

from __future__ import annotations

from flows.profile import Profile

# Change this whenever the consent screen (flows/enquiry/questionnaire.py) says something
# new; an agency changes ``consent_version`` in its profile when its privacy text changes.
CONSENT_VERSION = "enquiry-2026-12"


def current_version(profile: Profile) -> str:
    extra = profile.agency.consent_version
    return f"{CONSENT_VERSION}+{extra}" if extra else CONSENT_VERSION
