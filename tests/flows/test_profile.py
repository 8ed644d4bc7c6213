"""Agency profiles: the four shipped ones load, and a broken one is refused by field name."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.profile import BUILTIN_PROFILES, ProfileError, builtin_profile_path, load_profile

DEMO = builtin_profile_path("demo").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", BUILTIN_PROFILES)
def test_every_shipped_profile_is_valid(name: str) -> None:
    profile = load_profile(builtin_profile_path(name))
    assert profile.centres and profile.care_forms and profile.hotlines
    assert {"general", "enquiries", "bookings", "family_support"} <= {q.id for q in profile.queues}


def test_the_demo_is_a_georgian_centre_with_the_real_hotlines() -> None:
    profile = load_profile()
    assert profile.agency.country == "GE"
    assert {c.id for c in profile.centres} >= {"tbilisi", "kutaisi", "telavi", "gori"}
    assert {"112", "111", "116 006"} <= {h.number for h in profile.hotlines}
    assert all(c.timezone == "Asia/Tbilisi" for c in profile.centres)
    assert set(profile.agency.languages) == {"ka", "uk", "lt", "pl", "en", "ru"}


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    assert old in DEMO, old
    path = tmp_path / "broken.toml"
    path.write_text(DEMO.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_missing_translation_is_named_with_its_field(tmp_path: Path) -> None:
    georgian_name = 'ka = "ოჯახის დახმარების ცენტრი"\n'
    with pytest.raises(ProfileError) as caught:
        load_profile(_broken(tmp_path, "[agency.name]\n" + georgian_name, "[agency.name]\n"))
    assert "broken.toml: agency.name: missing translation for ka" in str(caught.value)


def test_an_unknown_time_zone_is_named_with_its_full_path(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(_broken(tmp_path, 'timezone = "Asia/Tbilisi"', 'timezone = "Asia/Tbilis"'))
    assert str(caught.value) == (f"{tmp_path / 'broken.toml'}: centres.0.timezone: unknown"
                                 " time zone 'Asia/Tbilis'")


def test_every_problem_of_a_file_is_named_at_once_with_its_full_path(tmp_path: Path) -> None:
    text = DEMO
    edits = [
        ('country = "GE"', 'country = "FR"'),
        ('timezone = "Asia/Tbilisi"', 'timezone = "Asia/Tbilis"'),
        ('mon = ["10:00-18:00"]', 'mon = ["10:00-18:00", "19:00-18:00"]'),
        ('[agency.name]\nka = "ოჯახის დახმარების ცენტრი"\n', "[agency.name]\n"),
        ('hours = "10:00-14:00"', 'hours = "10-14"'),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "many.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    lines = str(caught.value).splitlines()
    problems = [line.removeprefix(f"{path}: ") for line in lines]
    assert all(line.startswith(f"{path}: ") for line in lines)
    assert problems[0].startswith("agency.country: Input should be 'GE', 'UA', 'LT' or 'PL'")
    assert "centres.0.timezone: unknown time zone 'Asia/Tbilis'" in problems
    assert "centres.0.hours.mon.1: '19:00-18:00' ends before it starts" in problems
    assert any(p.startswith("consultants.") and ".hours: '10-14' is not a span like"
               in p for p in problems), problems
    # A missing translation is named alongside the other mistakes, not after they are fixed.
    assert "agency.name: missing translation for ka" in problems
    assert len(problems) == 5


def test_consultant_hours_outside_the_centres_opening_hours_are_a_warning(
    tmp_path: Path,
) -> None:
    from flows.profile_check import profile_warnings

    assert profile_warnings(load_profile()) == []
    profile = load_profile(_broken(tmp_path, 'hours = { mon = ["10:00-18:00"]',
                                   'hours = { mon = ["12:00-16:00"]'))
    tbilisi = [(i, j, slot) for i, c in enumerate(profile.consultants)
               for j, slot in enumerate(c.availability)
               if slot.centre == "tbilisi" and slot.weekday == "mon"]
    assert tbilisi, "the demo has Monday hours in Tbilisi"
    warnings = profile_warnings(profile)
    i, j, slot = tbilisi[0]
    who = profile.consultants[i].id
    assert (f"consultants.{i}.availability.{j}: {who}'s hours at tbilisi on mon"
            f" ({slot.hours}) fall outside the centre's opening hours (12:00-16:00)"
            in warnings), warnings


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[agency\nname = 1", encoding="utf-8")
    with pytest.raises(ProfileError, match=r"bad\.toml: not valid TOML"):
        load_profile(path)


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read the file"):
        load_profile(tmp_path / "nope.toml")


def test_a_rule_must_refer_to_an_earlier_answer(tmp_path: Path) -> None:
    from flows.profile import Profile

    profile = load_profile()
    data = profile.model_dump(mode="json")
    questions = data["screening"]["questions"]
    questions[1]["ask_if"] = {"question": "no_such_question", "any_of": ["yes"]}
    with pytest.raises(ValueError, match=r"screening\.questions\.1\.ask_if: 'no_such_question'"):
        Profile.model_validate(data)
    questions[1]["ask_if"] = {"question": questions[0]["id"], "any_of": ["not_an_answer"]}
    with pytest.raises(ValueError, match="'not_an_answer' is not an answer of"):
        Profile.model_validate(data)


def test_duplicate_ids_and_unknown_references_are_refused() -> None:
    from flows.profile import Profile

    data = load_profile().model_dump(mode="json")
    data["care_forms"].append(data["care_forms"][0])
    data["consultants"][0]["services"].append("astrology")
    data["queues"] = [q for q in data["queues"] if q["id"] != "bookings"]
    with pytest.raises(ValueError) as caught:
        Profile.model_validate(data)
    message = str(caught.value)
    assert "care_forms: id" in message and "is used more than once" in message
    assert "consultants.0.services: unknown service 'astrology'" in message
    assert "queues: missing the queue(s) bookings" in message


def test_a_consultants_names_use_known_languages(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(_broken(tmp_path, 'names = { ka = "ნინო ბერიძე",', 'names = { de = "Nino",'))
    assert "consultants.0: Value error" not in str(caught.value)
    assert "names: unknown language code(s): de" in str(caught.value)


def test_an_empty_button_label_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as caught:
        load_profile(_broken(tmp_path, 'label = { ka = "ვის შეუძლია მინდობით აღზრდა?"',
                             'label = { ka = " "'))
    assert "faq.0.label: empty text for: ka" in str(caught.value)


def test_a_queue_may_have_its_own_staff_group_and_it_must_be_a_supergroup(
    tmp_path: Path,
) -> None:
    queue = '[[queues]]\nid = "enquiries"\n'
    own = load_profile(_broken(tmp_path, queue, queue + "staff_chat_id = -1002222222222\n"))
    enquiries, general = own.queue("enquiries"), own.queue("general")
    assert enquiries is not None and enquiries.staff_chat_id == -1002222222222
    assert general is not None and general.staff_chat_id is None  # STAFF_CHAT_ID
    with pytest.raises(ProfileError) as caught:
        load_profile(_broken(tmp_path, queue, queue + "staff_chat_id = 5550001\n"))
    assert "queues.1.staff_chat_id" in str(caught.value)
    assert "5550001 is not a supergroup's id" in str(caught.value)
