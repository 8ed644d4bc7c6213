"""Safeguarding detection: curated phrases in six languages, and the harmless look-alikes."""

from __future__ import annotations

import dataclasses

import pytest

from flows.languages import LANGUAGE_CODES
from flows.safeguarding import Alert, Category, detect
from flows.safeguarding.phrases import PHRASES

A = Category.ABUSE
X = Category.SEXUAL_ABUSE
N = Category.NEGLECT
V = Category.DOMESTIC_VIOLENCE
S = Category.SELF_HARM
D = Category.DANGER_NOW

# What people write in a chat: informal, first person, about a child or about themselves.
POSITIVES: dict[str, list[tuple[str, Category]]] = {
    "en": [
        ("He hits me every day", A),
        ("my dad beats", A),
        ("My stepdad beat me up last night", A),
        ("I think someone is hurting the child next door", A),
        ("She locks me in my room for hours", A),
        ("My uncle touches me when mum is at work", X),
        ("I was sexually abused as a kid", X),
        ("he makes me watch porn with him", X),
        ("The child is alone for days", N),
        ("my parents don't feed us", N),
        ("Mum is always drunk and we have no food at home", N),
        ("There is domestic violence in our family", V),
        ("my dad hits my mum when he is drunk", V),
        ("My husband beats me", V),
        ("My son wants to kill himself", S),
        ("I want to die", S),
        ("I cut myself again last night", S),
        ("she has been self-harming", S),
        ("I'm not safe at home", D),
        ("he threatened to kill us", D),
        ("please help he is beating her", D),
        ("he is going to kill me, please help", D),
        ("my foster child is being abused", A),
        ("my daughter ran away from home", D),
    ],
    "ru": [
        ("Меня бьёт отчим", A),
        ("Папа бьёт", A),
        ("Отец избивает детей ремнём", A),
        ("Мама постоянно унижает меня", A),
        ("Отчим трогает меня, когда мамы нет дома", X),
        ("Дядя заставляет меня раздеваться", X),
        ("Ребёнок сидит один дома целыми днями", N),
        ("Нас никто не кормит, мама всё время пьяная", N),
        ("Муж бьёт меня", V),
        ("Папа бьёт маму", V),
        ("Хочу умереть", S),
        ("Дочь режет себе руки", S),
        ("Не хочу больше жить", S),
        ("Он угрожает убить нас", D),
        ("Мне страшно идти домой", D),
        ("Ребёнок в опасности", D),
        ("Сын сбежал из дома", D),
    ],
    "uk": [
        ("Мене б'є тато", A),
        ("Батько побив дитину", A),
        ("Мама знущається з мене", A),
        ("Дядько торкається мене, коли нікого немає вдома", X),
        ("Вітчим змушує мене роздягатися", X),
        ("Дитина сама вдома цілими днями", N),
        ("Дітей ніхто не годує, мама п'яна", N),
        ("У нас вдома домашнє насильство", V),
        ("Вітчим бʼє маму", V),
        ("Чоловік б’є мене", V),
        ("Хочу померти", S),
        ("Я ріжу себе", S),
        ("Не хочу більше жити", S),
        ("Він погрожує вбити нас", D),
        ("Вдома мені небезпечно", D),
        ("Боюся йти додому", D),
        ("Дитина в небезпеці", D),
    ],
    "pl": [
        ("Tata mnie bije", A),
        ("Ojciec pobił syna", A),
        ("Mama ciągle mnie poniża", A),
        ("Wujek dotyka mnie w nocy", X),
        ("Ojczym każe mi się rozbierać", X),
        ("Ojczym mnie molestuje", X),
        ("Dziecko jest samo w domu przez kilka dni", N),
        ("Mama ciągle pije i nie daje nam jeść", N),
        ("Mąż mnie bije", V),
        ("Ojczym bije mamę", V),
        ("W naszym domu jest przemoc domowa", V),
        ("Chcę umrzeć", S),
        ("Nie chce mi się żyć", S),
        ("Tnę się", S),
        ("Grozi, że nas zabije", D),
        ("Boję się wracać do domu", D),
        ("W domu nie jest bezpiecznie", D),
        ("Córka uciekła z domu", D),
    ],
    "lt": [
        ("Tėtis mane muša", A),
        ("Mane muša patėvis", A),
        ("Mama muša vaiką diržu", A),
        ("Patėvis liečia mane naktimis", X),
        ("Jis verčia mane nusirengti", X),
        ("Vaikas būna vienas kelias dienas", N),
        ("Namuose nėra maisto, mama vėl girta", N),
        ("Tėtis muša mamą", V),
        ("Mūsų šeimoje yra smurtas artimoje aplinkoje", V),
        ("Vyras mane muša", V),
        ("Noriu mirti", S),
        ("Nebenoriu gyventi", S),
        ("Dukra pjaustosi rankas", S),
        ("Jis grasina mane užmušti", D),
        ("Bijau grįžti namo", D),
        ("Vaikas pavojuje", D),
    ],
    "ka": [
        ("მამა მცემს", A),
        ("მამაჩემი ბავშვებს სცემს", A),
        ("დედა ქამრით მცემს", A),
        ("mama mcems", A),
        ("ბიძა მეხება, როცა დედა სახლში არ არის", X),
        ("სექსუალური ძალადობა განვიცადე", X),
        ("ბავშვი მარტოა რამდენიმე დღე", N),
        ("სახლში საჭმელი არ გვაქვს", N),
        ("ბავშვები დღეობით მარტო არიან", N),
        ("მამა დედას სცემს", V),
        ("ოჯახში ძალადობაა", V),
        ("ქმარი მცემს", V),
        ("მინდა მოვკვდე", S),
        ("თავის მოკვლა მინდა", S),
        ("ხელებს ვიჭრი", S),
        ("მოკვლით მემუქრება", D),
        ("სახლში თავს უსაფრთხოდ ვერ ვგრძნობ", D),
        ("ბავშვი საფრთხეშია", D),
    ],
}

