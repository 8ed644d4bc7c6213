"""Telegram: aiogram's Bot API client behind the channel seam (polling or a signed webhook
in, a rate-limited outbox transport out)."""
