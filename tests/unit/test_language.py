"""`builder.language`: an article's language when it is not the site's, from any script."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.config import Config
from builder.ingest import ingest_bytes
from builder.language import _identifier, detect_direction, detect_language

# (language, title and summary as ingest sees them)
LATIN = [
    (
        "fr",
        "Le conseil municipal approuve le nouveau budget du port Le conseil a voté mardi soir "
        "un budget de 12 millions d’euros pour la rénovation des quais, après trois heures.",
    ),
    (
        "de",
        "Stadtrat beschließt neuen Hafenhaushalt Der Stadtrat hat am Dienstagabend einen "
        "Haushalt von zwölf Millionen Euro für die Sanierung der Kais beschlossen.",
    ),
    (
        "es",
        "El ayuntamiento aprueba el nuevo presupuesto del puerto El pleno votó el martes por "
        "la noche un presupuesto de 12 millones de euros para renovar los muelles.",
    ),
    (
        "pt",
        "Câmara aprova novo orçamento do porto A câmara municipal votou na terça-feira à noite "
        "um orçamento de 12 milhões de euros para a renovação do cais.",
    ),
    (
        "it",
        "Il consiglio comunale approva il nuovo bilancio del porto Martedì sera il consiglio ha "
        "votato un bilancio di 12 milioni di euro per il rinnovo delle banchine.",
    ),
    (
        "nl",
        "Gemeenteraad keurt nieuwe havenbegroting goed De gemeenteraad heeft dinsdagavond een "
        "begroting van twaalf miljoen euro voor de renovatie van de kades goedgekeurd.",
    ),
    (
        "pl",
        "Rada miasta zatwierdza nowy budżet portu Radni przegłosowali we wtorek wieczorem "
        "budżet w wysokości 12 milionów euro na remont nabrzeży.",
    ),
    (
        "tr",
        "Belediye meclisi yeni liman bütçesini onayladı Meclis salı akşamı rıhtımların "
        "yenilenmesi için 12 milyon euroluk bütçeyi kabul etti.",
    ),
]
ENGLISH = (
    "Council approves the new harbour budget The council voted on Tuesday night for a budget "
    "of 12 million euros to renovate the quays, after three hours of debate."
)
# Terse English, as bench/corpus.py writes it: few of the commonest words, yet more than a tenth.
TERSE = (
    'Found delayed roads households energy later between 141 "The rising by months water '
    'central leaders groups regional central officials about tuesday that," Ms. Eva Berg said. '
    "Found for last households government found weather tuesday 62.4 expected unchanged central "
    "projects published tuesday projects"
)
SCRIPTS = [
    ("ru", "Путин поздравил жителей порта с открытием причала"),
    ("uk", "Київ відкрив новий міст через Дніпро"),
    ("zh", "港口在风暴后重新开放"),
    ("ja", "嵐の後に港が再開した"),
    ("ko", "서울 시장 선거 결과"),
    ("he", "ירושלים מארחת את הוועידה"),
    ("ar", "القاهرة تستضيف القمة"),
    ("fa", "تهران میزبان نشست گفتگو"),
    ("el", "Η Αθήνα ψήφισε τον προϋπολογισμό"),
    ("hi", "नई दिल्ली में बैठक"),
    ("th", "กรุงเทพฯ เปิดท่าเรือใหม่"),
]


@pytest.mark.parametrize(("language", "text"), LATIN, ids=[case[0] for case in LATIN])
def test_latin_script_text_in_another_language_is_detected(language: str, text: str) -> None:
    assert detect_language(text, "en") == language


@pytest.mark.parametrize(("language", "text"), SCRIPTS, ids=[case[0] for case in SCRIPTS])
def test_a_script_tells_its_language(language: str, text: str) -> None:
    assert detect_language(text, "en") == language
    assert detect_language(text, language) == ""


@pytest.mark.parametrize(
    ("text", "site"),
    [
        (ENGLISH, "en"),
        (ENGLISH, "en-GB"),
        (LATIN[0][1], "fr"),
        (LATIN[3][1], "pt_BR"),
        (LATIN[1][1], "DE"),
    ],
)
def test_text_in_the_site_language_gets_no_language_of_its_own(text: str, site: str) -> None:
    assert detect_language(text, site) == ""


def test_english_on_a_french_site_is_english() -> None:
    assert detect_language(ENGLISH, "fr") == "en"


def test_plain_site_language_text_never_loads_the_model() -> None:
    """The model costs a fraction of a second to load: a digest in its own language skips it."""
    _identifier.cache_clear()
    assert detect_language(ENGLISH, "en") == ""
    assert detect_language(LATIN[0][1], "fr") == ""
    assert detect_language(TERSE, "en") == ""
    assert _identifier.cache_info().currsize == 0
    assert detect_language(LATIN[0][1], "en") == "fr"
    assert _identifier.cache_info().currsize == 1


@pytest.mark.parametrize("text", ["", "2024 — 3:1", "Dr. X", "okay"])
def test_no_guess_without_enough_text(text: str) -> None:
    assert detect_language(text, "en") == ""


@settings(deadline=None)  # the first Latin text loads the model
@given(st.text(max_size=200), st.sampled_from(["en", "fr", "pt-BR", "sw"]))
def test_any_text_gives_a_language_code_or_nothing(text: str, site: str) -> None:
    found = detect_language(text, site)
    assert found == "" or (found.isalpha() and found.islower() and found != site)


def test_direction_is_still_told_by_the_script() -> None:
    assert detect_direction("القاهرة تستضيف القمة") == "rtl"
    assert detect_direction(ENGLISH) == ""


def test_an_article_in_another_language_is_labelled_with_it_at_ingest() -> None:
    page = f"---\ntitle: Le port rouvre\ndate: 2024-11-07\n---\n\n{LATIN[0][1]}\n".encode()
    article, problems = ingest_bytes(page, "fr.md", Config())
    assert article is not None, problems
    assert article.lang == "fr"
    english = f"---\ntitle: Harbour reopens\ndate: 2024-11-07\n---\n\n{ENGLISH}\n".encode()
    article, problems = ingest_bytes(english, "en.md", Config())
    assert article is not None and article.lang == ""
