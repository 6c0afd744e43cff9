"""Key concepts of a question and whether the evidence supports them. A similarity score cannot tell an
answerable question from a near miss ("2025년 마감일" looks like the 2025 passage); a missing concept can."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from bot.english import verb_only
from bot.glossary import (
    CODE,
    ENGLISH_STOPWORDS,
    GLOSSARY,
    GLUED,
    KOREAN_ALIASES,
    PHRASES,
    WEAK_TERMS,
    code_spans,
    english_gloss,
    english_synonyms,
    english_terms,
    k_brand_forms,
    stem,
    term_forms,
)
from bot.situation import background_end, english_background_end
from bot.text import is_english
from bot.tokens import analyse
from bot.vocab import table, word_set

# Question words and generic request words: they name no concept the document must contain.
KOREAN_GENERIC = word_set("generic_ko.txt")
# 올해, 작년, 그동안: which year or period from today, not a word a passage holds.
YEAR_DEIXIS = {word: int(offset) for word, offset in table("year_deixis.tsv", 2)}
TIME_DEIXIS = word_set("time_deixis_ko.txt") | {w for w in YEAR_DEIXIS if not w.isascii()}
_EN_YEAR_DEIXIS = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in YEAR_DEIXIS
                                                 if w.isascii()) + r")\b", re.IGNORECASE)
_WH_DETERMINERS = {"어느", "어떤", "무슨", "몇", "어떠한"}
# Attribute words a number answers ("지원 규모는?"): the answer-type check covers them, they are not concepts.
NUMERIC_ATTRIBUTES = word_set("attributes_ko.txt")
_KEEP_TAGS = {"NNG", "NNP", "SL", "SN", "XR", "SH", "NR"}
_DIGITS = re.compile(r"\d[\d,.]*")


NUMBER_WORDS = {
    "two": ("2", "두"), "three": ("3", "세"), "four": ("4", "네"), "five": ("5", "다섯"), "six": ("6", "여섯"),
    "seven": ("7", "일곱"), "eight": ("8", "여덟"), "nine": ("9", "아홉"), "ten": ("10", "열"),
    "thirteen": ("13", "열세"), "twenty": ("20", "스무"),
}


@dataclass(frozen=True)
class Concept:
    """One concept of the question: its surface forms (any one found counts) and how specific it is."""

    label: str
    forms: tuple[str, ...]
    specific: bool  # numbers, years, names, acronyms: must be present
    checkable: bool = True  # False for English words we cannot map to Korean (counted, never searched)
    asked: bool = False  # names the kind of answer ("어떤 역할"): helps pick sentences, never makes us abstain
    predicate: bool = False  # a noun the question uses as its verb ("지원하나요"): never the thing asked about
    # Named in a clause that tells the asker's situation ("경남에 있으면 …", "이미 아마존에 입점해 있는데 …"): the
    # rule that answers is written for any such case, so the word need not be in the passage.
    background: bool = False
    # English words a page may write for a Korean noun of the question (보충제 → supplement), from the glossary.
    english: tuple[str, ...] = ()


ANSWER_TYPE_NOUNS = word_set("answer_types_ko.txt")


def question_concepts(question: str) -> list[Concept]:
    """Concepts a supporting passage must contain, from both scripts of the question: Korean nouns merged into
    the compounds the question wrote (수출바우처), numbers with their units (2026년 → 2026), and Latin words —
    names and acronyms as written, glossary words as their Korean forms, other content words as they are.
    Function words ("what", "is") never count; a mixed question ("수출바우처 limit이 …") uses both parts."""
    korean = not is_english(question)
    latin = _EN_YEAR_DEIXIS.sub(" ", question)  # "last year": a year from today, as 작년 (TIME_DEIXIS)
    concepts = _latin_concepts(latin, in_korean=korean) + _korean_concepts(question)
    verbs = _answered_verbs(latin)
    concepts = [replace(c, predicate=True) if c.label.lower() in verbs else c for c in concepts]
    end = background_end(question) if korean else english_background_end(question)
    if end:
        told = question[:end].lower()
        concepts = [replace(c, background=True) if _named_only_in(c.label, told, question[end:].lower()) else c
                    for c in concepts]
    if korean and _CONFIRMING.search(question):
        # "… 총 2,300만원 받는 거죠?": the figure is the asker's reckoning, for the document's own to confirm or
        # correct, not a figure the document must hold. A year still names the edition asked about.
        concepts = [replace(c, background=True) if c.specific and re.fullmatch(r"[\d.,]+", c.label)
                    and not re.fullmatch(r"(?:19|20)\d\d", c.label) else c for c in concepts]
    return _dedupe(concepts)


# A Korean question asking to confirm what the asker states: "… 받는 거죠?", "… 맞나요?", "… 맞죠?".
_CONFIRMING = re.compile(r"(?:거|것|게)\s*(?:맞)?(?:죠|지요)\s*[?？]?\s*$|맞(?:죠|나요|아요|지요|습니까)\s*[?？]?\s*$")


# "When is it held?", "Where will the fair be located?": the verb that ends a when/where question is what the date
# or the place answers, stated by the date ("November 18–20"), seldom by the verb. "Which show suits us": the verb
# of a which-question whose object is the asker.
_WH_CLAUSE_VERB = re.compile(r"\b(?:when|where)\s+(?:is|are|was|were|will|does|do|did|can|should|must)\s+"
                             r"(?:[a-z'-]+\s+){0,5}?(?P<verb>[a-z]+)\s*(?:[?.,]|$|\band\b)", re.IGNORECASE)
_WHICH_FITS = re.compile(r"\b(?:which|what)\s+[a-z]+\s+(?P<verb>[a-z]+s)\s+(?:us|me|our|my|them|you)\b",
                         re.IGNORECASE)


def _answered_verbs(question: str) -> set[str]:
    """Verbs an English question asks the date, place or choice of (lower-case)."""
    verbs = {m.group("verb").lower() for m in _WH_CLAUSE_VERB.finditer(question) if verb_only(m.group("verb").lower())}
    return verbs | {m.group("verb").lower() for m in _WHICH_FITS.finditer(question)}


def _named_only_in(label: str, told: str, asked: str) -> bool:
    return label.lower() in told and label.lower() not in asked


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z&\-]*")


def _names_in(question: str) -> set[str]:
    """Latin words written as names: acronyms (TIPS, CBAM) and capitalised words that do not open the question
    (Vietnam, Customs Act) — the words a passage must hold as written, not as a translation."""
    names: set[str] = set()
    lowered = question.lower()
    for phrase in PHRASES:  # "Ministry of Foreign Affairs" is a known phrase, not three names
        if phrase in lowered:
            start = lowered.index(phrase)
            question = question[:start] + " " * len(phrase) + question[start + len(phrase):]
            lowered = question.lower()
    words = [part for w in _LATIN_WORD.findall(question) for part in w.split("-") if part]
    opening = question.lstrip()[:1].isascii()
    for i, w in enumerate(words):
        if len(w) >= 2 and (w.isupper() or (w[0].isupper() and not (i == 0 and opening))):
            names.add(w.lower())
    return names


def _checkable_forms(forms: tuple[str, ...]) -> tuple[str, ...]:
    """A one-syllable Korean form (세, 율, 부) occurs inside countless words: it proves nothing in a passage."""
    return tuple(f for f in forms if not re.fullmatch(r"[가-힣]", f))


# A verb of aspect before a gerund ("start accepting", "keep selling", "continue importing"), or "fail to" before a
# verb ("fail to get" is 받지 못하다): the verb after it says what is asked about; "start" and "keep" only say when
# or whether it goes on, "fail" that it does not happen.
_ASPECT = re.compile(r"\b(?:start|starts|started|begin|begins|began|keep|keeps|continue|continues)\s+(?=[a-z]+ing\b)"
                     r"|\b(?:fail|fails|failed)\s+to\s+(?=[a-z])", re.IGNORECASE)


# The participle of a hyphenated modifier ("battery-powered", "AI-based", "export-oriented") says how the noun
# before it relates to the thing described; that noun carries the content, the participle is rarely written.
_HYPHEN_PARTICIPLE = re.compile(r"(?<=[A-Za-z])-[a-z]+ed\b")


_HOW_WORD = re.compile(r"\bhow\s+(?:long|often|soon|far|early|late)\b", re.IGNORECASE)


def _latin_concepts(question: str, in_korean: bool = False) -> list[Concept]:
    """``in_korean``: the Latin words stand inside a Korean question ("jtbc 전에 tbc를 …", "수출바우처 limit이"):
    a glossary word keeps its Korean forms, any other is looked for as written."""
    if not re.search(r"[A-Za-z]", question):
        return []
    question = _HYPHEN_PARTICIPLE.sub("", _ASPECT.sub("", question))
    question = _HOW_WORD.sub("how", question)  # "how long", "how often": one question word
    concepts = [Concept(m.group(0), (m.group(0),), specific=True) for m in CODE.finditer(question)]
    names = _names_in(question)
    glued = {w.lower() for w in GLUED.findall(question)}
    for term in english_terms(question):
        lowered = term.lower()
        if term in PHRASES or k_brand_forms(term):
            concepts.append(Concept(term, term_forms(term), specific=False))
        elif lowered in glued and term in GLOSSARY:  # "HS" of "HS8471": a prefix, its Korean forms or as written
            concepts.append(Concept(term, (*_checkable_forms(GLOSSARY[term]), term), specific=lowered in names))
        elif lowered in names or any(n.startswith(lowered) for n in names if len(lowered) >= 4):
            if term in WEAK_TERMS:  # "Korean", "Program": capitalised, still too common to say anything
                continue
            if term in GLOSSARY:  # a capitalised ordinary word ("Ministry", "Japan"): its Korean forms
                forms = _checkable_forms(GLOSSARY[term])
                if forms:
                    concepts.append(Concept(term, forms, specific=True))
            else:
                concepts.append(Concept(term, (term,), specific=True))
        elif term in WEAK_TERMS or term in ENGLISH_STOPWORDS:
            continue
        elif term in GLOSSARY:
            forms = _checkable_forms(GLOSSARY[term])
            if forms:
                concepts.append(Concept(term, forms, specific=False, english=english_synonyms(term)))
        elif in_korean:  # a Latin word inside a Korean question is a term the passage holds as written ("jtbc")
            concepts.append(Concept(term, (term,), specific=False))
        else:  # a word the glossary does not know: counted (a question made of them is off-topic), not searched
            concepts.append(Concept(term, (term,), specific=False, checkable=False))
    for word in re.findall(r"[a-z]+", question.lower()):
        if word in NUMBER_WORDS:
            digit, native = NUMBER_WORDS[word]
            forms = (f"{digit}가지", f"{digit}개", f"{native}가지", digit)
            concepts.append(Concept(word, forms, specific=False))
    return concepts


# Prefixes that turn a noun into its opposite: the word without them means the contrary.
_NEGATING_PREFIXES = {"불", "비", "미", "무", "몰", "탈", "반"}


# One-syllable nouns Kiwi splits from the noun they make a sum of money of (참가+비, 보관+료, 지원+금, 지원+액).
_MONEY_SUFFIXES = {"비", "료", "금", "액"}


def _korean_concepts(question: str) -> list[Concept]:
    concepts: list[Concept] = []
    previous = ""
    tokens = analyse(question)
    codes = code_spans(question)
    for i, (form, tag, _start, _len) in enumerate(tokens):
        base = tag.split("-")[0]
        if any(start <= _start < end for start, end in codes):
            continue  # a part of an identifier ("5A002"), which the Latin reading takes whole
        if i > 0 and tokens[i - 1][1] == "XPN" and tokens[i - 1][0] in _NEGATING_PREFIXES and base == "NNG":
            form = tokens[i - 1][0] + form  # 불이익 is not 이익, 비대면 not 대면, 미지급 not 지급
        if (base == "NNG" and len(form) >= 2 and i + 1 < len(tokens) and tokens[i + 1][0] in _MONEY_SUFFIXES
                and tokens[i + 1][2] == _start + _len):
            form += tokens[i + 1][0]  # 참가비 is not 참가, 통역비 not 통역: the money of that thing
        # A noun used as a verb ("지원하나요") or as an adverb ("최종적으로", "구체적으로") qualifies what is
        # asked; a passage often words it otherwise.
        predicate = i + 1 < len(tokens) and (tokens[i + 1][1].startswith(("XSV", "XSA")) or (
            tokens[i + 1][0] == "적" and i + 2 < len(tokens) and tokens[i + 2][0] in ("으로", "로")))
        after_wh = previous in _WH_DETERMINERS
        counted = previous == "몇"
        previous = form
        if (base not in _KEEP_TAGS or base == "SL" or form in KOREAN_GENERIC or form in NUMERIC_ATTRIBUTES
                or form in TIME_DEIXIS):
            continue
        if base == "NNG" and _members_asked(tokens, i):
            # "가점 받을 수 있는 항목이 뭐가 있죠?": what is there of a kind — its members answer, the passage need
            # not name the kind.
            concepts.append(Concept(form, (form,), specific=False, asked=True))
            continue
        if base in ("NNG", "NNP") and form in ANSWER_TYPE_NOUNS and _last_noun(tokens, i, ANSWER_TYPE_NOUNS):
            # "개최 도시는?", "책의 제목은 무엇인가?": the kind of answer, which the passage names instead.
            concepts.append(Concept(form, (form,), specific=False, asked=True))
            continue
        if after_wh and (base == "NNB" or counted or form in ANSWER_TYPE_NOUNS):
            # "어느 나라", "어떤 역할", "몇 페이지": the noun after a question determiner names the kind of answer.
            # Another noun after 어느/어떤 ("어느 환율로") is a thing the answer speaks of, looked for like any other.
            concepts.append(Concept(form, (form,), specific=False, asked=True))
            continue
        if base == "SN":
            concepts.append(Concept(form, number_forms(form.rstrip(".,")), specific=True))
        elif form in KOREAN_ALIASES:
            concepts.append(Concept(form, (form, *KOREAN_ALIASES[form]), specific=False))
        elif base == "NNP":
            concepts.append(Concept(form, (form,), specific=len(form) >= 2, english=english_gloss(form)))
        elif len(form) >= 2 or base == "XR":
            concepts.append(Concept(form, (form,), specific=False, predicate=predicate, english=english_gloss(form)))
    return concepts + _split_names(question, tokens)


_EOJEOL = re.compile(r"[가-힣]+")


def _split_names(question: str, tokens: tuple[tuple[str, str, int, int], ...]) -> list[Concept]:
    """Names Kiwi does not know and reads as a verb inside one word: "다온시에서는" → 다/오/ᆫ/시 + 에서는. A word
    whose part before its particle holds a verb and its adnominal ending and ends in a noun is a name as written
    (다온시); a real phrase puts a space after the adnominal ending ("큰 회사에서")."""
    names: list[Concept] = []
    for word in _EOJEOL.finditer(question):
        inside = [t for t in tokens if word.start() <= t[2] < word.end()]
        particle = next((k for k, t in enumerate(inside) if t[1].startswith("J")), None)
        if particle is None or particle < 2:
            continue
        before = inside[:particle]
        tags = [t[1] for t in before]
        if (any(t.startswith(("VV", "VA")) for t in tags) and "ETM" in tags and tags[-1].startswith("NN")
                and (name := question[word.start():inside[particle][2]]) and len(name) >= 2):
            names.append(Concept(name, (name,), specific=False))
    return names


def _members_asked(tokens: tuple[tuple[str, str, int, int], ...], i: int) -> bool:
    """Token ``i`` is the subject of "뭐가 있나요", "무엇이 있죠", "어떤 게 있어요": the question asks which things of
    that kind there are."""
    rest = [(form, tag.split("-")[0]) for form, tag, _s, _l in tokens[i + 1:i + 6]]
    if len(rest) < 3 or rest[0][1] not in ("JKS", "JX"):
        return False
    what = rest[1][0] in ("뭐", "무엇", "뭣") or (rest[1][0] == "어떤" and rest[2][0] == "것")
    return what and any(form == "있" for form, _tag in rest[2:]) and _last_noun(tokens, i)


def _last_noun(tokens: tuple[tuple[str, str, int, int], ...], i: int, kinds: frozenset[str] = frozenset()) -> bool:
    """No noun or number follows token ``i``: it is the last thing the question names (a counter such as the 시
    of "몇 시" names no thing). Nouns in ``kinds`` may follow: "날짜랑 시간 알려 주세요" asks for two kinds of
    answer, and the first is no more a thing the passage must name than the second."""
    return not any(t[1].startswith(("NN", "SN", "SL", "SH", "XR")) and t[1] != "NNB" and t[0] not in kinds
                   for t in tokens[i + 1:])


def number_forms(number: str) -> tuple[str, ...]:
    """A year is also written '14 or ‘14 in Korean tables; other numbers must appear as written."""
    if re.fullmatch(r"(19|20)\d\d", number):
        short = number[2:]
        return (number, *(q + short for q in "'‘’`"))
    return (number,)


