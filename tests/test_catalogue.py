"""The program catalogue is derived from the indexed documents' heading paths (no hand-written entries), and the
web API serves it (GET /api/programs, /api/programs/{id}) together with POST /api/triage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import SEED_DOC_ID
from fastapi.testclient import TestClient

from bot.catalogue import build_catalogue, get_program, load_catalogue, make_extract, program_detail
from bot.config import Settings
from bot.service import PolicyBot
from bot.web import create_app

SEED_TASKS = {
    1: (1, "수출단계별 집중 육성 체계 구축", [3]),
    2: (1, "新 수출동력원 집중 발굴", [3, 4]),
    3: (1, "테크 서비스 및 기술수출 본격화", [4]),
    4: (2, "해외진출 K-글로벌 프로젝트 추진", [4]),
    5: (2, "협업형 해외진출 프로그램 구축", [4, 5]),
    6: (2, "K-스타트업 해외진출 가속화", [5]),
    7: (3, "중소·벤처기업 K-수출전사 육성", [5]),
    8: (3, "미래 글로벌 기업 육성 R&D 강화", [5, 6]),
    9: (3, "해외 규제·무역환경 변화에 대한 빈틈없는 대응", [6]),
    10: (3, "중소·벤처기업 정책 글로벌 지향성 강화", [6]),
    11: (4, "민관협업 지원체계 구축", [6]),
    12: (4, "수출지원센터 지역 접점기능 강화", [6, 7]),
    13: (4, "데이터 기반 성과관리 체계 구축", [7]),
}
SEED_STRATEGIES = {1: "내수 넘어 수출로", 2: "수출 넘어 해외로", 3: "해외 넘어 미래로", 4: "원팀 코리아"}


def _squash(text: str) -> str:
    return "".join(text.split())


def test_seed_catalogue_lists_the_13_tasks_under_the_4_strategies(seed_bot: PolicyBot) -> None:
    programs = [p for p in build_catalogue(seed_bot.store) if p.doc_id == SEED_DOC_ID]
    assert [p.number for p in programs] == list(range(1, 14))
    for p in programs:
        strategy_no, title, pages = SEED_TASKS[p.number]
        assert p.id == f"{SEED_DOC_ID}:task-{p.number}"
        assert p.title == title
        assert p.strategy is not None and p.strategy.number == strategy_no
        assert p.strategy.title == SEED_STRATEGIES[strategy_no]
        assert p.strategy.label == f"(전략 {strategy_no}) {SEED_STRATEGIES[strategy_no]}"
        assert p.pages == pages, (p.number, p.pages)
        assert p.section_path == ["붙임1", p.strategy.label, f"{p.number}. {title}"]
        assert p.doc_title == "중소‧벤처기업 글로벌화 지원 대책"
        assert p.contact is not None and "글로벌성장정책과" in p.contact.department
        assert any("044-204-7501" in person for person in p.contact.people)
        assert p.chunk_ids and all(cid.startswith(SEED_DOC_ID) for cid in p.chunk_ids)
        assert 1 <= len(p.extract) <= 4


def test_extracts_are_verbatim_sentences_with_the_key_figures(seed_bot: PolicyBot) -> None:
    programs = {p.number: p for p in build_catalogue(seed_bot.store) if p.doc_id == SEED_DOC_ID}
    chunks = seed_bot.store.get_chunks([cid for p in programs.values() for cid in p.chunk_ids])
    for p in programs.values():
        text = _squash(" ".join(chunks[cid].text for cid in p.chunk_ids))
        for sentence in p.extract:
            assert _squash(sentence) in text, (p.number, sentence)  # copied, never rewritten
            assert _squash(sentence) != _squash(p.label)  # the heading is not an extract sentence
    assert any("최대 3년간 10억원" in s for s in programs[5].extract)
    assert any("1,000명" in s for s in programs[7].extract)
    assert any("2027년까지 10%" in s and "2030년까지 15%" in s for s in programs[3].extract)
    assert any("K-GLOBAL STAR" in s for s in programs[6].extract)
    # The lead says what is supported, not the background ("… 한계가 있었다").
    assert not programs[1].extract[0].endswith("있었다.")


def test_make_extract_keeps_document_order_and_skips_background() -> None:
    sentences = ["1. 사업개요", "그간 지원이 부족하였다.", "수출기업에 바우처를 지원한다.", "예산은 500억원이다.",
                 "세부 내용은 공고를 따른다."]
    assert make_extract(sentences, "1. 사업개요") == ["수출기업에 바우처를 지원한다.", "예산은 500억원이다."]


def test_catalogue_is_cached_per_index_fingerprint(seed_bot: PolicyBot) -> None:
    assert load_catalogue(seed_bot.store) is load_catalogue(seed_bot.store)


def test_get_program_and_detail(seed_bot: PolicyBot) -> None:
    program = get_program(seed_bot.store, f"{SEED_DOC_ID}:task-6")
    assert program is not None and program.title == "K-스타트업 해외진출 가속화"
    assert get_program(seed_bot.store, f"{SEED_DOC_ID}:task-99") is None
    detail = program_detail(seed_bot.store, program.id)
    assert detail is not None and [p.chunk_id for p in detail.passages] == program.chunk_ids
    assert "K-GLOBAL STAR" in " ".join(p.text for p in detail.passages)


# "1. 사업개요" would be read as body text today: ingestion/structure.py takes a heading ending in "요" for a
# sentence ending ("…해요"), so the notice here says "사업목적".
NUMBERED_NOTICE = """2025년 수출바우처 지원사업 공고

