"""Configuration from the environment, with a clear message for each bad value."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, Settings, load_settings

VARIABLES = [
    "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE", "VIBER_AUTH_TOKEN", "VIBER_API_BASE",
    "VIBER_BOT_NAME", "VIBER_AVATAR_URL", "WEBHOOK_BASE_URL", "WEBHOOK_SECRET", "HTTP_HOST",
    "HTTP_PORT", "STAFF_CHAT_ID", "DATABASE_URL", "AGENCY_PROFILE", "DEFAULT_LOCALE",
    "LOG_LEVEL", "LOG_FORMAT",
]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # type: ignore[arg-type]  # no stray .env


def test_defaults_match_the_design_table() -> None:
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.telegram_api_base == "https://api.telegram.org"
    assert settings.viber_api_base == "https://chatapi.viber.com/pa"
    assert (settings.http_host, settings.http_port) == ("127.0.0.1", 8080)
    assert settings.database_url == "sqlite:///carebot.db"
    assert settings.database_path == "carebot.db"
    assert settings.agency_profile is None
    assert settings.default_locale == "en"
    assert (settings.log_level, settings.log_format) == ("INFO", "text")


def test_values_come_from_the_environment_and_a_dotenv_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("DEFAULT_LOCALE", "uk")
    with open(".env", "w") as env_file:
        env_file.write("STAFF_CHAT_ID=-1001234567890\nLOG_LEVEL=debug\n")
    settings = load_settings()
    assert settings.default_locale == "uk"
    assert settings.staff_chat_id == -1001234567890
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("HTTP_PORT", "eighty", "HTTP_PORT"),
        ("HTTP_PORT", "70000", "HTTP_PORT"),
        ("DEFAULT_LOCALE", "de", "DEFAULT_LOCALE: must be one of ka, uk, lt, pl, en, ru"),
        ("DATABASE_URL", "postgres://x", "DATABASE_URL: must look like sqlite:///"),
        ("LOG_FORMAT", "xml", "LOG_FORMAT"),
        ("TELEGRAM_API_BASE", "api.telegram.org", "TELEGRAM_API_BASE: must start with http"),
        ("WEBHOOK_SECRET", "has spaces", "WEBHOOK_SECRET: must be 1-256 characters"),
    ],
)
def test_a_bad_value_is_refused_with_its_name(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, complaint: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match="Bad configuration") as caught:
        load_settings()
    assert complaint in str(caught.value)


def test_a_webhook_needs_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEBHOOK_BASE_URL", "https://bot.example.org")
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET is required"):
        load_settings()
    monkeypatch.setenv("WEBHOOK_SECRET", "s3cret_value")
    assert load_settings().webhook_secret == "s3cret_value"


def test_blank_values_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "  ")
    monkeypatch.setenv("STAFF_CHAT_ID", "")
    settings = load_settings()
    assert settings.telegram_bot_token is None and settings.staff_chat_id is None


def test_env_example_names_every_setting_and_the_license_is_there() -> None:
    root = Path(__file__).resolve().parents[2]
    example = (root / ".env.example").read_text(encoding="utf-8")
    named = {line.lstrip("# ").split("=", 1)[0] for line in example.splitlines()
             if "=" in line and line.lstrip("# ").split("=", 1)[0].isupper()}
    expected = {name.upper() for name in Settings.model_fields} | {"CONSOLE_ENABLED"}
    assert expected <= named, f"missing from .env.example: {sorted(expected - named)}"
    assert (root / "LICENSE").read_text(encoding="utf-8").startswith(
        "MIT License\n\nCopyright (c) 2026 carebot developers\n")
