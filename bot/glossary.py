"""English → Korean policy vocabulary. English questions about Korean documents use it twice: to give keyword
search Korean terms to look for, and to check that the question's concepts exist in the evidence."""

from __future__ import annotations

import re
from functools import lru_cache

from bot.english import english_lemmas
from bot.vocab import forms_map, word_set

# Each English term (lower-case, singular) maps to Korean forms, any of which counts as the same concept.
GLOSSARY: dict[str, tuple[str, ...]] = forms_map("glossary_en_ko.tsv")


def _english_of(glossary: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Korean form → the English terms that list it: a Korean question about an English page (an export rule, a
    market guide) names 보충제 where the page says "supplements"."""
    english: dict[str, list[str]] = {}
    for term, forms in glossary.items():
        for form in forms:
            english.setdefault(form, []).append(term)
    return {form: tuple(terms) for form, terms in english.items()}


# Korean abbreviations users type for the words documents spell out.
KOREAN_ALIASES: dict[str, tuple[str, ...]] = forms_map("korean_aliases.tsv")
# Multi-word names, matched before single words.
PHRASES: dict[str, tuple[str, ...]] = forms_map("phrases_en_ko.tsv")
ENGLISH_OF: dict[str, tuple[str, ...]] = _english_of({**GLOSSARY, **PHRASES})


# A cost named by what it pays for: 등록비, 시험비, 등록료 ("registration fee", "test fee").
_COST_SUFFIXES = ("비", "료")


def english_gloss(form: str) -> tuple[str, ...]:
    """The English words the glossary gives a Korean word; for a cost it has no entry for (등록비), those of what
    the cost pays for (등록 → registration): a page lists the fee under that word."""
    found = ENGLISH_OF.get(form, ())
    if found or len(form) < 3 or form[-1] not in _COST_SUFFIXES:
        return found
    return ENGLISH_OF.get(form[:-1], ())


@lru_cache(maxsize=4096)
def english_synonyms(term: str) -> tuple[str, ...]:
    """Other English words the glossary gives two or more of ``term``'s Korean forms: an English page may say
    "accommodation" where the question says "hotel" (숙박, 숙소). One shared form is not enough: "duty" and
    "obligation" share only 의무, and an import duty is no obligation. One-syllable forms (세, 율) prove nothing."""
    shared: dict[str, int] = {}
    for form in GLOSSARY.get(term, ()):
        if re.fullmatch(r"[가-힣]", form):
            continue
        for other in ENGLISH_OF.get(form, ()):
            if other != term:
                shared[other] = shared.get(other, 0) + 1
    return tuple(other for other, n in shared.items() if n >= 2)


# Words so common in questions that their absence from a passage says nothing.
WEAK_TERMS = word_set("weak_terms_en.txt")
# Words that carry no concept of their own in a question.
ENGLISH_STOPWORDS = word_set("function_words_en.txt")

_WORD = re.compile(r"[A-Za-z][A-Za-z&\-]*")

# An identifier that letters and digits alternate in at least three runs ("5A002", "K2031A", "ad7cc133"): a
# reference number, a control-list entry, an item code. It is one name as written; its letter runs are no words
# ("ad" of "ad7cc133" is no advertisement) and its digit runs no figures. Two runs ("HS8471", "10kg", "2nd") are a
# prefix or a unit with a number, read as before.
CODE = re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]+\d+[A-Za-z]+|\d+[A-Za-z]+\d+)[A-Za-z0-9]*(?![A-Za-z0-9])")


# A Latin run written against digits ("HS8471", "ad123456") is a code's prefix more often than the word.
GLUED = re.compile(r"(?<=\d)[A-Za-z]+|[A-Za-z]+(?=\d)")


def code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in CODE.finditer(text)]


def english_terms(text: str) -> list[str]:
    """Content words of an English question, lower-cased, stopwords dropped, simple plural folded; known
    multi-word names come first as one term."""
    out = []
    text = CODE.sub(" ", text)
    lowered = text.lower()
    for phrase in PHRASES:
        if phrase in lowered:
            out.append(phrase)
            lowered = lowered.replace(phrase, " ")
    source = lowered if out else text
    words: list[str] = []
    for w in _WORD.findall(source):
        # "VC-backed" is two words; "K-GLOBAL" (written in capitals) is a name; "K-Startup" is a K-brand.
        if w.isupper():
            words.append(w)
        elif k_brand_forms(w.lower()):
            words.append(w.lower())
        elif "-" in w:
            words.extend(part for part in w.split("-") if part)
        else:
            words.append(w)
    for w in words:
        lw = w.lower()
        if lw in ENGLISH_STOPWORDS or len(lw) < 2:
            continue
        out.append(stem(lw))
    return out


def k_brand_forms(term: str) -> tuple[str, ...]:
    """Korean programme names are branded "K-…" (K-스타트업, K-글로벌 프로젝트): "k-startup" → "K-스타트업"."""
    if not term.startswith("k-") or "-" in term[2:]:
        return ()
    rest = stem(term[2:])
    return tuple(f"K-{ko}" for ko in GLOSSARY.get(rest, ()))


def term_forms(term: str) -> tuple[str, ...]:
    """The Korean forms of an English term: a known phrase, a K-brand, or a glossary word."""
    return PHRASES.get(term) or k_brand_forms(term) or GLOSSARY.get(term, ())


# British spellings and the American ones the glossary may list instead (programme → program, licence → license,
# organisation → organization, centre → center, labelled → labeled).
_BRITISH = ((r"mme(s?)$", r"m\1"), (r"isation", "ization"), (r"is(e|es|ed|ing)$", r"iz\1"), (r"our(s?)$", r"or\1"),
            (r"tre(s?)$", r"ter\1"), (r"ll(ing|ed|er|ers)$", r"l\1"), (r"ence(s?)$", r"ense\1"),
            (r"ogue(s?)$", r"og\1"))


def stem(word: str) -> str:
    """The glossary form of an inflected English word (exporters → exporter, regulations → regulation), in
    either spelling (programmes → program)."""
    found = _inflected(word)
    if found != word or word in GLOSSARY or word in WEAK_TERMS:
        return found
    for pattern, repl in _BRITISH:
        american = re.sub(pattern, repl, word)
        if american != word:
            candidate = _inflected(american)
            if candidate in GLOSSARY or candidate in WEAK_TERMS:
                return candidate
    return word


def _inflected(word: str) -> str:
    if word in GLOSSARY or word in WEAK_TERMS:
        return word
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ers", "er"), ("er", ""), ("ate", "ation"), ("e", "ion"), ("ion", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            candidate = word[: len(word) - len(suffix)] + repl
            if candidate in GLOSSARY or candidate in WEAK_TERMS:
                return candidate
    # An irregular form ("sold", "paid", "children") is its base form's entry.
    return next((lemma for lemma in english_lemmas(word) if lemma in GLOSSARY or lemma in WEAK_TERMS), word)


def korean_expansion(text: str) -> list[str]:
    """Korean forms of the glossary terms in an English question."""
    forms: list[str] = []
    for term in english_terms(text):
        if term.upper() in text and "-" in term:  # a name written in capitals (K-GLOBAL), not a K-brand word
            continue
        forms.extend(term_forms(term))
    return forms
