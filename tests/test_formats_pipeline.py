"""The seed press release as an office document (one paragraph per paragraph of the text, as a ministry's HWPX
or DOCX holds it) gives the same chunks as the TXT: same text, same heading paths."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import CORPORA
from hwp_fixture import Para, build_hwp
from test_formats import hp_p, write_hwpx

from bot.config import Settings
from ingestion.normalize import normalize_text
from ingestion.pipeline import SourceGroup, prepare

SEED_TXT = CORPORA / "mss-2024-05-08-sme-globalization-measures.txt"


def paragraphs() -> list[str]:
    """The seed text as an author wrote it: the TXT's hard-wrapped lines rejoined into paragraphs."""
    return normalize_text(SEED_TXT.read_text(encoding="utf-8")).split("\n")


def write_docx(path: Path) -> Path:
    d = docx.Document()
    for line in paragraphs():
        d.add_paragraph(line)
    d.save(str(path))
    return path


def write_seed_hwpx(path: Path) -> Path:
    return write_hwpx(path, ["".join(hp_p(line) for line in paragraphs())])


def write_seed_hwp(path: Path) -> Path:
    path.write_bytes(build_hwp([[Para(line) for line in paragraphs()]]))
    return path


def chunks_of(path: Path) -> list[tuple[tuple[str, ...], str]]:
    doc = prepare(SourceGroup("seed", [path], {"title": "seed"}), Settings())
    return [(c.section_path, c.text) for c in doc.chunks]


@pytest.mark.parametrize("writer", [write_docx, write_seed_hwpx, write_seed_hwp], ids=["docx", "hwpx", "hwp"])
def test_office_formats_give_the_txt_chunks(tmp_path: Path, writer) -> None:  # type: ignore[no-untyped-def]
    expected = chunks_of(SEED_TXT)
    suffix = {"write_docx": ".docx", "write_seed_hwpx": ".hwpx", "write_seed_hwp": ".hwp"}[writer.__name__]
    got = chunks_of(writer(tmp_path / f"seed{suffix}"))
    assert [path for path, _ in got] == [path for path, _ in expected]
    assert [text for _, text in got] == [text for _, text in expected]
    assert len(got) > 30
