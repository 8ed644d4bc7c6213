"""The agency profile: everything an agency changes without a programmer, in one TOML file."""

from __future__ import annotations

import re
import tomllib
import types
from collections.abc import Iterator, Sequence
from datetime import date, time
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from flows.languages import LANGUAGE_CODES
from flows.text import Localized

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Mode = Literal["in_person", "phone", "video"]
_SPAN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$")
_ID = r"^[a-z0-9][a-z0-9_-]{0,31}$"
# The desk routes to these by what the person was doing.
REQUIRED_QUEUES = ("general", "enquiries", "bookings", "family_support")


class ProfileError(Exception):
    """The profile file is wrong; the message names the file, the field and the problem."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LText(RootModel[dict[str, str]]):
    """One value per language."""

    model_config = ConfigDict(frozen=True)

    @model_validator(mode="after")
    def _known_languages(self) -> LText:
        unknown = set(self.root) - set(LANGUAGE_CODES)
        if unknown:
            raise ValueError(f"unknown language code(s): {', '.join(sorted(unknown))}")
        empty = [code for code, value in self.root.items() if not value.strip()]
        if empty:
            raise ValueError(f"empty text for: {', '.join(empty)}")
        return self

    @property
    def text(self) -> Localized:
        return Localized(self.root)


def _check_span(span: str) -> tuple[time, time]:
    if not _SPAN.match(span):
        raise ValueError(f"{span!r} is not a span like 09:00-17:30")
    start_s, end_s = span.split("-")
    start = time.fromisoformat(start_s)
    end = time.max if end_s == "24:00" else time.fromisoformat(end_s)
    if end <= start:
        raise ValueError(f"{span!r} ends before it starts")
    return start, end


def _valid_span(span: str) -> str:
    _check_span(span)
    return span


# Checked one by one, so that a problem is named with its day and place (hours.mon.1).
Span = Annotated[str, AfterValidator(_valid_span)]


class Hours(RootModel[dict[Weekday, list[Span]]]):
    """Opening hours: ``mon = ["09:00-13:00", "14:00-18:00"]``; a missing day is closed."""

    model_config = ConfigDict(frozen=True)

    def spans(self, weekday: int) -> list[tuple[time, time]]:
        return [_check_span(s) for s in self.root.get(WEEKDAYS[weekday], [])]


def _check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None
    return name


class Agency(Strict):
    id: str = Field(pattern=_ID)
    name: LText
    country: Literal["GE", "UA", "LT", "PL"]
    languages: list[Literal["ka", "uk", "lt", "pl", "en", "ru"]] = list(LANGUAGE_CODES)  # type: ignore[arg-type]
    default_locale: Literal["ka", "uk", "lt", "pl", "en", "ru"]
    staff_locale: Literal["ka", "uk", "lt", "pl", "en", "ru"]
    # The first words a person reads after /start, in the agency's own voice.
    greeting: LText | None = None
    about: LText
    privacy: LText
    phone: str
    email: str
    website: str | None = None
    data_retention_days: int = Field(default=365, ge=1)
    # Closed tickets (with their notes and topic) and sent messages' records go sooner.
    closed_ticket_days: int = Field(default=180, ge=1)
    outbox_text_days: int = Field(default=30, ge=1)
    # Change it when the privacy text changes: people with a draft are asked again.
    consent_version: str | None = Field(default=None, max_length=40)


class Centre(Strict):
    id: str = Field(pattern=_ID)
    name: LText
    city: LText
    address: LText
    timezone: Annotated[str, AfterValidator(_check_timezone)]
    phone: str | None = None
    hours: Hours


# Buttons: a phone shows about 32 characters on a button (see BUTTON_BUDGET in the README's
# profile section), so an entry whose title or question is longer gives a short ``label``.


class CareForm(Strict):
    id: str = Field(pattern=_ID)
    title: LText
    label: LText | None = None
    summary: LText
    details: LText

    @property
    def button(self) -> Localized:
        return (self.label or self.title).text


class FaqEntry(Strict):
    id: str = Field(pattern=_ID)
    question: LText
    label: LText | None = None
    answer: LText

    @property
    def button(self) -> Localized:
        return (self.label or self.question).text


class AnswerChoice(Strict):
    id: str = Field(pattern=_ID)
    label: LText
    # When set, picking this answer is "something to talk through with staff".
    discuss: LText | None = None


class AskIf(Strict):
    question: str
    any_of: list[str]


class Question(Strict):
    id: str = Field(pattern=_ID)
    kind: Literal["choice", "multi", "text", "yes_no"]
    prompt: LText
    # A few words naming the answer on the summary and the staff card ("Town", "Age").
    summary: LText | None = None
    # For a yes/no question: "yes" is something to talk through with staff.
    discuss: LText | None = None
    optional: bool = True
    # Checked when left out too: a choice question without choices is named.
    choices: list[AnswerChoice] = Field(default=[], validate_default=True)
    max_length: int = Field(default=500, ge=1, le=2000)
    ask_if: AskIf | None = None

    @field_validator("discuss")
    @classmethod
    def _discuss_fits_kind(cls, value: LText | None, info: ValidationInfo) -> LText | None:
        kind = info.data.get("kind")
        if value is not None and kind is not None and kind != "yes_no":
            raise ValueError("only a yes_no question takes 'discuss'; choices carry their own")
        return value

    @field_validator("choices")
    @classmethod
    def _choices_fit_kind(
        cls, value: list[AnswerChoice], info: ValidationInfo
    ) -> list[AnswerChoice]:
        kind = info.data.get("kind")
        if kind in ("choice", "multi") and len(value) < 2:
            raise ValueError(f"a {kind} question needs at least two choices")
        if kind in ("text", "yes_no") and value:
            raise ValueError(f"a {kind} question takes no choices")
        return value


class Screening(Strict):
    draft_days: int = Field(default=30, ge=1)
    # One gentle reminder this many hours after an unfinished enquiry's last answer
    # (flows/enquiry/follow_up.py); 0: none.
    follow_up_hours: int = Field(default=48, ge=0)
    next_steps: LText
    questions: list[Question]


class Service(Strict):
    id: str = Field(pattern=_ID)
    title: LText
    label: LText | None = None
    description: LText
    modes: list[Mode]
    duration_minutes: int = Field(default=50, ge=10, le=240)

    @property
    def button(self) -> Localized:
        return (self.label or self.title).text


class Availability(Strict):
    weekday: Weekday
    hours: Span
    centre: str | None = None  # None: remote only (phone, video)


class Consultant(Strict):
    id: str = Field(pattern=_ID)
    # The name as the agency writes it (staff lists, exports).
    name: str
    # The name as a reader of each language writes it (Cyrillic for uk and ru readers);
    # ``name`` for a language not given.
    names: dict[str, str] = {}
    role: LText
    languages: list[Literal["ka", "uk", "lt", "pl", "en", "ru"]]
    services: list[str]
    availability: list[Availability]

    @model_validator(mode="after")
    def _name_languages(self) -> Consultant:
        unknown = set(self.names) - set(LANGUAGE_CODES)
        if unknown:
            raise ValueError(f"names: unknown language code(s): {', '.join(sorted(unknown))}")
        empty = [code for code, value in self.names.items() if not value.strip()]
        if empty:
            raise ValueError(f"names: empty name for: {', '.join(empty)}")
        return self

    @property
    def display_name(self) -> Localized:
        return Localized({code: self.names.get(code, self.name) for code in LANGUAGE_CODES})


class Booking(Strict):
    slot_minutes: int = Field(default=50, ge=10)
    buffer_minutes: int = Field(default=10, ge=0)
    horizon_days: int = Field(default=14, ge=1, le=90)
    min_notice_hours: int = Field(default=12, ge=0)
    cancel_notice_hours: int = Field(default=24, ge=0)
    reminder_hours: list[int] = [24, 2]
    child_consent_age: int | None = None
    holidays: list[date] = []


def _check_supergroup(chat_id: int | None) -> int | None:
    if chat_id is not None and not str(chat_id).startswith("-100"):
        raise ValueError(f"{chat_id} is not a supergroup's id: those start with -100")
    return chat_id


class Queue(Strict):
    id: str = Field(pattern=_ID)
    name: LText
    first_response_minutes: int = Field(ge=1)
    timezone: Annotated[str, AfterValidator(_check_timezone)]
    hours: Hours
    # Its own staff forum supergroup (a -100… id), to spread Telegram's 20 posts a minute
    # per group; None: the default group, STAFF_CHAT_ID.
    staff_chat_id: Annotated[int | None, AfterValidator(_check_supergroup)] = None


HotlineKind = Literal["emergency", "police", "children", "crisis", "violence", "other"]


class Hotline(Strict):
    number: str
    label: LText
    # Which answers show it first: "children" to a child, "crisis" for suicidal thoughts,
    # "emergency" is the number to call when someone is in danger right now.
    kind: HotlineKind = "other"


class Canned(Strict):
    id: str = Field(pattern=_ID)
    text: LText


class Profile(Strict):
    agency: Agency
    centres: list[Centre] = Field(min_length=1)
    care_forms: list[CareForm] = Field(min_length=1)
    faq: list[FaqEntry] = []
    screening: Screening
    services: list[Service] = Field(min_length=1)
    consultants: list[Consultant] = []
    booking: Booking = Booking()
    queues: list[Queue] = Field(min_length=1)
    hotlines: list[Hotline] = Field(min_length=1)
    canned: list[Canned] = []

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        problems = list(_cross_reference_problems(self))
        problems += [
            f"{path}: missing translation for {', '.join(missing)}"
            for path, missing in _missing_translations(self, self.agency.languages)
        ]
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def centre(self, centre_id: str) -> Centre | None:
        return next((c for c in self.centres if c.id == centre_id), None)

    def queue(self, queue_id: str) -> Queue | None:
        return next((q for q in self.queues if q.id == queue_id), None)


def _duplicates(ids: list[str]) -> set[str]:
    return {i for i in ids if ids.count(i) > 1}


def _cross_reference_problems(profile: Profile) -> Iterator[str]:
    for section in ("centres", "care_forms", "faq", "services", "consultants", "queues", "canned"):
        items: list[Any] = getattr(profile, section)
        for dup in sorted(_duplicates([item.id for item in items])):
            yield f"{section}: id {dup!r} is used more than once"
    questions = profile.screening.questions
    for dup in sorted(_duplicates([q.id for q in questions])):
        yield f"screening.questions: id {dup!r} is used more than once"
    for index, question in enumerate(questions):
        for dup in sorted(_duplicates([c.id for c in question.choices])):
            yield f"screening.questions.{index}.choices: id {dup!r} is used more than once"
        rule = question.ask_if
        if rule is None:
            continue
        earlier = {q.id: q for q in questions[:index]}
        target = earlier.get(rule.question)
        where = f"screening.questions.{index}.ask_if"
        if target is None:
            yield f"{where}: {rule.question!r} is not an earlier question"
            continue
        valid = {"yes", "no"} if target.kind == "yes_no" else {c.id for c in target.choices}
        for answer in rule.any_of:
            if answer not in valid:
                yield f"{where}: {answer!r} is not an answer of {rule.question!r}"
    centre_ids = {c.id for c in profile.centres}
    service_ids = {s.id for s in profile.services}
    for index, consultant in enumerate(profile.consultants):
        for service in consultant.services:
            if service not in service_ids:
                yield f"consultants.{index}.services: unknown service {service!r}"
        for slot_index, slot in enumerate(consultant.availability):
            if slot.centre is not None and slot.centre not in centre_ids:
                yield (
                    f"consultants.{index}.availability.{slot_index}.centre:"
                    f" unknown centre {slot.centre!r}"
                )
    missing_queues = set(REQUIRED_QUEUES) - {q.id for q in profile.queues}
    if missing_queues:
        yield f"queues: missing the queue(s) {', '.join(sorted(missing_queues))}"
    for code in (profile.agency.default_locale, profile.agency.staff_locale):
        if code not in profile.agency.languages:
            yield f"agency: {code!r} is not in agency.languages"


def _missing_translations(
    node: object, languages: Sequence[str], path: str = ""
) -> Iterator[tuple[str, list[str]]]:
    if isinstance(node, LText):
        missing = [code for code in languages if code not in node.root]
        if missing:
            yield path, missing
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            child_path = f"{path}.{name}" if path else name
            yield from _missing_translations(getattr(node, name), languages, child_path)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _missing_translations(item, languages, f"{path}.{index}")


def _raw_missing_translations(
    model: type[BaseModel], data: object, languages: Sequence[str], path: str = ""
) -> Iterator[tuple[str, list[str]]]:
    """Missing translations found in the file's data itself, so that they are named even
    when other mistakes stop the profile from being built."""
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        if name in data:
            child = f"{path}.{name}" if path else name
            yield from _raw_value(info.annotation, data[name], languages, child)


def _raw_value(
    annotation: Any, value: object, languages: Sequence[str], path: str
) -> Iterator[tuple[str, list[str]]]:
    origin = get_origin(annotation)
    if origin is Union or origin is types.UnionType:
        kinds = [a for a in get_args(annotation) if a is not type(None)]
        annotation, origin = kinds[0], get_origin(kinds[0])
    if annotation is LText:
        if isinstance(value, dict):
            missing = [code for code in languages if code not in value]
            if missing:
                yield path, missing
    elif origin is list:
        (item,) = get_args(annotation)
        if isinstance(value, list):
            for index, entry in enumerate(value):
                yield from _raw_value(item, entry, languages, f"{path}.{index}")
    elif isinstance(annotation, type) and issubclass(annotation, Strict):
        yield from _raw_missing_translations(annotation, value, languages, path)


def _raw_languages(data: dict[str, Any]) -> list[str]:
    agency = data.get("agency")
    found = agency.get("languages") if isinstance(agency, dict) else None
    if isinstance(found, list) and found and set(found) <= set(LANGUAGE_CODES):
        return [str(code) for code in found]
    return list(LANGUAGE_CODES)


BUILTIN_PROFILES = {
    "demo": "demo_ge.toml",
    "ua": "example_ua.toml",
    "lt": "example_lt.toml",
    "pl": "example_pl.toml",
}


def builtin_profile_path(name: str = "demo") -> Path:
    return Path(str(resources.files("flows") / "profiles" / BUILTIN_PROFILES[name]))


def load_profile(path: str | Path | None = None) -> Profile:
    """Load and validate a profile; the built-in demo when ``path`` is None."""
    source = Path(path) if path is not None else builtin_profile_path()
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise ProfileError(f"{source}: cannot read the file ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{source}: not valid TOML: {exc}") from None
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"])
            message = error["msg"].removeprefix("Value error, ")
            for line in message.splitlines():
                lines.append(f"{source}: {field}: {line}" if field else f"{source}: {line}")
        for where, missing in _raw_missing_translations(Profile, data, _raw_languages(data)):
            line = f"{source}: {where}: missing translation for {', '.join(missing)}"
            if line not in lines:
                lines.append(line)
        raise ProfileError("\n".join(lines)) from None
