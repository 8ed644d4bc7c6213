"""Builds the pieces every entry point shares: database, profile, catalogs and engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.config import Settings
from bot.engine import Clock, Engine, utc_now
from bot.i18n import Renderer, load_catalogs, translated_msgids
from bot.kit.clock import REAL, Ticker
from flows.catalog import Catalog, default_catalog
from flows.profile import Profile, load_profile
from flows.safeguarding.detector import default_detector
from storage.db import Database


@dataclass
class Runtime:
    settings: Settings
    db: Database
    profile: Profile
    renderer: Renderer
    engine: Engine
    # What pacing and the loops wait with (tests skip the waits).
    ticker: Ticker = REAL

    async def close(self) -> None:
        await self.db.close()


async def build_runtime(
    settings: Settings,
    *,
    db_path: str | Path | None = None,
    profile_path: str | Path | None = None,
    clock: Clock = utc_now,
    catalog: Catalog | None = None,
    ticker: Ticker = REAL,
) -> Runtime:
    """Raises ``flows.catalog.CatalogError`` when the flows are wired wrongly (a step
    nobody can reach, an untranslated message), before anything is opened."""
    flows = catalog or default_catalog()
    flows.validate(translated_msgids())
    profile = load_profile(profile_path or settings.agency_profile)
    db = await Database.open(db_path or settings.database_path)
    renderer = Renderer(load_catalogs(), fallback=profile.agency.default_locale)
    default_detector()  # the safeguarding word lists load now, not on the first message
    engine = Engine(
        db,
        profile,
        renderer,
        default_locale=settings.default_locale,
        idle=timedelta(hours=settings.session_idle_hours),
        clock=clock,
        catalog=flows,
    )
    return Runtime(settings, db, profile, renderer, engine, ticker)
