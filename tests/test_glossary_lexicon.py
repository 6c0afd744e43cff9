"""The English → Korean lexicon (bot/vocab/glossary_en_ko.tsv) is well-formed: keys the question parser can
produce, Korean forms the evidence check can use, and inflections stem() folds onto their headwords."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from bot.glossary import GLOSSARY, english_terms, stem

# english_terms() splits a question into single words (multi-word names live in phrases_en_ko.tsv), so a key is one
# lower-case ASCII word ("&" as in r&d). The one older key with a space is kept as it was written.
_KEY = re.compile(r"[a-z][a-z&]*")
LEGACY_KEYS = {"foreign affairs"}

# A form must be two Hangul syllables or more (one syllable occurs inside countless words, and the evidence check
# ignores it) or a Latin acronym written in capitals (HS, KC, FTA, R&D), optionally with a Hangul word (CE인증).
_HANGUL = re.compile(r"[가-힣]")
_ACRONYM = re.compile(r"[A-Z][A-Z&]*[A-Z]")
# Forms of the lexicon's older lines that predate the rule: kept, never added to.
LEGACY_FORMS = {"세", "율", "부", "국", "과", "팀", "만", "불", "맵", "%", "PoC", "2배", "100만",
                *(f"{m}월" for m in range(1, 13))}


def _good_form(form: str) -> bool:
    if len(_HANGUL.findall(form)) >= 2:
        return True
    latin = re.sub(r"[가-힣]", "", form)
    return bool(_ACRONYM.fullmatch(latin))


def _file_keys() -> list[str]:
    text = resources.files("bot.vocab").joinpath("glossary_en_ko.tsv").read_text(encoding="utf-8")
    return [line.split("\t", 1)[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_lexicon_is_broad() -> None:
    assert 1200 <= len(GLOSSARY) <= 1700


def test_keys_are_single_lower_case_ascii_words() -> None:
    bad = [k for k in GLOSSARY if not _KEY.fullmatch(k) and k not in LEGACY_KEYS]
    assert bad == []


def test_keys_are_sorted_and_unique() -> None:
    keys = _file_keys()
    assert keys == sorted(keys)
    assert len(keys) == len(set(keys))


def test_every_key_has_forms_and_every_form_is_usable() -> None:
    assert [k for k, forms in GLOSSARY.items() if not forms] == []
    bad = [(k, f) for k, forms in GLOSSARY.items() for f in forms if not _good_form(f) and f not in LEGACY_FORMS]
    assert bad == []
    repeated = [k for k, forms in GLOSSARY.items() if len(forms) != len(set(forms))]
    assert repeated == []


@pytest.mark.parametrize(("word", "key"), [
    ("fees", "fee"), ("refunded", "refund"), ("refunds", "refund"), ("penalties", "penalty"), ("taxes", "tax"),
    ("subsidies", "subsidy"), ("waived", "waive"), ("extended", "extend"), ("extending", "extend"),
    ("licences", "licence"), ("warehouses", "warehouse"), ("deadlines", "deadline"), ("reimbursed", "reimburse"),
    ("qualifies", "qualify"), ("qualifying", "qualify"), ("certifications", "certification"), ("labeled", "label"),
    ("charged", "charge"), ("covered", "cover"), ("shipments", "shipment"), ("exporters", "exporter"),
    ("expired", "expire"), ("revoked", "revoke"), ("inspections", "inspection"), ("batteries", "battery"),
    ("employees", "employee"), ("tariffs", "tariff"), ("buyers", "buyer"), ("cards", "card"),
])
def test_stem_folds_inflections_onto_headwords(word: str, key: str) -> None:
    assert key in GLOSSARY
    assert stem(word) == key


@pytest.mark.parametrize("word", [
    # irregular or not folded by stem() (-ied, doubled consonants, plurals without -s): keys of their own
    "paid", "spent", "sold", "held", "met", "won", "bought", "built", "sent", "kept", "lost", "chosen", "written",
    "withdrawn", "applied", "qualified", "notified", "verified", "certified", "denied", "submitted", "cancelled",
    "labelled", "permitted", "transferred", "shipping", "criteria", "women", "children", "people",
])
def test_forms_stem_does_not_fold_have_their_own_keys(word: str) -> None:
    assert word in GLOSSARY
    assert stem(word) == word


def test_content_words_of_ordinary_questions_are_known() -> None:
    question = "Are testing fees refunded to exporters if certification fails or the deadline is extended?"
    terms = english_terms(question)
    assert terms and all(t in GLOSSARY for t in terms), terms


def test_irregular_forms_share_their_base_word_meaning() -> None:
    assert set(GLOSSARY["pay"]) <= set(GLOSSARY["paid"])
    assert set(GLOSSARY["label"]) & set(GLOSSARY["labelled"])
    assert set(GLOSSARY["apply"]) <= set(GLOSSARY["applied"])


@pytest.mark.parametrize(("inflected", "base"), [("importing", "import"), ("imported", "import"),
                                                 ("companies", "company"), ("exports", "export"),
                                                 ("agencies", "agency"), ("signed", "sign")])
def test_an_inflection_with_its_own_line_keeps_its_headword_forms(inflected: str, base: str) -> None:
    """stem() returns an inflected word's own line when it has one, so that line must not lose what the
    headword means ("importing technology" is 기술 도입)."""
    assert set(GLOSSARY[base]) <= set(GLOSSARY[inflected])


@pytest.mark.parametrize(("word", "key"), [
    ("programme", "program"), ("programmes", "program"), ("centres", "center"), ("catalogue", "catalog"),
    ("utilised", "utilize"), ("utilising", "utilize"),
])
def test_british_spellings_fold_onto_american_headwords(word: str, key: str) -> None:
    assert word not in GLOSSARY and key in GLOSSARY
    assert stem(word) == key
    assert stem("xyzise") == "xyzise"  # no headword either way: the word as written


def test_irregular_english_forms_are_their_base_words() -> None:
    """The question's "sell" is the page's "may be sold"; "began" in a question is the glossary's "begin"."""
    from bot.answering.support import Haystack, holds
    from bot.concepts import Concept
    from bot.glossary import stem

    assert stem("began") == "begin" and stem("indices") == "index" and stem("wrote") == "write"
    sell = Concept("sell", ("판매",), specific=False)
    assert holds(sell, Haystack("Models already on sale may be sold until 31 August 2027."))
    assert not holds(sell, Haystack("Models already on sale must carry the mark."))


