"""The Viber channel: signed webhook, keyboards and asynchronous sending on the outbox."""

CHANNEL = "viber"
WEBHOOK_PATH = "/viber/webhook"
