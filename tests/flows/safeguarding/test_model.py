"""The second signal: a small model that reads crisis written in ordinary words, loaded once
from the repository, the same answer every time, and linear in what it reads."""

from __future__ import annotations

import json
import random
from importlib import resources

import pytest

from flows.safeguarding import Category, detect
from flows.safeguarding.detector import Detector, default_detector
from flows.safeguarding.model import Model, default_model, forget
from flows.safeguarding.normalise import MAX_CHARS, words

# Written for these tests, in none of the training files; the rules alone miss them all.
IN_ORDINARY_WORDS = {
    "en": "ate the rest of mums sleeping tablets earlier just to feel nothing",
    "pl": "chłopak mamy w nocy przychodzi do mnie pod kołdrę",
}


def _rules_alone() -> Detector:
    rules = default_detector()
    return Detector(rules.lexicons, rules.rules)


def test_the_shipped_model_loads_with_every_category_and_a_threshold() -> None:
    model = default_model()
    assert model is not None
    assert model.columns[0] == "alarm"
    assert sorted(model.columns[1:]) == sorted(c.value for c in Category)
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 1000


def test_the_model_file_is_data_a_person_can_read() -> None:
    text = (resources.files("flows.safeguarding") / "data" / "model.json").read_text("utf-8")
    data = json.loads(text)
    assert data["about"].startswith("flows/safeguarding/model.py")
    # the weight of a word's piece, per class, in thousandths
    assert all(len(w) == len(data["columns"]) for w in data["weights"].values())
    assert all(isinstance(x, int) for w in list(data["weights"].values())[:100] for x in w)


def test_loading_twice_and_asking_twice_give_the_same_answer() -> None:
    text = (resources.files("flows.safeguarding") / "data" / "model.json").read_text("utf-8")
    first, second = (Model.from_json(json.loads(text)) for _ in range(2))
    message = words("my husband says hell drown the baby in the bath")
    assert first.judge(message) == second.judge(message) == first.judge(message)


@pytest.mark.parametrize("lang", list(IN_ORDINARY_WORDS))
def test_crisis_in_ordinary_words_alarms_with_the_model_where_the_rules_miss(
    lang: str,
) -> None:
    text = IN_ORDINARY_WORDS[lang]
    assert _rules_alone().detect(text) is None
    assert detect(text) is not None


@pytest.mark.parametrize("text", [
    "I could kill for a coffee after the training",
    "our foster son loves fighting games",
    "a film about child abuse made us want to foster",
    "the training on safer sleep for babies was really useful",
    "Is there a danger my application is turned down?",
])
def test_near_misses_stay_quiet_with_both_signals(text: str) -> None:
    assert detect(text) is None


class _Counting(dict[str, float]):
    """The weights, counting every look-up: the model's work."""

    looked_up = 0

    def get(self, key: str, default: float = 0.0) -> float:  # type: ignore[override]
        type(self).looked_up += 1
        return super().get(key, default)


def _work(model: Model, text: str) -> int:
    forget()
    _Counting.looked_up = 0
    model.judge(words(text))
    return _Counting.looked_up


def _random_words(alphabet: str, seed: int) -> str:
    rng = random.Random(seed)
    text = ""
    while len(text) < MAX_CHARS:
        text += "".join(rng.choice(alphabet) for _ in range(rng.randint(2, 12))) + " "
    return text[:MAX_CHARS]


ALPHABETS = ("abcdefghijklmnopqrstuvwxyz", "абвгдежзиклмнопрстуфхцчшыэюяіїє",
             "აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ")
LONGEST = [
    *((unit * MAX_CHARS)[:MAX_CHARS] for unit in (
        "a", "б", "მ", "aб", "menya b'et otchim ", "შენ ", "ąčęėįšųūž ", "x y ", "kill me ",
        "я не хочу жити, ", "🙂 ")),
    *(_random_words(alphabet, seed) for seed, alphabet in enumerate(ALPHABETS)),
]


@pytest.mark.parametrize("text", LONGEST)
def test_the_longest_message_costs_in_proportion_to_its_length(text: str) -> None:
    shipped = default_model()
    assert shipped is not None
    counting = Model(shipped.columns, shipped.bias, shipped.weights, shipped.threshold)
    counting.alarm = _Counting(counting.alarm)
    half, full = _work(counting, text[: MAX_CHARS // 2]), _work(counting, text)
    # a repeated word costs once; new words their n-grams (at most 4 a letter) and pairs
    assert full <= 2 * half + 200
    assert full <= 16 * MAX_CHARS
    forget()


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_gibberish_at_the_limit_in_every_script_is_no_concern_to_the_model(
    alphabet: str,
) -> None:
    # (the rules' one-slip matching may still find a word in it: that is their business)
    model = default_model()
    assert model is not None
    judged = model.judge(words(_random_words(alphabet, 4096)))
    assert judged is not None
    assert judged.crisis < model.threshold


@pytest.mark.parametrize("text", ["не " * 1365, ", мама" * 585, "hello", "hello again", "help me"])
def test_one_word_however_often_is_too_little_for_the_model(text: str) -> None:
    model = default_model()
    assert model is not None
    assert model.judge(words(text)) is None
