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
    for w in _WORD.findall(lowered if out else text):
        lw = w.lower()
        if lw in ENGLISH_STOPWORDS or len(lw) < 2:
            continue
        if lw not in GLOSSARY and lw.endswith("s") and lw[:-1] in GLOSSARY:
            lw = lw[:-1]
        out.append(lw)
    return out


def korean_expansion(text: str) -> list[str]:
    """Korean forms of the glossary terms in an English question."""
    forms: list[str] = []
    for term in english_terms(text):
        forms.extend(PHRASES.get(term, GLOSSARY.get(term, ())))
    return forms
