"""What the phrase lists used to miss, by kind: neglect told as facts, means collected or
hidden, threats passed on ("he said he would..."), a child slammed into a wall or a story
that does not fit the bruises, a stranger at the school gate, "I've decided"; and how phones
type it (a smiley after a joke, "povesitsa", "takin", Polish words in Russian transliteration).
Each sentence here is not in the development set."""

from __future__ import annotations

import pytest

from flows.safeguarding import Category, detect


def _alarm(text: str) -> tuple[Category, str] | None:
    alert = detect(text)
    return None if alert is None else (alert.category, alert.language)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("dad has been asleep on the floor since lunch and the baby keeps crying", "en"),
        ("мама весь день спит, а малые плачут и просят есть", "ru"),
        ("тато весь день спить, світла нема, малі плачуть", "uk"),
        ("mama visą dieną miega, o mažieji verkia", "lt"),
        ("od rana nie mogę obudzić mamy, a młodszy brat płacze", "pl"),
        ("დედას მთელი დღე სძინავს და პატარები ტირიან", "ka"),
        ("the toddler from flat 4 is out on the stairs barefoot in the snow again", "en"),
        ("соседский малыш босиком на улице в мороз, родителей нигде нет", "ru"),
        ("maluch sąsiadów chodzi w samej pieluszce po klatce, a jest zimno", "pl"),
        ("kaimynų mažylis basas lauke žiemą ir niekas jo nešaukia namo", "lt"),
        ("the kids two doors down keep asking us for food, nobody answers their door", "en"),
        ("они оставили детей в машине на жаре и ушли в магазин", "ru"),
    ],
)
def test_neglect_told_as_facts_alarms(text: str, lang: str) -> None:
    assert _alarm(text) == (Category.NEGLECT, lang)


@pytest.mark.parametrize(
    "text",
    [
        "my husband works nights so he sleeps all day, the kids are at school",
        "the baby cried all night, she is teething",
        "the power was off for a day after the storm, all fine now",
        "діти плакали, бо світло вимкнули на годину, зараз усе добре",
        "mój synek lubi biegać boso po trawie latem",
        "ბავშვები ზაფხულში ფეხშიშვლები თამაშობენ ბაღში",
    ],
)
def test_tired_carers_teething_storms_and_summer_feet_do_not_alarm(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "category", "lang"),
    [
        ("shes been hiding her mums sleeping tablets in a shoebox", Category.SUICIDE, "en"),
        ("sobirayu mamины tabletki, uzhe mnogo nabralos", Category.SUICIDE, "ru"),
        ("zbyrayu tabletky, vzhe bahato nazbyralos", Category.SUICIDE, "uk"),
        ("dumayu kak povesitsa", Category.SUICIDE, "ru"),
        ("i keep thinkin about takin all my pills at once", Category.SUICIDE, "en"),
        ("каждый вечер думаю как бы все закончить", Category.SUICIDE, "ru"),
        ("codziennie myślę, jak to wszystko skończyć", Category.SUICIDE, "pl"),
        ("jau nusprendžiau, šiandien viską baigsiu", Category.SUICIDE, "lt"),
        ("gadavwyvite, dges vamtavreb yvelafers", Category.SUICIDE, "ka"),
        ("pjaustau rankas kad niekas nematytų", Category.SELF_HARM, "lt"),
        ("tnę uda żeby nikt nie widział", Category.SELF_HARM, "pl"),
    ],
)
def test_means_collected_hidden_or_decided_alarm(
    text: str, category: Category, lang: str
) -> None:
    assert _alarm(text) == (category, lang)


