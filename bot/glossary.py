"""English → Korean policy vocabulary. English questions about Korean documents use it twice: to give keyword
search Korean terms to look for, and to check that the question's concepts exist in the evidence."""

from __future__ import annotations

import re

# Each English term (lower-case, singular) maps to Korean forms, any of which counts as the same concept.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "export": ("수출",), "exporter": ("수출기업", "수출"), "import": ("수입", "도입"),
    "voucher": ("바우처",), "limit": ("한도",), "cap": ("한도",), "ceiling": ("한도",),
    "double": ("2배",), "twice": ("2배",), "loan": ("융자", "자금"), "finance": ("금융", "자금"),
    "financing": ("금융", "자금"), "fund": ("펀드", "자금"), "funding": ("자금", "투자"), "guarantee": ("보증",),
    "investment": ("투자",), "investor": ("투자자",), "venture": ("벤처",), "startup": ("스타트업",),
    "sme": ("중소기업", "중소"), "smes": ("중소기업", "중소"), "ministry": ("부",), "minister": ("장관",),
    "strategy": ("전략",), "task": ("과제",), "measure": ("대책",), "plan": ("계획", "대책"),
    "press": ("보도",), "release": ("보도자료",), "announce": ("발표",), "announced": ("발표",),
    "overseas": ("해외",), "abroad": ("해외",), "global": ("글로벌",), "globalization": ("글로벌화",),
    "subsidiary": ("법인",), "corporation": ("법인",), "entity": ("법인",), "market": ("시장",),
    "research": ("조사", "연구"), "survey": ("조사",), "license": ("인·허가", "허가"), "permit": ("허가",),
    "regulation": ("규제",), "regulatory": ("규제",), "certification": ("인증",), "certificate": ("인증서",),
    "consulting": ("컨설팅",), "support": ("지원",), "program": ("프로그램", "사업"), "project": ("프로젝트",),
    "large": ("대기업",), "conglomerate": ("대기업",), "partner": ("협력",), "cooperation": ("협력", "협업"),
    "embassy": ("재외공관",), "embassies": ("재외공관",), "mission": ("재외공관",), "council": ("협의체",),
    "foreign": ("외국인", "해외"), "student": ("유학생", "학생"), "university": ("대학",),
    "talent": ("인재",), "training": ("교육",), "education": ("교육",), "hire": ("채용",), "hiring": ("채용",),
    "employment": ("고용",), "job": ("고용", "채용"), "sales": ("매출",), "revenue": ("매출",),
    "profit": ("영업이익", "이익"), "operating": ("영업",), "growth": ("성장",), "rate": ("율",),
    "tech": ("테크", "기술"), "technology": ("기술",), "service": ("서비스",), "services": ("서비스",),
    "cloud": ("클라우드",), "data": ("데이터",), "center": ("센터",), "platform": ("플랫폼",),
    "bridge": ("브릿지",), "valuation": ("가치평가",), "transfer": ("이전",), "r&d": ("R&D",),
    "germany": ("독일",), "german": ("독일",), "foundation": ("재단",), "institute": ("연구기관", "연구소"),
    "korea": ("한국", "우리"), "korean": ("한국", "우리"), "team": ("팀",), "region": ("지역",),
    "regional": ("지역",), "local": ("지역", "현지"), "network": ("네트워크", "네트워킹"),
    "department": ("부서",), "contact": ("담당", "담당자"), "phone": ("전화",), "director": ("과장",),
    "official": ("담당자", "사무관", "서기관"), "budget": ("예산",), "share": ("비중",), "percent": ("%",),
    "target": ("목표",), "company": ("기업",), "companies": ("기업",), "firm": ("기업",), "business": ("기업", "사업"),
    "innovative": ("혁신",), "innovation": ("혁신",), "domestic": ("내수", "국내"), "item": ("품목",),
    "product": ("제품", "품목"), "crisis": ("위기",), "diversification": ("다변화",), "map": ("맵",),
    "wave": ("한류",), "hallyu": ("한류",), "retail": ("유통",), "distribution": ("유통",),
    "legal": ("법률",), "law": ("법률",), "accounting": ("회계",), "advice": ("자문",), "advisory": ("자문",),
    "protectionism": ("보호무역",), "supply": ("공급",), "chain": ("공급망",), "labeling": ("표시",),
    "testing": ("시험",), "deadline": ("마감",), "application": ("신청",), "apply": ("신청",),
    "eligibility": ("자격", "대상"), "eligible": ("대상",), "interest": ("금리", "이자"), "form": ("양식", "서식"),
    "steel": ("철강",), "cosmetics": ("화장품",), "japan": ("일본",), "china": ("중국",), "usa": ("미국",),
    "eu": ("EU", "유럽"), "europe": ("유럽",), "tax": ("세금", "세제"), "tariff": ("관세",), "customs": ("관세",),
    "agriculture": ("농업",), "tourism": ("관광",), "weather": ("날씨",), "lunch": ("점심",), "menu": ("메뉴",),
    "performance": ("성과", "성능"), "evaluation": ("평가",), "index": ("지표",), "indicator": ("지표",),
    "statistics": ("통계",), "meeting": ("간담회",), "roundtable": ("간담회",), "oda": ("ODA",),
    "koica": ("코이카",), "diplomacy": ("외교",), "foreign affairs": ("외교부",), "mou": ("MOU",),
    "headquarters": ("본부",), "pilot": ("실증",), "poc": ("PoC",),
}