def head_concept(question: str, concepts: list[Concept]) -> Concept | None:
    """The concept the question asks about: in Korean, the last content noun ("… 신청 마감일은 언제?"); in
    English, the first content word the glossary knows ("What is the budget for …")."""
    if is_english(question):
        latin = [c for c in concepts if c.checkable and not c.specific and not c.asked and not c.background
                 and not c.predicate and c.label.isascii()]
        # Statements before the question tell the asker's case ("We export vitamin tablets to Morvessa. How long
        # will …?"): the thing asked about is in the question itself.
        if cut := english_background_end(question):
            rest = {stem(w) for w in re.findall(r"[a-z][a-z&\-]*", question[cut:].lower())}
            if asked := [c for c in latin if c.label in rest]:
                latin, question = asked, question[cut:]
        return _compound_head(question, latin) if latin else None
    nouns = [c for c in concepts
             if c.checkable and not c.specific and not c.asked and not c.predicate and re.search("[가-힣]", c.label)]
    return nouns[-1] if nouns else None


def _compound_head(question: str, latin: list[Concept]) -> Concept:
    """The first English content word, or the last of the words written after it as one noun phrase with it: in
    "the online application system" the system is asked about, "online" and "application" say which."""
    by_label = {c.label: c for c in latin}
    words = [stem(w) for w in re.findall(r"[a-z][a-z&\-]*", question.lower())]
    if latin[0].label not in words:
        return latin[0]
    i = words.index(latin[0].label)
    while i + 1 < len(words) and words[i + 1] in by_label:
        i += 1
    return by_label[words[i]]


def deixis_years(question: str, this_year: int) -> tuple[str, ...]:
    """The other years the question names by their distance from ``this_year`` ("작년" asked in 2026 → 2025).
    "올해" is not one: it says the current edition, which every sentence of the notice is about."""
    words = {form for form, _tag, _s, _l in analyse(question)}
    words |= {re.sub(r"\s+", " ", m.group().lower()) for m in _EN_YEAR_DEIXIS.finditer(question)}
    return tuple(sorted({str(this_year + offset) for word, offset in YEAR_DEIXIS.items() if offset and word in words}))


def _dedupe(concepts: list[Concept]) -> list[Concept]:
    seen: set[str] = set()
    out = []
    for c in concepts:
        if c.label not in seen:
            seen.add(c.label)
            out.append(c)
    return out


_WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Compare texts with whitespace removed and middle dots unified (수출 바우처 = 수출바우처)."""
    return _WHITESPACE.sub("", text).replace("‧", "·").replace("ㆍ", "·").lower()
