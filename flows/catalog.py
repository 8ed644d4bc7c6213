"""Every flow the bot has; importing this module registers them all."""

from flows import enquiry, handoff, menu

__all__ = ["enquiry", "handoff", "menu"]