GLOSSARY.update({
    "country": ("국가", "나라"), "nation": ("국가",), "division": ("과", "부서"), "bureau": ("국", "정책관"),
    "charge": ("담당",), "responsible": ("담당", "책임자"), "cost": ("비용",), "expense": ("비용",),
    "labelling": ("표시",), "label": ("표시",), "diplomatic": ("재외공관", "외교"), "form": ("양식", "서식"),
    "formed": ("구성",), "million": ("만", "100만"), "dollar": ("달러", "불"), "less": ("미만",),
    "embargo": ("보도시점",), "agency": ("기관",), "agencies": ("기관",), "organization": ("기관",),
    "organisation": ("기관",), "advisory": ("자문",), "legal": ("법률",), "course": ("과정",),
    "period": ("기간", "년간"), "delegation": ("사절단",), "document": ("서류", "문서"), "submit": ("제출",),
    "scholarship": ("장학금",), "tax": ("세", "세금"), "corporate": ("법인",), "exemption": ("감면", "면제"),
    "reduction": ("감면", "감소"), "school": ("학교",), "career": ("경력",), "background": ("배경",),
    "medical": ("의료",), "device": ("기기",), "approval": ("승인", "허가"), "review": ("심사", "검토"),
    "selected": ("선정",), "selection": ("선정",), "select": ("선정",), "step": ("단계",), "stage": ("단계",),
    "motto": ("모토",), "goal": ("목표",), "objective": ("목표",), "package": ("패키지",),
    "growth": ("성장", "증가"), "grow": ("성장", "증가"), "increase": ("증가", "확대"), "decrease": ("감소",),
    "trend": ("추이", "추세"), "exports": ("수출",), "exporting": ("수출",), "small": ("중소",),
    "medium": ("중소",), "enterprise": ("기업",), "enterprises": ("기업",), "deep": ("딥테크",),
    "marketing": ("마케팅",), "buyer": ("바이어",), "contract": ("계약",), "negotiation": ("협상",),
    "case": ("사례",), "example": ("사례",), "pregnancy": ("임신",), "childcare": ("육아",),
    "hospital": ("병원", "산부인과"), "southeast": ("동남아",), "asia": ("아시아", "동남아"),
    "university": ("대학",), "universities": ("대학",), "graduate": ("졸업",), "recruit": ("채용",),
    "sign": ("체결",), "signed": ("체결",), "agreement": ("MOU", "협약"), "memorandum": ("MOU",),
    "april": ("4월",), "may": ("5월",), "june": ("6월",), "march": ("3월",), "january": ("1월",),
    "february": ("2월",), "july": ("7월",), "august": ("8월",), "september": ("9월",), "october": ("10월",),
    "november": ("11월",), "december": ("12월",), "visa": ("비자",), "license": ("면허", "허가"),
    "licence": ("면허", "허가"), "driving": ("운전",), "renew": ("갱신",), "insurance": ("보험",),
    "salary": ("급여", "임금"), "wage": ("임금",), "pension": ("연금",), "rent": ("임대",),
    "housing": ("주택",), "hotel": ("호텔",), "restaurant": ("식당",), "recommend": ("추천",),
})

