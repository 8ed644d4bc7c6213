"""Every flow the bot has; importing this module registers them all."""

from flows import booking, enquiry, handoff, menu

__all__ = ["booking", "enquiry", "handoff", "menu"]
