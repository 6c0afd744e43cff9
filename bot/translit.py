"""Does a Latin name of the question appear in Korean evidence in Hangul? Foreign names in Korean documents are
transliterated ("Arven" → 아르벤, "Vietnam" → 베트남), so an English question's name is looked for by sound: the
Hangul words are romanised (korean-romanizer) and both sides reduced to a rough phonetic key before a fuzzy
comparison (rapidfuzz). A name with no such counterpart stays missing, as it should."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from korean_romanizer.romanizer import Romanizer
from rapidfuzz import fuzz

from ingestion.korean import _kiwi, _kiwi_lock

_HANGUL_WORD = re.compile(r"[가-힣]{2,}")
# English spellings and Korean romanisation disagree on these; both sides are mapped the same way.
_FOLD = (("ph", "p"), ("th", "t"), ("ch", "j"), ("sh", "s"), ("ck", "k"), ("v", "b"), ("f", "p"), ("l", "r"),
         ("z", "j"), ("q", "k"), ("c", "k"), ("x", "ks"), ("w", ""), ("y", ""), ("h", ""))
MIN_RATIO = 80.0


def phonetic_key(latin: str) -> str:
    key = latin.lower()
    key = key.replace("eu", "")  # the vowel Korean inserts between consonants (아르벤 = a-reu-ben)
    for a, b in _FOLD:
        key = key.replace(a, b)
    return re.sub(r"([a-z])\1+", r"\1", re.sub(r"[^a-z]", "", key))


@lru_cache(maxsize=20000)
def _hangul_key(word: str) -> str:
    return phonetic_key(Romanizer(word).romanize())


def name_in_hangul(name: str, evidence: str, proper: bool = False) -> bool:
    """True when some Hangul word of ``evidence`` (or its first part: 아르벤어, 아르벤의) sounds like ``name``.
    ``proper``: the name is a proper noun, so a word Korean knows as a common noun is not it — by sound alone
    "Gangneung" is 관광, "Incheon" 인정 and "Sejong" 선정."""
    key = phonetic_key(name)
    if len(key) < 3:
        return False
    for word in set(_HANGUL_WORD.findall(evidence)):
        if proper and is_common_noun(word):  # 관광사업자: its cut 관광사 is no name either
            continue
        for part in {word, word[: len(word) - 1], word[: len(word) - 2]}:
            if len(part) >= 2 and not (proper and is_common_noun(part)):
                other = _hangul_key(part)
                if other[:1] == key[:1] and fuzz.ratio(key, other) >= MIN_RATIO:
                    return True
    return False


_LATIN_WORD = re.compile(r"[a-z]{3,}")


def hangul_in_latin(word: str, english_text: str) -> bool:
    """True when some word of (lower-cased) English text sounds like a Hangul word of the question: the other
    way round, a Korean asker writes the page's names and loanwords in Hangul (벨모라 → Velmora, 프로바이오틱스 →
    probiotics). Short keys are left alone: two syllables sound like too many words."""
    key = _hangul_key(word)
    if len(key) < 4:
        return False
    return any(other[:1] == key[:1] and fuzz.ratio(key, other) >= MIN_RATIO
               for other in {_latin_key(w) for w in _LATIN_WORD.findall(english_text)})


@lru_cache(maxsize=20000)
def _latin_key(word: str) -> str:
    return phonetic_key(word)


@lru_cache(maxsize=20000)
def is_common_noun(word: str) -> bool:
    """``word`` is, or begins with, a common noun Kiwi's dictionary holds (관광, 관광사): not a transliterated name.
    A word it does not know is tagged NNG too, as OOV."""
    with _kiwi_lock:
        tokens = _kiwi().tokenize(word)
    return bool(tokens) and tokens[0].tag == "NNG" and not tokens[0].oov and len(tokens[0].form) >= 2


SoundIndex = dict[str, list[tuple[str, str]]]


def sound_index(terms: Iterable[str]) -> SoundIndex:
    """Latin terms by the first letter of their phonetic key, each with its key: built once per index."""
    index: SoundIndex = {}
    for term in terms:
        key = _latin_key(term) if len(term) >= 4 else ""
        if len(key) >= 4:
            index.setdefault(key[0], []).append((key, term))
    return index


def latin_spellings(word: str, index: SoundIndex) -> list[str]:
    """The terms of ``index`` that sound like the Hangul ``word`` (켈바리아 → kelvaria): how an English page spells
    a name a Korean question writes in Hangul, so that keyword search finds the page."""
    key = _hangul_key(word)
    if len(key) < 4:
        return []
    return [term for other, term in index.get(key[0], []) if fuzz.ratio(key, other) >= MIN_RATIO]


_VOWELS = re.compile(r"[aeiou]")


def _english_sound(word: str) -> str:
    """An English word as Korean writes its sound, roughly: a soft c is s, a final e is silent and an r before a
    consonant or at the end is not pronounced (commerce → 커머스, center → 센터)."""
    w = re.sub(r"c(?=[eiy])", "s", word.lower())
    w = re.sub(r"(?<=[^aeiou])e$", "", w) if len(w) > 3 else w
    return re.sub(r"r(?=[^aeiouy]|$)", "", w)


def consonants(key: str) -> str:
    """A phonetic key's consonants: English and Korean write a loanword's vowels too differently to compare."""
    return _VOWELS.sub("", key)


def phrase_in_hangul(words: list[str], evidence: str) -> bool:
    """True when some Hangul word of ``evidence`` is the English phrase ``words`` written as one loanword (heat
    pump → 히트펌프, live commerce → 라이브커머스): their consonants, after the English sounds are read, are the
    same and at least four."""
    key = consonants(phonetic_key("".join(_english_sound(w) for w in words)))
    return len(key) >= 4 and key in _skeletons(evidence)


@lru_cache(maxsize=256)
def _skeletons(evidence: str) -> frozenset[str]:
    """The consonants of every Hangul word of ``evidence``: one evidence text is read for several phrases."""
    return frozenset(consonants(_hangul_key(word)) for word in set(_HANGUL_WORD.findall(evidence)))
