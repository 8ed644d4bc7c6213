"""Every flow the bot has; importing this module registers them all."""

from flows import enquiry, menu

__all__ = ["enquiry", "menu"]