# Korean abbreviations users type for the words documents spell out.
KOREAN_ALIASES: dict[str, tuple[str, ...]] = {
    "중기": ("중소기업",), "중기부": ("중소벤처기업부",), "과기": ("과학기술",), "과기부": ("과학기술정보통신부",),
    "산업부": ("산업통상자원부",), "기보": ("기술보증기금",), "케이": ("K",), "팁스": ("TIPS",),
    "코트라": ("KOTRA",), "빅데이타": ("빅데이터", "빅테이터"), "빅데이터": ("빅테이터",), "알앤디": ("R&D",),
    "알엔디": ("R&D",), "스타트업": ("창업기업",), "벤처": ("벤처기업",),
}

# Multi-word names, matched before single words.
PHRASES: dict[str, tuple[str, ...]] = {
    "ministry of smes and startups": ("중소벤처기업부", "중기부"),
    "minister of smes and startups": ("중소벤처기업부", "장관"),
    "ministry of sme and startups": ("중소벤처기업부", "중기부"),
    "ministry of trade": ("산업부", "산업통상자원부"),
    "ministry of foreign affairs": ("외교부",),
    "global business center": ("글로벌비즈니스센터", "GBC"),
    "export voucher": ("수출바우처", "수출 바우처"),
    "export support center": ("수출지원센터",),
    "one team": ("원팀",),
    "team korea": ("원팀 코리아",),
    "scale-up": ("스케일업",),
    "scale up": ("스케일업",),
    "press release": ("보도자료",),
    "export doctor": ("수출닥터",),
}

# Words so common in questions that their absence from a passage says nothing.
WEAK_TERMS = {
    "support", "program", "project", "plan", "company", "companies", "firm", "business", "service", "services",
    "target", "share", "rate", "korea", "korean", "team", "data", "center", "operating", "measure", "strategy",
    "task", "global", "market", "sme", "smes", "government", "new", "policy", "mentioned", "main",
}

# Words that carry no concept of their own in a question.
ENGLISH_STOPWORDS = set("""
a an the of in on at to for from by with about into over under and or but not no is are was were be been being
do does did done have has had what which who whom whose when where why how much many that this these those it its
there their they them he she his her we our you your i me my can could will would should shall may might must
than then so such as if also any all some each per up out new more most under after before between during
tell explain describe give list show please according document documents say said mentioned mention
get gets got receive received offer offered offers provide provided provides help helps helped make made
turn turned become becomes take taken use used using need needs want know find happen happens change changes
changed going go goes set setting come comes like kind type types way ways thing things introduce introduced
expand expanded expanding increase increased create created launch launched establish established run runs
does done doing able per cited cite called named mean means said stated state states stated will shall
year years month months today currently current now still already much many
one two three four five six seven eight nine ten thirteen twenty
""".split())

_WORD = re.compile(r"[A-Za-z][A-Za-z&\-]*")


def english_terms(text: str) -> list[str]:
    """Content words of an English question, lower-cased, stopwords dropped, simple plural folded; known
    multi-word names come first as one term."""
    out = []
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


def stem(word: str) -> str:
    """The glossary form of an inflected English word (exporters → exporter, regulations → regulation)."""
    if word in GLOSSARY or word in WEAK_TERMS:
        return word
    for suffix, repl in (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ers", "er"), ("er", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            candidate = word[: len(word) - len(suffix)] + repl
            if candidate in GLOSSARY or candidate in WEAK_TERMS:
                return candidate
    return word


def korean_expansion(text: str) -> list[str]:
    """Korean forms of the glossary terms in an English question."""
    forms: list[str] = []
    for term in english_terms(text):
        if term.upper() in text and "-" in term:  # a name written in capitals (K-GLOBAL), not a K-brand word
            continue
        forms.extend(term_forms(term))
    return forms