1. 사업목적
중소기업의 해외 판로 개척을 위해 수출바우처 사업을 추진합니다. 올해 총 지원 규모는 500억원입니다.
2. 지원내용
선정 기업에는 기업당 최대 1억원 한도의 바우처를 발급합니다. 바우처로 해외 마케팅과 통번역 서비스를 이용할 수 있습니다.
3. 신청방법
신청은 2025년 3월 31일까지 온라인으로 접수합니다.

담당 부서 수출지원과 사무관 홍길동 (044-123-4567)
"""

ROMAN_NOTICE = """해외진출 지원 계획

Ⅰ. 추진 배경
1. 현황
수출 중소기업의 해외법인 설립 수요가 늘고 있습니다. 작년 신규 해외법인은 358개입니다.
Ⅱ. 지원 내용
1. 현지 시장조사
현지 시장조사 비용을 기업당 2천만원까지 지원합니다.
2. 법인 설립 컨설팅
법인 설립과 인허가 컨설팅을 제공합니다. 참여 기업은 100개사입니다.
"""


@pytest.fixture(scope="module")
def generated_bot(tmp_path_factory: pytest.TempPathFactory, seed_data_dir: Path) -> Iterator[PolicyBot]:
    import shutil

    root = tmp_path_factory.mktemp("generated")
    data = root / "data"
    shutil.copytree(seed_data_dir, data)
    (root / "voucher-notice-2025.txt").write_text(NUMBERED_NOTICE, encoding="utf-8")
    (root / "overseas-plan.txt").write_text(ROMAN_NOTICE, encoding="utf-8")
    bot = PolicyBot(Settings(data_dir=data))
    report = bot.ingest([root / "voucher-notice-2025.txt", root / "overseas-plan.txt"])
    assert not report.failed, report.failed
    yield bot


def test_generated_numbered_notice_generalises(generated_bot: PolicyBot) -> None:
    catalogue = load_catalogue(generated_bot.store)
    doc = next(d for d in catalogue.documents if d.doc_id != SEED_DOC_ID and "voucher" in d.doc_id)
    programs = [p for p in catalogue.programs if p.doc_id == doc.doc_id]
    assert [(p.number, p.title) for p in programs] == [(1, "사업목적"), (2, "지원내용"), (3, "신청방법")]
    assert all(p.strategy is None for p in programs)
    assert [p.id for p in programs] == [f"{doc.doc_id}:task-{n}" for n in (1, 2, 3)]
    # Sentence units are the index's own (a line of up to 60 characters is one unit), copied verbatim.
    assert programs[0].extract == [
        "중소기업의 해외 판로 개척을 위해 수출바우처 사업을 추진합니다. 올해 총 지원 규모는 500억원입니다."]
    assert any("최대 1억원" in s for s in programs[1].extract)
    assert programs[0].contact is not None and programs[0].contact.phone == "044-123-4567"
    assert [g.strategy for g in doc.strategies] == [None]
    # The seed document is still there, unchanged.
    assert len([p for p in catalogue.programs if p.doc_id == SEED_DOC_ID]) == 13


def test_generated_roman_notice_restarting_numbers(generated_bot: PolicyBot) -> None:
    catalogue = load_catalogue(generated_bot.store)
    doc = next(d for d in catalogue.documents if "overseas" in d.doc_id)
    programs = [p for p in catalogue.programs if p.doc_id == doc.doc_id]
    assert [(p.strategy.number if p.strategy else None, p.number, p.title) for p in programs] == [
        (1, 1, "현황"), (2, 1, "현지 시장조사"), (2, 2, "법인 설립 컨설팅")]
    assert [p.id for p in programs] == [f"{doc.doc_id}:task-{s}" for s in ("1.1", "2.1", "2.2")]
    assert programs[1].strategy is not None and programs[1].strategy.label == "Ⅱ. 지원 내용"
    assert programs[1].extract == ["현지 시장조사 비용을 기업당 2천만원까지 지원합니다."]


# ---- web API ---------------------------------------------------------------------------------------------------


def _client(bot: PolicyBot, tmp: Path, **overrides: object) -> TestClient:
    values: dict[str, object] = {"data_dir": tmp, "rate_limit_per_minute": 100_000, "cors_origins": []}
    values.update(overrides)
    return TestClient(create_app(Settings(**values), bot=bot))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def api(seed_bot: PolicyBot, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with _client(seed_bot, tmp_path_factory.mktemp("web-programs")) as client:
        yield client


def test_api_programs_lists_the_catalogue(api: TestClient) -> None:
    r = api.get("/api/programs")
    assert r.status_code == 200
    body = r.json()
    seed = [p for p in body["programs"] if p["doc_id"] == SEED_DOC_ID]
    assert [p["title"] for p in seed] == [SEED_TASKS[n][1] for n in range(1, 14)]
    assert seed[4]["pages"] == [4, 5] and seed[4]["strategy"]["number"] == 2
    doc = next(d for d in body["documents"] if d["doc_id"] == SEED_DOC_ID)
    assert [g["strategy"]["number"] for g in doc["strategies"]] == [1, 2, 3, 4]
    assert [len(g["program_ids"]) for g in doc["strategies"]] == [3, 3, 4, 3]
    labels = [s["label"] for s in doc["sections"]]  # every heading section, as the placeholder listed them
    assert "붙임1 > (전략 1) 내수 넘어 수출로 > 1. 수출단계별 집중 육성 체계 구축" in labels


def test_api_program_detail_and_404(api: TestClient) -> None:
    r = api.get(f"/api/programs/{SEED_DOC_ID}:task-11")
    assert r.status_code == 200
    body = r.json()
    assert body["title"] == "민관협업 지원체계 구축" and body["passages"]
    assert "재외공관" in " ".join(p["text"] for p in body["passages"])
    missing = api.get(f"/api/programs/{SEED_DOC_ID}:task-42")
    assert missing.status_code == 404
    assert missing.json() == {"error": f"No program with id '{SEED_DOC_ID}:task-42'."}


def test_api_triage(api: TestClient) -> None:
    r = api.post("/api/triage", json={"inquiry": "K-GLOBAL STAR 프로그램은 무엇인가요?"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["matches"][0]["program_id"] == f"{SEED_DOC_ID}:task-6"
    assert body["category"] == "startups"
    assert "글로벌성장정책과" in body["contact"]["department"]
    assert body["draft_reply"] and body["citations"]


def test_api_triage_validation(api: TestClient) -> None:
    r = api.post("/api/triage", json={"inquiry": " \n\t "})
    assert r.status_code == 422 and "The inquiry is empty." in r.json()["error"]
    r = api.post("/api/triage", json={"inquiry": "가" * 10_001})
    assert r.status_code == 413 and "10,001" in r.json()["error"]
    r = api.post("/api/triage", json={})
    assert r.status_code == 422 and "inquiry" in r.json()["error"]


def test_api_triage_is_rate_limited(seed_bot: PolicyBot, tmp_path: Path) -> None:
    with _client(seed_bot, tmp_path, rate_limit_per_minute=1) as client:
        assert client.post("/api/triage", json={"inquiry": ""}).status_code == 422
        r = client.post("/api/triage", json={"inquiry": "수출바우처"})
        assert r.status_code == 429 and "Retry-After" in r.headers


def test_chat_page_has_the_programs_view(api: TestClient) -> None:
    page = api.get("/").text
    assert 'id="programs-toggle"' in page and 'id="programs-list"' in page
    script = api.get("/static/app.js").text
    assert "/api/programs" in script and "innerHTML" not in script
