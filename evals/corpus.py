"""Temporary corpora for the scale evals: KorQuAD paragraphs and generated distractor notices as .txt files
plus a manifest.toml, and cached indexes built from them (re-ingesting an unchanged document is a no-op)."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import PROJECT_ROOT, Settings, get_settings
from bot.service import PolicyBot
from ingestion.index.embedding_cache import ENV as EMBEDDING_CACHE_ENV
from ingestion.index.embedding_cache import shared_cache, text_key
from ingestion.index.records import PAGE, where_chunks
from ingestion.pipeline import ingest

SEED_CORPUS = PROJECT_ROOT / "corpora"
# Fictional multi-document fixtures (two editions of a program, a similar program, an export-regulation page, a
# FAQ; TXT UTF-8/CP949, HTML, Markdown, DOCX, HWPX) for ``--suite multidoc``; see evals/multidoc/.
MULTIDOC_CORPUS = PROJECT_ROOT / "evals" / "multidoc" / "docs"
# Other fictional programs (two editions and an amendment, a similar program, another sector, two export-regulation
# pages, a FAQ) for ``--suite notices``; see evals/notices/.
NOTICES_CORPUS = PROJECT_ROOT / "evals" / "notices" / "docs"
PROBES_CORPUS = PROJECT_ROOT / "evals" / "probes" / "docs"
# A regional subsidy notice with its press release, a training voucher notice with its correction, an English
# export-regulation page and a Korean/English market-entry guide, written without knowledge of the answering
# code, for ``--suite probes2``; see evals/probes2/.
PROBES2_CORPUS = PROJECT_ROOT / "evals" / "probes2" / "docs"
# Two editions of a green-transition subsidy with a correction notice and a FAQ, a similar regional subsidy with a
# press release, an English export-regulation page and a Korean/English market-entry guide, written without
# knowledge of the answering code, for ``--suite fresh``; see evals/fresh/.
FRESH_CORPUS = PROJECT_ROOT / "evals" / "fresh" / "docs"
# An integrated notice of three sub-programs with last year's edition of one of them and a FAQ, an English
# trade-show support notice, a regional smart-factory notice (DOCX) with its change notice (CP949), a similar
# program's press release and an English/Korean export-control page, written without knowledge of the answering
# code, for ``--suite fresh2``; see evals/fresh2/.
FRESH2_CORPUS = PROJECT_ROOT / "evals" / "fresh2" / "docs"
# A policy-loan notice with last year's edition and a Markdown FAQ, an English cosmetics-registration page, a
# youth-hiring notice (DOCX) with its correction (CP949), a bilingual FTA origin page and a press release about a
# similar program, written without knowledge of the answering code, for ``--suite fresh3``; see evals/fresh3/.
FRESH3_CORPUS = PROJECT_ROOT / "evals" / "fresh3" / "docs"
# A smart-factory notice with last year's edition (DOCX) and a Markdown FAQ, an English battery-labelling page, an
# overseas trade-show notice (CP949) with its correction, a bilingual dual-use import page and a press release about a
# similar program, written without knowledge of the answering code, for ``--suite fresh4``; see evals/fresh4/.
FRESH4_CORPUS = PROJECT_ROOT / "evals" / "fresh4" / "docs"
# An export-logistics notice with last year's edition (DOCX) and a Markdown FAQ, an English export-licensing page, an
# overseas-certification notice (CP949) with its correction, a bilingual food-import page and a press release about a
# similar program, written without knowledge of the answering code, for ``--suite fresh5``; see evals/fresh5/.
FRESH5_CORPUS = PROJECT_ROOT / "evals" / "fresh5" / "docs"
# An export-design support notice with last year's edition (DOCX) and a Markdown FAQ, an English packaging-EPR page, an
# overseas IP-filing notice (CP949) with its correction, a bilingual radio-equipment approval page and a press release
# about a similar program, written without knowledge of the answering code, for ``--suite fresh6``; see evals/fresh6/.
FRESH6_CORPUS = PROJECT_ROOT / "evals" / "fresh6" / "docs"
# An online-export-channel support notice with last year's edition (DOCX) and a Markdown FAQ, an English toy-safety
# page, an overseas-certification notice (CP949) with its correction, a bilingual food-factory registration page and a
# press release about a similar voucher, written without knowledge of the answering code, for ``--suite fresh7``.
FRESH7_CORPUS = PROJECT_ROOT / "evals" / "fresh7" / "docs"
# ../shared beside the checkout (as on developers' machines and in CI); POLICYBOT_SHARED_DIR overrides it.
SHARED_DIR = Path(os.environ.get("POLICYBOT_SHARED_DIR", PROJECT_ROOT.parent / "shared"))
KORQUAD_DEV = SHARED_DIR / "evaldata" / "korquad" / "KorQuAD_v1.0_dev.json"


@dataclass(frozen=True)
class KorquadParagraph:
    doc_id: str
    title: str
    context: str


@dataclass(frozen=True)
class KorquadQuestion:
    qid: str
    question: str
    answers: tuple[str, ...]
    doc_id: str


def load_korquad(path: Path) -> tuple[list[KorquadParagraph], list[KorquadQuestion]]:
    """Paragraphs (one document each, ids ``korquad-AAA-PP``) and their questions, in file order."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    paragraphs: list[KorquadParagraph] = []
    questions: list[KorquadQuestion] = []
    for a, article in enumerate(data["data"]):
        for p, para in enumerate(article["paragraphs"]):
            doc_id = f"korquad-{a:03d}-{p:02d}"
            paragraphs.append(KorquadParagraph(doc_id, str(article["title"]), str(para["context"])))
            for qa in para["qas"]:
                answers = tuple(dict.fromkeys(str(ans["text"]) for ans in qa["answers"]))
                questions.append(KorquadQuestion(str(qa["id"]), str(qa["question"]), answers, doc_id))
    return paragraphs, questions


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def write_folder(folder: Path, docs: list[tuple[str, str, str, dict[str, str]]]) -> None:
    """Write ``(doc_id, title, text, extra_meta)`` documents as ``<doc_id>.txt`` with a manifest.toml."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = ["# generated by evals.corpus: temporary evaluation corpus", ""]
    for doc_id, title, text, meta in docs:
        name = f"{doc_id}.txt"
        (folder / name).write_text(text.strip() + "\n", encoding="utf-8")
        manifest += ["[[documents]]", f"doc_id = {_toml_str(doc_id)}", f"files = [{_toml_str(name)}]",
                     f"title = {_toml_str(title)}"]
        manifest += [f"{k} = {_toml_str(v)}" for k, v in meta.items()]
        manifest.append("")
    (folder / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")


def korquad_docs(paragraphs: list[KorquadParagraph]) -> list[tuple[str, str, str, dict[str, str]]]:
    meta = {"publisher": "KorQuAD 1.0 dev (CC BY-ND 2.0 KR), Korean Wikipedia", "kind": "benchmark paragraph"}
    return [(p.doc_id, p.title, p.context, meta) for p in paragraphs]


# ---- generated distractors ----------------------------------------------------------------------

_TOPICS: dict[str, dict[str, list[str]]] = {
    "농업": {
        "org": ["농림축산식품부", "농촌진흥청", "한국농어촌공사"],
        "target": ["청년 농업인", "스마트팜 운영 농가", "친환경 인증 농가", "귀농 가구", "과수 재배 농가"],
        "program": ["스마트팜 확산 사업", "청년농 영농정착 지원", "노지채소 기계화 지원",
                    "농산물 산지유통센터 현대화", "친환경 농자재 보급"],
        "item": ["토양 검정", "농기계 임대", "저온 저장고 설치", "드론 방제", "종자 보급"],
    },
    "관광": {
        "org": ["문화체육관광부", "한국관광공사", "지역관광추진협의회"],
        "target": ["지역 관광 사업체", "한옥 체험 업소", "여행업 등록 업체", "관광 두레 주민사업체",
                   "캠핑장 사업자"],
        "program": ["지역관광 활성화 사업", "야간관광 특화도시 조성", "웰니스 관광지 육성",
                    "관광 두레 사업", "열린관광지 조성"],
        "item": ["외국어 안내판 설치", "무장애 동선 개선", "관광 상품 개발", "홍보 영상 제작",
                 "숙박 시설 개보수"],
    },
    "교육": {
        "org": ["교육부", "시·도 교육청", "한국교육학술정보원"],
        "target": ["초등학교 돌봄교실", "특성화고 재학생", "지방 국립대학", "평생학습 도시",
                   "다문화 가정 학생"],
        "program": ["늘봄학교 운영", "디지털 교과서 선도학교", "글로컬 대학 지정", "평생교육 바우처",
                    "기초학력 보장 프로그램"],
        "item": ["방과후 강사 채용", "태블릿 보급", "교원 연수", "학습 진단 도구 도입", "교실 리모델링"],
    },
    "보건": {
        "org": ["보건복지부", "질병관리청", "국민건강보험공단"],
        "target": ["공공 보건소", "지역 응급의료기관", "만성질환 관리 의원", "어르신 돌봄 기관",
                   "정신건강복지센터"],
        "program": ["일차의료 만성질환 관리", "응급의료 취약지 지원", "치매안심센터 운영",
                    "금연 클리닉 확대", "방문 건강관리 사업"],
        "item": ["의료 장비 구입", "간호 인력 확충", "원격 모니터링 도입", "검진 비용 지원",
                 "상담 인력 교육"],
    },
    "환경": {
        "org": ["환경부", "한국환경공단", "국립공원공단"],
        "target": ["영세 사업장", "지자체 자원순환센터", "전기차 구매자", "하천 인근 마을",
                   "재활용 선별장"],
        "program": ["미세먼지 저감 설비 지원", "탄소중립 실천 포인트", "하수처리시설 개량",
                    "플라스틱 재생원료 활용", "생태하천 복원"],
        "item": ["방지시설 설치", "충전기 보급", "수질 측정", "선별 장비 교체", "녹지 조성"],
    },
    "어업": {
        "org": ["해양수산부", "한국수산자원공단", "수협중앙회"],
        "target": ["연근해 어업인", "양식 어가", "수산물 가공 업체", "어촌계", "원양 선사"],
        "program": ["어선 안전장비 보급", "스마트 양식 클러스터", "수산물 소비 촉진", "어촌 뉴딜 사업",
                    "수산 자원 조성"],
        "item": ["구명조끼 지급", "냉동 창고 확충", "치어 방류", "선착장 정비", "위판장 현대화"],
    },
    "교통": {
        "org": ["국토교통부", "한국교통안전공단", "대도시권광역교통위원회"],
        "target": ["시내버스 운수 업체", "교통 약자", "택시 사업자", "광역 통근자", "화물차 운전자"],
        "program": ["광역버스 준공영제", "저상버스 도입 지원", "수요응답형 교통 시범 사업",
                    "화물차 휴게소 확충", "교통안전 시설 개선"],
        "item": ["차량 교체", "정류장 개선", "운행 관리 시스템 구축", "안전 교육", "요금 할인"],
    },
    "문화": {
        "org": ["문화체육관광부", "한국문화예술위원회", "국립중앙도서관"],
        "target": ["지역 문예회관", "작은 도서관", "청년 예술인", "생활문화 동호회", "공립 박물관"],
        "program": ["문화누리카드 지원", "지역 문화 거점 조성", "예술인 창작 준비금",
                    "작은 도서관 순회 사업", "박물관 교육 프로그램"],
        "item": ["공연 제작", "도서 구입", "전시 기획", "장비 대여", "강사 파견"],
    },
}
_SIDO = ["강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주", "세종", "대전", "광주", "울산"]
_VERBS = ["확대한다", "신설한다", "개편한다", "강화한다", "추진한다", "도입한다"]


def _josa(word: str, with_final: str, without_final: str) -> str:
    """``word`` + the particle form its last syllable calls for (을/를, 은/는, 이/가)."""
    last = word[-1]
    has_final = "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0
    return word + (with_final if has_final else without_final)


def _notice(rng: random.Random, topic: str, n: int) -> tuple[str, str, str]:
    """One fake notice: several numbered sections, each about one chunk long."""
    w = _TOPICS[topic]
    org = rng.choice(w["org"])
    year = rng.choice([2021, 2022, 2023, 2025, 2026])
    program = rng.choice(w["program"])
    title = f"{year}년 {program} 시행 계획 ({topic} 분야 안내 {n:04d})"
    month, day, regions = rng.randint(1, 12), rng.randint(1, 28), rng.randint(3, 17)
    target = _josa(rng.choice(w["target"]), "을", "를")
    sections = [
        f"{_josa(org, '은', '는')} {year}년 {month}월 {day}일 「{title}」을 발표했다. "
        f"이번 계획은 {rng.choice(_SIDO)} 등 {regions}개 시·도의 {target} 대상으로 "
        f"하며, 총 {rng.randint(12, 980)}억원 규모로 {rng.randint(2, 5)}년간 추진된다."
    ]
    for s in range(1, rng.randint(4, 6) + 1):
        who, item = rng.choice(w["target"]), rng.choice(w["item"])
        amount, share, sites = rng.randint(2, 90) * 100, rng.randint(10, 50), rng.randint(20, 400)
        phone = f"044-{rng.randint(210, 299)}-{rng.randint(1000, 9999)}"
        sections.append(
            f"{s}. {rng.choice(w['program'])} {rng.choice(_VERBS)[:-2]}\n"
            f"{_josa(org, '은', '는')} {who}의 {item} 비용을 개소당 최대 {amount}만원까지 지원하고, "
            f"자부담 비율을 {share}%로 {rng.choice(['낮춘다', '정한다', '조정한다'])}. "
            f"{rng.choice(_SIDO)} 지역에서는 {sites}개소를 시범 선정하여 {item} 효과를 점검하고, "
            f"성과가 확인되면 {year + 1}년부터 전국으로 {rng.choice(_VERBS)}. "
            f"문의는 {org} {topic}정책과({phone})로 하면 된다."
        )
    return title, "\n\n".join(sections), org


def generated_docs(n_chunks: int, seed: int = 20240508) -> list[tuple[str, str, str, dict[str, str]]]:
    """Deterministic fake Korean policy notices (농업, 관광, 교육, …) totalling roughly ``n_chunks`` sections:
    every numbered section is short enough to be one chunk."""
    rng = random.Random(seed)
    docs: list[tuple[str, str, str, dict[str, str]]] = []
    total, n = 0, 0
    topics = sorted(_TOPICS)
    while total < n_chunks:
        topic = topics[n % len(topics)]
        title, text, org = _notice(rng, topic, n)
        docs.append((f"gen-{topic}-{n:04d}", title, text,
                     {"publisher": f"{org} (generated distractor)", "kind": "generated distractor"}))
        total += text.count("\n\n") + 1
        n += 1
    return docs


# ---- cached indexes ------------------------------------------------------------------------------


def corpus_fingerprint(paths: list[Path]) -> str:
    """sha256 over the names and bytes of every file under ``paths`` (what an index built from them holds)."""
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(f for f in Path(root).rglob("*") if f.is_file()) if Path(root).is_dir() else [Path(root)]
        for f in files:
            digest.update(str(f.relative_to(root) if f != Path(root) else f.name).encode("utf-8") + b"\x00")
            digest.update(hashlib.sha256(f.read_bytes()).digest())
    return digest.hexdigest()


def _progress(doc_id: str, done: int, total: int) -> None:
    if done % 100 == 0 or done == total:
        print(f"  ingest {done}/{total} {doc_id}", file=sys.stderr, flush=True)


@contextmanager
def _temp_folder(prefix: str) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def backfill_embedding_cache(bot: PolicyBot, data_dir: Path) -> int:
    """Put the vectors an index built before the embedding cache already holds into the cache (once per index),
    keyed by the text they embedded: a chunk's "title | section\ntext" and each sentence's text."""
    cache = shared_cache()
    marker = data_dir / ".embedding-cache-filled"
    if cache is None or marker.exists() or not (data_dir / "chroma").exists():
        return 0
    added = 0
    offset = 0
    while True:
        got = bot.store.collection.get(include=["documents", "metadatas", "embeddings"], limit=PAGE, offset=offset)
        if not got["ids"]:
            break
        items: list[tuple[str, Any]] = []
        spans_of: dict[str, tuple[str, list[list[int]]]] = {}
        for cid, text, meta, vec in zip(got["ids"], got["documents"] or [], got["metadatas"] or [],
                                        got["embeddings"] if got["embeddings"] is not None else [], strict=True):
            meta = dict(meta or {})
            items.append((text_key(f"{meta.get('title', '')} | {meta.get('section', '')}\n{text}"), vec))
            spans_of[cid] = (text or "", json.loads(str(meta.get("sents", "[]"))))
        sents = bot.store.sentences.get(where=where_chunks(list(spans_of)), include=["metadatas", "embeddings"])
        for meta, vec in zip(sents["metadatas"] or [], sents["embeddings"] if sents["embeddings"] is not None else [],
                             strict=True):
            text, spans = spans_of.get(str((meta or {}).get("chunk_id")), ("", []))
            i = int(str((meta or {}).get("sent", -1)))
            if 0 <= i < len(spans):
                items.append((text_key(text[spans[i][0]:spans[i][1]]), vec))
        cache.put_many(items)
        added += len(items)
        offset += len(got["ids"])
    marker.write_text(f"{added}\n")
    return added


def build_index(
    data_dir: Path,
    *,
    docs: list[tuple[str, str, str, dict[str, str]]],
    extra_paths: list[Path] | None = None,
    settings: Settings | None = None,
    seed_from: Path | None = None,
    prune: bool = True,
) -> tuple[PolicyBot, dict[str, Any]]:
    """A PolicyBot on ``data_dir`` holding exactly ``docs`` (written to a temporary folder) and
    ``extra_paths``.

    Documents already indexed unchanged are skipped, so a second call with the same inputs costs seconds;
    with ``prune``, indexed documents that are no longer wanted are removed. ``seed_from``: when
    ``data_dir`` does not exist yet, start from a copy of this index (e.g. the KorQuAD index) instead of
    embedding everything again."""
    data_dir = Path(data_dir)
    if seed_from is not None and not data_dir.exists() and (Path(seed_from) / "chroma").exists():
        shutil.copytree(seed_from, data_dir, ignore=shutil.ignore_patterns("ingest.lock"))
    # Every eval index shares one embedding cache beside them: a rebuild after a metadata or chunker change
    # re-embeds only text it has not seen. Set for this build only, so nothing else in the process inherits it.
    previous = os.environ.get(EMBEDDING_CACHE_ENV)
    os.environ[EMBEDDING_CACHE_ENV] = previous or str(data_dir.parent / "embeddings.sqlite")
    try:
        return _build_index(data_dir, docs, extra_paths, settings, prune)
    finally:
        if previous is None:
            os.environ.pop(EMBEDDING_CACHE_ENV, None)


def _build_index(data_dir: Path, docs: list[tuple[str, str, str, dict[str, str]]],
                 extra_paths: list[Path] | None, settings: Settings | None, prune: bool
                 ) -> tuple[PolicyBot, dict[str, Any]]:
    base = settings or get_settings()
    bot = PolicyBot(base.model_copy(update={"data_dir": data_dir}))
    backfill_embedding_cache(bot, data_dir)
    with _temp_folder("policybot-eval-") as folder:
        if docs:
            write_folder(folder, docs)
        paths = ([folder] if docs else []) + list(extra_paths or [])
        report = ingest(bot.store, paths, bot.settings, _progress)
    wanted = {r.doc_id for r in report.results if r.status != "failed"}
    removed = [d.doc_id for d in bot.store.documents() if d.doc_id not in wanted] if prune else []
    for doc_id in removed:
        bot.store.remove_document(doc_id)
    statuses: dict[str, int] = {}
    for r in report.results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    info = {
        "data_dir": str(data_dir),
        "documents": len(bot.store.documents()),
        "chunks": bot.store.count(),
        "ingest_seconds": round(report.seconds, 1),
        "ingest_status": statuses,
        "removed_stale": len(removed),
        "failed": [r.error for r in report.failed][:10],
    }
    return bot, info
