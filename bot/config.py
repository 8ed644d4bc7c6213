"""Runtime configuration: environment variables and `.env`, validated once at start."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from flows.languages import LANGUAGE_CODES


class ConfigError(Exception):
    """A configuration value is wrong; the message says which and why."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    telegram_bot_token: str | None = None
    telegram_api_base: str = "https://api.telegram.org"
    viber_auth_token: str | None = None
    viber_api_base: str = "https://chatapi.viber.com/pa"
    viber_bot_name: str | None = None
    viber_avatar_url: str | None = None
    webhook_base_url: str | None = None
    webhook_secret: str | None = None
    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8080, ge=1, le=65535)
    staff_chat_id: int | None = None
    database_url: str = "sqlite:///carebot.db"
    agency_profile: Path | None = None
    default_locale: str = "en"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["text", "json"] = "text"
    # Not in the DESIGN table on purpose: an operator rarely needs it, tests do.
    session_idle_hours: float = Field(default=72.0, gt=0)
    # The coordinators' web console (bot/webconsole): on with CONSOLE_ENABLED=1, and by
    # default when WEBHOOK_BASE_URL is set (the app is then behind https); CONSOLE_ENABLED=0
    # keeps it off even then. Its sessions end after this long without a request.
    console_enabled: bool | None = None
    console_idle_minutes: float = Field(default=30.0, gt=0)

    @field_validator(
        "telegram_bot_token",
        "viber_auth_token",
        "webhook_base_url",
        "webhook_secret",
        "viber_bot_name",
        "viber_avatar_url",
        "staff_chat_id",
        "agency_profile",
        "console_enabled",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in LANGUAGE_CODES:
            raise ValueError(f"must be one of {', '.join(LANGUAGE_CODES)}")
        return value

    @field_validator("database_url")
    @classmethod
    def _sqlite_url(cls, value: str) -> str:
        if re.match(r"postgres(ql)?://[^/]+/[^/?]+", value):
            return value  # storage/pg_database.py
        if not value.startswith("sqlite:///") or len(value) <= len("sqlite:///"):
            raise ValueError("must look like sqlite:///path/to/file.db or"
                             " postgresql://user:password@host/database")
        return value

    @field_validator("telegram_api_base", "viber_api_base", "webhook_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else value

    @field_validator("webhook_secret")
    @classmethod
    def _telegram_secret_alphabet(cls, value: str | None) -> str | None:
        # Telegram accepts 1-256 characters of A-Z, a-z, 0-9, _ and - only.
        if value is not None:
            allowed = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
            if not 1 <= len(value) <= 256 or not set(value) <= allowed:
                raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_base_url and not self.webhook_secret:
            raise ValueError("WEBHOOK_SECRET is required when WEBHOOK_BASE_URL is set")
        if self.webhook_base_url and not self.webhook_base_url.startswith("https://"):
            raise ValueError("WEBHOOK_BASE_URL must be a public https:// URL")
        return self

    @property
    def console_on(self) -> bool:
        return self.console_enabled if self.console_enabled is not None \
            else self.webhook_base_url is not None

    @property
    def public_url(self) -> str:
        """Where people reach this app: WEBHOOK_BASE_URL, or the listening address."""
        return self.webhook_base_url or f"http://{self.http_host}:{self.http_port}"

    @property
    def database_path(self) -> str:
        return self.database_url.removeprefix("sqlite:///")


def load_settings(**overrides: object) -> Settings:
    """Read the environment, turning pydantic's report into one readable message."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]).upper()
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{field}: {message}" if field else message)
        raise ConfigError("Bad configuration: " + "; ".join(problems)) from None