def test_a_korean_cost_noun_holds_cost() -> None:
    """"통역비", "인건비", "운송비는" are costs written with the suffix -비: they hold "비용" (and the English
    "costs" that maps to it); 설비, 장비, 준비 only end in that syllable."""
    from bot.answering.support import Haystack, holds
    from bot.concepts import Concept

    cost = Concept("cost", ("비용", "경비"), specific=False)
    for text in ("현장 통역비 | 100% | 없음", "사용 불가 항목: 인건비, 사무실 임차료", "항공 운송비는 50% 지원"):
        assert holds(cost, Haystack(text)), text
    for text in ("생산 설비 구축", "측정 장비 도입", "행사 준비 일정", "전년 대비 증가"):
        assert not holds(cost, Haystack(text)), text


def test_a_way_excluded_by_the_only_one_allowed_is_answered() -> None:
    """"현물로 내도 되나요?" is answered by "부담금은 현금으로만 납부할 수 있습니다": 현물 is not absent there, the
    sentence says no. A sentence that merely mentions cash does not answer it."""
    from bot.answering.support import Haystack, holds, unsupported
    from bot.concepts import Concept

    in_kind = Concept("현물", ("현물",), specific=False)
    assert holds(in_kind, Haystack("※ 기업 부담금은 현금으로만 납부할 수 있습니다."))
    assert holds(in_kind, Haystack("부담금은 현금에 한하여 받습니다"))
    assert not holds(in_kind, Haystack("기업 부담금 30%는 현금으로 납부"))
    # The way a rule requires answers too: at least 40 % in cash is not "all in kind".
    assert holds(in_kind, Haystack("○ 기업 부담금: 그중 현금 부담은 기업 부담금의 40% 이상이어야 함"))
    assert holds(in_kind, Haystack("자부담은 현금으로 내야 합니다."))
    assert not holds(in_kind, Haystack("현금 부담 30%. 사업계획서를 내야 합니다."))  # another clause's duty
    assert unsupported([in_kind], "정부지원금 70%, 기업 부담금 30%") == [in_kind]


def test_a_phone_number_is_one_concept() -> None:
    """"phone number" is 전화번호 / 연락처, not a phone and some number a passage must also hold."""
    from bot.concepts import question_concepts

    labels = [c.label for c in question_concepts("Which phone number should I call for the voucher program?")]
    assert "phone number" in labels and "number" not in labels


def test_a_cost_without_an_entry_is_glossed_by_what_it_pays_for() -> None:
    from bot.glossary import ENGLISH_OF, english_gloss

    assert "등록비" not in ENGLISH_OF and "registration" in english_gloss("등록비")
    assert english_gloss("비용") == ENGLISH_OF["비용"]  # its own entry first
    assert english_gloss("회비") == ()  # too short to split
