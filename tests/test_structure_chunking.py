"""Heading paths, chunk budget and fact preservation on the seed press release."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from conftest import CORPORA

from bot.config import Settings
from ingestion.chunking import PageMap, chunk_sections
from ingestion.korean import count_tokens
from ingestion.pipeline import SourceGroup, prepare
from ingestion.structure import detect_sections

SEED_TXT = CORPORA / "mss-2024-05-08-sme-globalization-measures.txt"
SEED_PDF = CORPORA / "mss-2024-05-08-sme-globalization-measures.pdf"

TASKS = {
    1: ("(전략 1) 내수 넘어 수출로", "1. 수출단계별 집중 육성 체계 구축"),
    2: ("(전략 1) 내수 넘어 수출로", "2. 新 수출동력원 집중 발굴"),
    3: ("(전략 1) 내수 넘어 수출로", "3. 테크 서비스 및 기술수출 본격화"),
    4: ("(전략 2) 수출 넘어 해외로", "4. 해외진출 K-글로벌 프로젝트 추진"),
    5: ("(전략 2) 수출 넘어 해외로", "5. 협업형 해외진출 프로그램 구축"),
    6: ("(전략 2) 수출 넘어 해외로", "6. K-스타트업 해외진출 가속화"),
    7: ("(전략 3) 해외 넘어 미래로", "7. 중소·벤처기업 K-수출전사 육성"),
    8: ("(전략 3) 해외 넘어 미래로", "8. 미래 글로벌 기업 육성 R&D 강화"),
    9: ("(전략 3) 해외 넘어 미래로", "9. 해외 규제·무역환경 변화에 대한 빈틈없는 대응"),
    10: ("(전략 3) 해외 넘어 미래로", "10. 중소·벤처기업 정책 글로벌 지향성 강화"),
    11: ("(전략 4) 원팀 코리아", "11. 민관협업 지원체계 구축"),
    12: ("(전략 4) 원팀 코리아", "12. 수출지원센터 지역 접점기능 강화"),
    13: ("(전략 4) 원팀 코리아", "13. 데이터 기반 성과관리 체계 구축"),
}


def _prepared(path):  # type: ignore[no-untyped-def]
    return prepare(SourceGroup("seed", [path], {"title": "seed"}), Settings())


def test_seed_heading_paths_from_pdf_and_txt() -> None:
    for path in (SEED_PDF, SEED_TXT):
        doc = _prepared(path)
        paths = {c.section_path for c in doc.chunks}
        for strategy, task in TASKS.values():
            assert ("붙임1", strategy, task) in paths, (path.name, task)
        qa = sorted(p for p in paths if p[0] == "붙임2" and len(p) == 2)
        assert [p[1].split()[0] for p in qa] == ["Q1", "Q2"]
        assert ("담당 부서",) in paths
        assert ("본문",) in paths
        # The cover page lists the attachments ("붙임 1. … 2. …"): that list is not a section of its own.
        assert not any(p[0] == "붙임1" and len(p) > 1 and p[1].startswith("2.") for p in paths)


def test_pdf_chunks_carry_the_right_pages() -> None:
    doc = _prepared(SEED_PDF)
    by_task = {c.section_path[-1]: c.pages for c in doc.chunks if len(c.section_path) == 3}
    assert by_task["1. 수출단계별 집중 육성 체계 구축"][0] == 3
    assert 4 in by_task["4. 해외진출 K-글로벌 프로젝트 추진"]
    assert 7 in by_task["13. 데이터 기반 성과관리 체계 구축"]
    q2 = [c.pages for c in doc.chunks if c.section_path[:1] == ("붙임2",) and c.section_path[-1].startswith("Q2")]
    assert q2 and q2[-1][-1] == 9


def test_chunks_respect_budget_and_sections() -> None:
    settings = Settings()
    doc = _prepared(SEED_TXT)
    sections = detect_sections(doc.text)
    for chunk in doc.chunks:
        n_sentences = len(chunk.sentence_spans)
        assert n_sentences == 1 or count_tokens(chunk.text) <= settings.chunk_tokens + n_sentences
        owners = [s for s in sections if s.start <= chunk.char_start and chunk.char_end <= s.end]
        assert len(owners) == 1 and owners[0].path == chunk.section_path
        assert doc.text[chunk.char_start : chunk.char_end] == chunk.text
        for s, e in chunk.sentence_spans:
            assert chunk.text[s:e].strip()


def test_small_budget_splits_with_overlap() -> None:
    text = "1. 과제\n" + " ".join(f"문장 {i}번은 수출 지원 내용을 설명합니다." for i in range(40))
    chunks = chunk_sections("d", text, detect_sections(text), PageMap((0,), (1,)), budget_tokens=60, overlap_tokens=20)
    assert len(chunks) > 3
    assert all(count_tokens(c.text) <= 60 for c in chunks)
    for a, b in zip(chunks, chunks[1:], strict=False):
        assert b.char_start < a.char_end  # overlap
        assert b.char_start > a.char_start  # progress


NUMBER = re.compile(r"\d[\d,.]*\d|\d")


def test_no_number_lost_or_altered_in_chunks() -> None:
    """Every number of the source is in the chunks, and the chunks hold no number the source lacks."""
    for path in (SEED_TXT, SEED_PDF):
        doc = _prepared(path)
        source = Counter(NUMBER.findall(doc.loaded.text))
        for marker in re.findall(r"(?m)^\s*-\s*(\d+)\s*-\s*$", doc.loaded.text):
            source[marker] -= 1  # page markers like "- 7 -" are dropped on purpose
        covered: list[tuple[int, int]] = []
        for c in doc.chunks:
            covered.append((c.char_start, c.char_end))
        # Numbers of the normalised text, counted once per position even where chunks overlap.
        positions = {m.start(): m.group() for m in NUMBER.finditer(doc.text)
                     if any(s <= m.start() < e for s, e in covered)}
        assert Counter(positions.values()) == +source, path.name


def _sections_of(path: Path, text: str) -> dict[str, tuple[str, ...]]:
    """Each non-blank line of the document ``text`` written at ``path``, with the section path it was chunked under."""
    path.write_text(text, encoding="utf-8")
    doc = prepare(SourceGroup(path.stem, [path], {"title": path.stem}), Settings())
    return {line: c.section_path for c in doc.chunks for line in c.text.split("\n") if line.strip()}


def test_markdown_headings_are_sections(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A Markdown page's "## …" headings divide it, as a notice's numbered headings do: the contact block and each
    FAQ entry are their own sections (a question asked of one entry is not answered from the page as a whole)."""
    where = _sections_of(tmp_path / "faq.md",
                         "# 수출 지원 FAQ\n\n## Q1. 신청 마감이 연장되나요?\n\n현재로서는 연장 계획이 없습니다.\n\n"
                         "## Fees and deadlines ##\n\n- Registration fee: 300 per model\n\n## Contact\n\n"
                         "Desk: 02-555-0100\n")
    assert where["현재로서는 연장 계획이 없습니다."][-1].startswith("Q1 ")
    assert where["- Registration fee: 300 per model"][-1] == "Fees and deadlines"
    assert where["Desk: 02-555-0100"][-1] == "Contact"


def test_html_and_markdown_headings_nest_by_depth(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An <h2> under an <h1> (a "##" under a "#") is a section inside it: the lines under "주요 내용" are still
    under the page's own heading, whose words say what they are about."""
    where = _sections_of(tmp_path / "rule.html",
                         "<html><body><h1>노르바니아 할랄 인증 상호 인정</h1><h2>주요 내용</h2>"
                         "<ul><li>시행일: 2027. 1. 1.</li></ul><h2>문의</h2>"
                         "<p>식품규제팀 02-555-7745</p></body></html>")
    assert where["- 시행일: 2027. 1. 1."] == ("노르바니아 할랄 인증 상호 인정", "주요 내용")
    assert where["식품규제팀 02-555-7745"] == ("노르바니아 할랄 인증 상호 인정", "문의")
    where = _sections_of(tmp_path / "notes.md",
                         "# 수출 규제\n\n## 요약\n\n본문 한 줄\n\n### 세부\n\n세부 한 줄\n\n## 문의\n\n02-555-0100\n")
    assert where["세부 한 줄"] == ("수출 규제", "요약", "세부")
    assert where["02-555-0100"] == ("수출 규제", "문의")