# Harmless sentences with the same words or roots: none may raise an alert.
NEGATIVES: dict[str, list[str]] = {
    "en": [
        "What is the danger of screen time for toddlers?",
        "I hit the button twice but nothing happened",
        "We play cards to kill time at the airport",
        "I'm dying to meet you all at the training!",
        "Is there a danger I will not be accepted because I rent?",
        "My heart beats fast when I think about fostering",
        "He touched on the topic of contact with birth parents",
        "My son beats me at chess every time",
        "I cut myself a slice of cake",
        "Your story touched me deeply",
        "My mum will kill me if I'm late again",
        "Is screen time hurting my child's development?",
        "How do I stop my toddler hitting other kids?",
        "I accidentally cut myself while cooking",
        "She hit me up on WhatsApp yesterday",
        "They kicked me out of the group chat",
        "My son hits other kids at school, what should I do?",
        "She abused her position at work",
        "He's going to kill me if he finds out I broke his phone",
    ],
    "ru": [
        "Как убить время в очереди?",
        "До смерти хочу увидеть вас на тренинге",
        "Он бьёт рекорды по продажам",
        "Сердце бьётся очень быстро",
        "Эта история меня очень трогает",
        "Опасность экранного времени для детей",
        "Есть ли опасность, что меня не примут?",
        "Мама меня убьёт за двойку",
        "Не оставляйте детей без присмотра",
        "Я не хочу жить в большом городе",
        "Мой сын бьёт по мячу",
        "Папа бьёт рекорды на работе",
        "Меня бьёт током от розетки",
        "Сын бьёт других детей в садике, что делать?",
        "Упала и вся в синяках после катка",
    ],
    "uk": [
        "Небезпека зловживання гаджетами для дітей",
        "Я б'ю рекорди в спортзалі",
        "Серце б'ється дуже швидко",
        "Як вбити час у черзі?",
        "Чи є небезпека, що мене не приймуть?",
        "Ця історія мене дуже торкається",
        "Вдома небезпечно залишати ліки на видному місці",
        "Не хочу жити в місті",
        "Тато б'є по м'ячу",
        "Годинник б'є північ",
        "До смерті хочу вас побачити",
        "Син б'є інших дітей у садочку, що робити?",
    ],
    "pl": [
        "Jak zabić czas w poczekalni?",
        "Mój syn bije rekordy w pływaniu",
        "Serce mi bije bardzo szybko",
        "Czy jest niebezpieczeństwo, że mnie nie przyjmą?",
        "Ta sprawa bardzo mnie dotyka",
        "Tata bije brawo na występie",
        "Nie zostawiaj dziecka bez opieki w wannie",
        "Na gwałt potrzebuję zaświadczenia",
        "W nocy była gwałtowna burza",
        "Komputer mi się tnie",
        "Uderza mnie, jak szybko rosną dzieci",
        "Nie chcę żyć w dużym mieście",
        "Syn bije inne dzieci w przedszkolu, co robić?",
    ],
    "lt": [
        "Kaip užmušti laiką eilėje?",
        "Jis muša rekordus",
        "Širdis plaka labai greitai",
        "Ar yra pavojus, kad manęs nepriims?",
        "Tai mane labai liečia",
        "Mama plaka kiaušinius pyragui",
        "Nepalikite vaikų be priežiūros",
        "Sūnus neturi maisto alergijos",
        "Nenoriu gyventi mieste",
        "Laikrodis muša dvyliktą",
        "Sūnus muša kitus vaikus darželyje, ką daryti?",
    ],
    "ka": [
        "ეკრანთან გატარებული დროის საფრთხე",
        "არის საფრთხე, რომ არ მიმიღებენ?",
        "მამა ყველას პატივს სცემს",
        "ის პატივს მცემს",
        "გული სწრაფად მიცემს",
        "ბიჭი ბურთს ურტყამს",
        "დროის მოსაკლავად ფილმს ვუყურებ",
        "სიცილით მოვკვდი",
        "ეს თემა ყველა მშობელს ეხება",
        "ძალადობრივი მულტფილმები ბავშვებისთვის საზიანოა",
        "ბავშვი მარტო თამაშობს ეზოში",
        "შვილი სხვა ბავშვებს ურტყამს ბაღში, რა ვქნა?",
    ],
}


