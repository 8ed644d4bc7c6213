"""Every flow the bot has; importing this module registers them all."""

from flows import booking, enquiry, handoff, menu
from flows.privacy import about as privacy

__all__ = ["booking", "enquiry", "handoff", "menu", "privacy"]