@pytest.mark.parametrize(
    "text",
    [
        "сын спрятал верёвку от качелей, чтобы сестра не брала",
        "my son hid the rope from his climbing kit",
        "finish it tonight if you can, the report is due tomorrow",
    ],
)
def test_a_swing_rope_or_a_report_to_finish_do_not_alarm(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("my ex told me he'd set the flat on fire with the kids inside", "en"),
        ("były mąż grozi, że porwie dzieci i już ich nie zobaczę", "pl"),
        ("він сказав, що як я комусь скажу, мене заберуть в інтернат", "uk"),
        ("jis sakė: jei pasakysi, atiduos tave į vaikų namus, tai mūsų paslaptis", "lt"),
        ("a man in a van waits for me outside school and keeps asking me to get in", "en"),
        ("jakiś facet czeka na mnie pod szkołą i każe wsiadać do auta", "pl"),
        ("какой-то мужик на машине караулит меня после школы и зовет покататься", "ru"),
    ],
)
def test_threats_passed_on_and_a_stranger_at_the_school_gate_alarm(text: str, lang: str) -> None:
    assert _alarm(text) == (Category.THREAT, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("вітчим вдарив мене головою об стіну", "uk"),
        ("tata uderzył mnie głową o drzwi", "pl"),
        ("our foster son came back from contact with a split lip, says he fell off a bike",
         "en"),
        ("globotinė grįžo su mėlynėmis ant kojų, sako parkrito", "lt"),
        ("онука приїхала від батька в синцях, каже що впала", "uk"),
    ],
)
def test_slammed_into_a_wall_or_bruises_with_a_story_alarm(text: str, lang: str) -> None:
    assert _alarm(text) == (Category.PHYSICAL, lang)


@pytest.mark.parametrize(
    "text",
    [
        "сын весь в синяках после хоккея, это нормально?",
        "syn spadł z roweru i ma siniaka",
        "które dokumenty są potrzebne, żeby dziadkowie dostali opiekę nad wnukiem",
        "які документи потрібні, щоб оформити опіку над онукою",
        "наш приемный сын обожает файтинги",
    ],
)
def test_sport_bruises_guardianship_and_fighting_games_do_not_alarm(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("он сказал что удалит меня если я не буду удалять переписку с ним", "ru"),
        ("a grown man on tiktok tells my niece to delete their chats", "en"),
        ("dorosły facet pisze do mojej córki i każe jej kasować wiadomości", "pl"),
        ("ზრდასრული კაცი ჩემს შვილს წერს და ეუბნება, მესიჯები წაშალოს", "ka"),
        ("mamos draugas naktį ateina į mano kambarį ir atsigula šalia", "lt"),
    ],
)
def test_told_to_delete_messages_or_lying_down_beside_a_child_alarm(text: str, lang: str) -> None:
    assert _alarm(text) == (Category.SEXUAL, lang)


@pytest.mark.parametrize(
    "text",
    [
        "my husband ate the last brownie, I'll kill him :D",
        "муж опять съел мой торт, убью его))",
        "brat mówi, że mnie zabije, jak zjem jego batonik xD",
        "ქმარმა ისევ შეჭამა ჩემი ნამცხვარი, მოვკლავ 😂",
    ],
)
def test_a_smiley_after_a_joke_is_no_threat(text: str) -> None:
    assert detect(text) is None


def test_without_the_smiley_it_is_a_threat() -> None:
    assert _alarm("мой муж сказал что убьет меня") == (Category.THREAT, "ru")


@pytest.mark.parametrize(
    ("text", "category", "lang"),
    [
        ("i cant take it anymore, he beats me every day", Category.PHYSICAL, "en"),
        ("mamas vegar vudzleb, mcems yoveldge", Category.PHYSICAL, "ka"),
        ("nie wytrzymuję już, ojczym bije mnie codziennie", Category.PHYSICAL, "pl"),
    ],
)
def test_a_negation_does_not_reach_past_a_comma(
    text: str, category: Category, lang: str
) -> None:
    assert _alarm(text) == (category, lang)


def test_he_never_hits_me_is_still_no_alarm() -> None:
    assert detect("he never hits me, he is a good dad") is None


@pytest.mark.parametrize(
    ("text", "category", "lang"),
    [
        ("dedis kaci gamit chems otaxshi shemodis", Category.SEXUAL, "ka"),
        ("my 10 year old says a man at the pool showed her naked pictures", Category.SEXUAL,
         "en"),
        ("kazhdyj vecher dumayu kak by vse zakonchit", Category.SUICIDE, "ru"),
    ],
)
def test_georgian_g_for_gh_a_childs_age_and_latin_russian_alarm(
    text: str, category: Category, lang: str
) -> None:
    assert _alarm(text) == (category, lang)