def _cases(table: dict[str, list[tuple[str, Category]]]) -> list[tuple[str, str, Category]]:
    return [(lang, text, category) for lang, rows in table.items() for text, category in rows]


@pytest.mark.parametrize(("lang", "text", "category"), _cases(POSITIVES))
def test_a_concerning_message_is_detected_with_its_category_and_language(
    lang: str, text: str, category: Category
) -> None:
    assert detect(text) == Alert(category, lang)


@pytest.mark.parametrize(
    ("lang", "text"), [(lang, text) for lang, rows in NEGATIVES.items() for text in rows]
)
def test_a_harmless_sentence_with_the_same_words_is_not_detected(lang: str, text: str) -> None:
    assert detect(text) is None, lang


@pytest.mark.parametrize("lang", LANGUAGE_CODES)
def test_every_language_has_enough_phrases_and_test_sentences(lang: str) -> None:
    table = PHRASES[lang]
    assert set(table) == set(Category)
    assert sum(len(patterns) for patterns in table.values()) >= 25
    assert len(POSITIVES[lang]) >= 5 and len(NEGATIVES[lang]) >= 5
    assert {category for _, category in POSITIVES[lang]} == set(Category)


@pytest.mark.parametrize(
    ("lang", "text", "category"),
    [
        pytest.param("en", "HE HITS ME", A, id="case"),
        pytest.param("ru", "МЕНЯ БЬЁТ ОТЧИМ", A, id="case"),
        pytest.param("uk", "ХОЧУ ПОМЕРТИ", S, id="case"),
        pytest.param("pl", "TATA MNIE BIJE", A, id="case"),
        pytest.param("lt", "NEBENORIU GYVENTI", S, id="case"),
        pytest.param("ka", "ᲛᲐᲛᲐ ᲛᲪᲔᲛᲡ", A, id="case"),  # Georgian capitals (Mtavruli)
        pytest.param("en", "I Want To DIE", S, id="case"),
        pytest.param("en", "My stepfather was beating my little brother", A, id="ending"),
        pytest.param("ru", "Отчим избивал меня", A, id="ending"),
        pytest.param("ru", "Мать избила дочку", A, id="ending"),
        pytest.param("ru", "Хотела умереть", S, id="ending"),
        pytest.param("uk", "Мама побила доньку", A, id="ending"),
        pytest.param("uk", "Вона погрожувала вбити дітей", D, id="ending"),
        pytest.param("pl", "Matka pobiła córkę", A, id="ending"),
        pytest.param("pl", "Ojczym bił mnie pasem", A, id="ending"),
        pytest.param("lt", "Tėvas sumušė vaiką", A, id="ending"),
        pytest.param("lt", "Patėvis mušdavo mane", A, id="ending"),
        pytest.param("ka", "მამამ მცემა", A, id="ending"),
        pytest.param("ka", "ბიძაჩემი მეხებოდა", X, id="ending"),
        pytest.param("pl", "Maz mnie bije", V, id="diacritics"),
        pytest.param("pl", "Chce umrzec", S, id="diacritics"),
        pytest.param("pl", "Boje sie wracac do domu", D, id="diacritics"),
        pytest.param("pl", "Nie chce mi sie zyc", S, id="diacritics"),
        pytest.param("lt", "Tetis musa mama", V, id="diacritics"),
        pytest.param("lt", "Bijau grizti namo", D, id="diacritics"),
        pytest.param("lt", "Patevis liecia mane", X, id="diacritics"),
        # the brief's "mušа" ends in a Cyrillic "а": a look-alike typed on a Russian keyboard
        pytest.param("lt", "Tėtis mane mušа", A, id="look-alike"),
        pytest.param("en", "He hіts mе", A, id="look-alike"),  # Cyrillic "і" and "е"
        pytest.param("lt", "Tetis mane musa", A, id="diacritics"),
        pytest.param("en", "He   hits... me!!!", A, id="spacing"),
        pytest.param("uk", "Мене  —  б'є   тато!!!", A, id="spacing"),
        pytest.param("pl", "Tata...mnie...bije", A, id="spacing"),
        pytest.param("ka", "მამა,   მცემს!!", A, id="spacing"),
        pytest.param("ru", "Хочу...\n\nумереть", S, id="spacing"),
        pytest.param("en", "I want_to_die", S, id="spacing"),
    ],
)
def test_case_endings_diacritics_look_alikes_and_spacing_are_tolerated(
    lang: str, text: str, category: Category
) -> None:
    assert detect(text) == Alert(category, lang)


