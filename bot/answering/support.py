"""Whether a text holds a concept of the question. Korean forms are compared with whitespace removed (수출 바우처
= 수출바우처); a Latin form is a word and must stand as one: "CE" is not inside "www.certleap.example", "leap" is
not inside "certleap", "test" is not inside "testing" — a name found inside another word proves nothing."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from bot.answering.fields import is_field_word
from bot.concepts import Concept, squash
from bot.english import english_inflections
from bot.text import is_english
from bot.tokens import analyse
from bot.translit import hangul_in_latin, name_in_hangul, phrase_in_hangul
from bot.vocab import forms_map

_HAS_LATIN = re.compile(r"[A-Za-z]")
_HAS_HANGUL = re.compile(r"[가-힣]")
_HANGUL_WORD = re.compile(r"[가-힣]{2,}")
_ENGLISH_WORD = re.compile(r"[a-z]{3,}")


@lru_cache(maxsize=4096)
def _latin_pattern(form: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in form.lower().split()]
    # An identifier's digits at its edge are part of it too: "5a002" is not inside "5a0021".
    before, after = ("0-9" if form[:1].isdigit() else ""), ("0-9" if form[-1:].isdigit() else "")
    return re.compile(rf"(?<![a-z{before}])" + r"\s*".join(words) + rf"(?![a-z{after}])")


def is_latin_form(form: str) -> bool:
    return bool(_HAS_LATIN.search(form)) and not _HAS_HANGUL.search(form)


_WHITESPACE = re.compile(r"\s+")


class Haystack:
    """A text prepared once for many look-ups: squashed for Korean forms, lower-cased for Latin words."""

    __slots__ = ("_english", "flat", "lower", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.flat = squash(text)
        self.lower = _WHITESPACE.sub(" ", text.lower())
        self._english: bool | None = None

    @property
    def english(self) -> bool:
        """Written in English (an export rule's page): a Korean word of the question is looked for in its English.
        Worked out on the first look-up that needs it, not for every sentence scored."""
        if self._english is None:
            self._english = is_english(self.text)
        return self._english

    def has(self, form: str) -> bool:
        if is_latin_form(form):
            return _latin_pattern(form).search(self.lower) is not None
        if _flat(form) not in self.flat:
            return False
        if not _HANGUL_WORD.fullmatch(form):
            return True
        # Found inside a longer word: only where it is a word of it ("바우처" of 수출바우처), not where it reads
        # across a noun's end into a verb's ending ("기한" in 포기한 is 포기 + 한).
        return any(not _across_morphemes(m) for m in _spaced_pattern(form).finditer(self.lower))


@lru_cache(maxsize=8192)
def _flat(form: str) -> str:
    return squash(form)


_HANGUL_RUN = re.compile(r"[가-힣]+")
_NOUN_TAGS = ("N", "XSN", "XR", "XPN", "SL", "SN", "SH")


@lru_cache(maxsize=4096)
def _spaced_pattern(form: str) -> re.Pattern[str]:
    """``form`` in text that may space it ("수출 바우처")."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in form))


def _across_morphemes(match: re.Match[str]) -> bool:
    """The match begins inside a word's morpheme and runs on into a verb's or an ending's: it reads syllables of
    two morphemes that are not the form (포기 + 한 for "기한"). A match at a word's start, inside one morpheme, or
    across nouns is the form."""
    text, start, end = match.string, match.start(), match.end()
    word_start = start
    while word_start > 0 and "가" <= text[word_start - 1] <= "힣":
        word_start -= 1
    word = _HANGUL_RUN.match(text, word_start)
    if word_start == start or word is None or word.end() < end:
        return False  # at a word's start, or spaced inside the form: no single word to read across
    offset, stop = start - word_start, end - word_start
    morphemes = analyse(word.group(0))  # cached
    for i, (_form, _tag, morph_start, length) in enumerate(morphemes):
        if morph_start < offset < morph_start + length:
            # Into a verb's or an ending's syllables: a noun's end read with them. Into another noun: perhaps a
            # compound Kiwi splits otherwise than the question's word ("마렌디아전파 + 인증" for "전파인증").
            return any(not tag.startswith(_NOUN_TAGS) for _f, tag, s, _l in morphemes[i + 1:] if s < stop)
    return False


# Korean names a cost with the suffix -비 (통역비, 운송비, 인건비, 구입비): such a word holds "비용". The nouns that
# only end in that syllable (설비, 장비, 준비, 대비, 정비, 구비, 예비) are no costs.
_COST_NOUN = re.compile(r"[가-힣](?<![설장준대정구예])비(?=[은는이가을를도와과의만로에,·)|\s]|$)")


# What an English page calls a cost where it is charged: "how much does it cost" is answered by a fee table. A
# Korean 비용 is not: "시험 비용" is not the 허가 수수료 beside it (words of that kind, X비, are above).
_CHARGE_WORD = re.compile(r"\b(?:fees?|charges?|prices?)\b")


def holds(concept: Concept, text: Haystack) -> bool:
    """A form of the concept is in the text; an English word of the question also counts when the text is English
    there (a page's English summary says "built-in" where its Korean says 내장), inflected as English text
    inflects it (the question's "laptop" is the page's "Laptops")."""
    if any(text.has(f) for f in concept.forms):
        return True
    # An English page's word for a Korean noun of the question, inflected as English text inflects it. Only in
    # English text: beside Korean text the glossary's English ("customs" for 관세, also 통관) would stand in for a
    # Korean word the page does not use.
    if concept.english and text.english and any(
            (_inflections(e) if " " not in e else _latin_pattern(e)).search(text.lower) for e in concept.english):
        return True
    # A name or loanword the question writes in Hangul and the English page in Latin (벨모라 → Velmora).
    if _HANGUL_WORD.fullmatch(concept.label) and text.english and hangul_in_latin(concept.label, text.lower):
        return True
    if "비용" in concept.forms and _COST_NOUN.search(text.lower):
        return True
    if "비용" in concept.forms and concept.label.isascii() and text.english and _CHARGE_WORD.search(text.lower):
        return True
    if answered_by_contrast(concept, text):
        return True
    label = concept.label
    return _ENGLISH_WORD.fullmatch(label) is not None and _inflections(label).search(text.lower) is not None


@lru_cache(maxsize=4096)
def _inflections(word: str) -> re.Pattern[str]:
    stem, endings = (word[:-1], "y|ies|ied") if word.endswith("y") and len(word) > 3 else (word, "|s|es|ed|d|ing")
    # Irregular forms too: the question's "sell" is the page's "may be sold", "pay" its "paid".
    irregular = "".join(f"|{re.escape(form)}" for form in sorted(english_inflections(word))
                        if not form.startswith(stem))
    return re.compile(rf"(?<![a-z])(?:{re.escape(stem)}(?:{endings}){irregular})(?![a-z])")


CONTRASTS = forms_map("contrasts_ko.tsv")
# "현금으로만", "현금만", "현금에 한하여", "현금에 한정" (spaces removed): the way named is the only one allowed;
# so is a way the rule requires within its clause ("현금 부담은 … 40% 이상이어야 함", "현금으로 내야 함").
_ONLY = r"(?:으로|로|에서|에게)?만|에한(?:하여|해|함|정)|[^.。]{0,24}?(?:어야|아야|여야|해야|내야)"


def answered_by_contrast(concept: Concept, text: Haystack) -> bool:
    """A way the question names ("현물로 내도 되나요?") that the text excludes by allowing only another ("부담금은
    현금으로만 납부"): that sentence answers, with a no; the way asked about is not absent from it."""
    return any(pattern.search(text.flat) for form in concept.forms
               if (pattern := _only_another(form)) is not None)


@lru_cache(maxsize=4096)
def _only_another(form: str) -> re.Pattern[str] | None:
    """"Only by another way than ``form``" in squashed text; None when the contrasts list nothing for ``form``."""
    others = CONTRASTS.get(form, ())
    if not others:
        return None
    return re.compile("(?:" + "|".join(re.escape(squash(other)) for other in others) + f")(?:{_ONLY})")


def unsupported(concepts: list[Concept], evidence: str | Haystack) -> list[Concept]:
    """Concepts none of whose forms occur in ``evidence`` (Latin forms as whole words). Concepts that only name
    the kind of answer, verb-nouns, words of the asker's situation and words with no counterpart to look for are
    never missing here (``settle_situation`` says when the situation counts after all)."""
    whole = evidence if isinstance(evidence, Haystack) else Haystack(evidence)
    longer = longer_words(concepts)
    phrased = loan_phrases(concepts, whole.text)
    missing = []
    for c in concepts:
        if not c.checkable or c.asked or c.predicate:  # a verb-noun ("실시되었나") is often paraphrased
            continue
        if c.background:  # the asker's own case ("경남에 있으면"): rules are written for every case
            continue
        text = outside_longer(whole, longer.get(c.label, ()))
        if holds(c, text):
            continue
        # A compound that shares its first two syllables with the evidence (협력사 ~ 협력기업) is a paraphrase.
        if any(len(f) >= 3 and re.fullmatch(r"[가-힣]+", f) and f[:2] in text.flat for f in c.forms):
            continue
        # A Latin name written in Hangul in the evidence ("Arven" → 아르벤).
        if c.specific and re.fullmatch(r"[a-z]{3,}", c.label) and name_in_hangul(c.label, text.text, proper=True):
            continue
        if c.label in phrased:
            continue
        missing.append(c)
    return missing


def loan_phrases(concepts: list[Concept], evidence: str) -> frozenset[str]:
    """English words the question writes one after the other that the evidence writes as one Hangul loanword
    ("heat pump" → 히트펌프, "live commerce" → 라이브커머스): each is there, in the other script."""
    latin = [c.label for c in concepts if re.fullmatch(r"[a-z]{2,}", c.label)]
    if len(latin) < 2 or not _HAS_HANGUL.search(evidence):
        return frozenset()
    pairs = zip(latin, latin[1:], strict=False)
    return frozenset(w for a, b in pairs if phrase_in_hangul([a, b], evidence) for w in (a, b))


def longer_words(concepts: list[Concept]) -> dict[str, tuple[str, ...]]:
    """For each Korean word of the question, the forms of its other words derived from it by one more syllable
    ("선정위원회 심사위원": the 위원 of 위원회 is the committee, not its members) — the question named both, so they
    are two things. Only a word one syllable longer, a noun with its suffix (위원회, 사업비, 신청서), is read so; a
    longer word that merely shares syllables with it (스타트업 for 스타) is left as ``holds`` reads it."""
    out: dict[str, tuple[str, ...]] = {}
    for c in concepts:
        if not _HANGUL_WORD.fullmatch(c.label):
            continue
        forms = [f for d in concepts if d is not c and len(d.label) == len(c.label) + 1 and c.label in d.label
                 and _HANGUL_WORD.fullmatch(d.label) for f in d.forms if _HANGUL_WORD.fullmatch(f)]
        if forms:
            out[c.label] = tuple(sorted(forms, key=len, reverse=True))
    return out


def outside_longer(text: Haystack, longer: tuple[str, ...]) -> Haystack:
    """``text`` without the ``longer`` words (``longer_words``), each as written in one word: "지원사업 자주" holds
    no 사업자."""
    if not longer:
        return text
    stripped = text.text
    for form in longer:
        stripped = stripped.replace(form, " ")
    return Haystack(stripped)


def loanwords(concepts: list[Concept], evidence: str) -> frozenset[str]:
    """Labels of English words without a glossary entry (``checkable`` False) that the evidence holds anyway: as
    written, when it has English text (a summary, a product name), or in Hangul ("system" → 시스템, "online" →
    온라인), as Korean notices spell many English words."""
    text = Haystack(evidence)
    return frozenset(c.label for c in concepts if not c.checkable and re.fullmatch(r"[a-z]{3,}", c.label) and (
        text.has(c.label) or (len(c.label) >= 4 and name_in_hangul(c.label, evidence))))


def titled(concepts: list[Concept], title: str) -> set[str]:
    """The question's words that say which program (not which field, not the asker's situation) ``title`` holds."""
    in_title = Haystack(title)
    return {c.label for c in concepts if c.checkable and not c.background and not c.asked
            and not is_field_word(c.label) and holds(c, in_title)}


def settle_situation(concepts: list[Concept], title: str, points_back: bool = False) -> list[Concept]:
    """The concepts with the asker's situation kept apart only when the rest of the question names the answering
    document — a word of its title that says which program (플랫폼, 스마트공장), not which field (지원, 신청, 한도:
    ``is_field_word``). Otherwise the situation may be what names the program ("저희가 수출바우처에 선정됐는데 한도가
    얼마예요?" must not be answered from another program's notice), and its words count like any other."""
    if not any(c.background for c in concepts):
        return concepts
    if titled(concepts, title):
        return concepts
    # The situation names the program by a word of the title ("공장만 한울에 있는데 신청 가능한가요?"): that word
    # names it, the rest of the situation stays the asker's own ("본사는 서울이고") — unless what is asked points
    # back at the situation ("… R&D 트랙도 있던데 그건 한도가 얼마예요?"), which then names the thing asked about.
    naming = titled([replace(c, background=False) for c in concepts if c.background], title)
    if naming and not points_back:
        return [replace(c, background=False) if c.label in naming else c for c in concepts]
    # A number the asker tells of themselves ("다른 분은 50대예요", "매출이 80억인데") names no program.
    return [replace(c, background=False) if c.background and not re.fullmatch(r"[\d.,]+", c.label) else c
            for c in concepts]