@pytest.mark.parametrize("apostrophe", ["'", "ʼ", "’", "`", "‘", ""])
def test_any_ukrainian_apostrophe_or_none_is_tolerated(apostrophe: str) -> None:
    assert detect(f"Мене б{apostrophe}є тато") == Alert(A, "uk")
    assert detect(f"Я вб{apostrophe}ю себе") == Alert(S, "uk")
    assert detect(f"Вітчим б{apostrophe}є маму") == Alert(V, "uk")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, мене б'є тато", Alert(A, "uk")),
        ("Labas, noriu mirti", Alert(S, "lt")),
        ("Привет, I want to die", Alert(S, "en")),
        ("გამარჯობა, меня бьёт отчим", Alert(A, "ru")),
        ("Мама постоянно пьяная", Alert(N, "ru")),
        ("Мама постійно п'яна", Alert(N, "uk")),
    ],
)
def test_any_list_matches_whatever_language_the_conversation_is_in(
    text: str, expected: Alert
) -> None:
    assert detect(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He hits me and I want to die", Alert(S, "en")),
        ("My dad beats me and he threatened to kill us", Alert(D, "en")),
        ("Батько б'є маму і мене, хочу померти", Alert(S, "uk")),
        ("mama mcems da minda movkvde", Alert(S, "ka")),
        ("Wujek mnie dotyka i bije", Alert(X, "pl")),
        ("Vyras mane muša, noriu mirti, jis grasina užmušti vaiką", Alert(D, "lt")),
    ],
)
def test_the_most_severe_concern_wins(text: str, expected: Alert) -> None:
    assert detect(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "?!", "Hello, I would like to become a foster carer"])
def test_nothing_to_detect(text: str) -> None:
    assert detect(text) is None


def test_an_alert_is_a_frozen_value() -> None:
    alert = Alert(S, "uk")
    with pytest.raises(dataclasses.FrozenInstanceError):
        alert.category = A  # type: ignore[misc]
    assert alert == Alert(Category.SELF_HARM, "uk")
    assert alert.category == "self_harm"
