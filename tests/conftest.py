"""Shared fixtures: the seed corpus indexed once per test session (embedding is the slow part here)."""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.service import PolicyBot

CORPORA = PROJECT_ROOT / "corpora"
SEED_DOC_ID = "mss-2024-05-08-sme-globalization-measures"
from evals.corpus import SHARED_DIR as SHARED  # noqa: E402,F401  ../shared beside the checkout

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(scope="session")
def seed_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the seed corpus; tests that change it copy it first (see ``seed_copy``)."""
    data_dir = tmp_path_factory.mktemp("seed-index")
    report = PolicyBot(Settings(data_dir=data_dir)).ingest([CORPORA])
    assert not report.failed, report.failed
    return data_dir


@pytest.fixture(scope="session")
def seed_bot(seed_data_dir: Path) -> PolicyBot:
    bot = PolicyBot(Settings(data_dir=seed_data_dir))
    bot.warm_up()
    return bot


def suite_manifest(corpus: Path) -> list[dict[str, Any]]:
    """The documents an eval suite's ``manifest.toml`` lists."""
    return list(tomllib.loads((corpus / "manifest.toml").read_text(encoding="utf-8"))["documents"])


def suite_texts(corpus: Path, manifest: list[dict[str, Any]]) -> dict[str, str]:
    """match_key text of every fixture of a suite (as the loaders read it) and of the seed corpus (indexed with
    them), by doc_id: where a question's facts must be found."""
    from evals.corpus import SEED_CORPUS
    from evals.dataset import match_key
    from ingestion.loaders import load_document

    texts = {e["doc_id"]: match_key(load_document(corpus / e["files"][0]).text) for e in manifest}
    for f in SEED_CORPUS.glob("*.txt"):
        texts[f"seed:{f.name}"] = match_key(f.read_text(encoding="utf-8"))
    return texts


def assert_items_quote_documents(items: list[Any], corpus: Path) -> None:
    """Each question is marked answerable exactly when it has facts (and tagged so), and every alternative of every
    expected fact, and every string a correct answer must leave out, is written in some fixture of ``corpus``."""
    from evals.dataset import match_key
    from ingestion.loaders import load_document

    texts = [match_key(load_document(p).text) for p in sorted(corpus.iterdir())]
    for item in items:
        assert item.answerable == bool(item.facts), item.id
        assert ("answerable" in item.tags) == item.answerable and ("unanswerable" in item.tags) != item.answerable
        for alternatives in item.facts:
            for alt in alternatives:
                assert any(match_key(alt) in t for t in texts), (item.id, alt)
        for absent in item.absent:
            assert any(match_key(absent) in t for t in texts), (item.id, absent)


def ingested_bot(docs: Path, data_dir: Path) -> PolicyBot:
    """An extractive bot (no LLM, no answer cache) over the documents in ``docs``, all of them ingested."""
    bot = PolicyBot(Settings(data_dir=data_dir, answer_cache_size=0, llm_base_url=None, llm_model=None))
    report = bot.ingest([docs])
    assert not report.failed, report.failed
    return bot


def bot_over(tmp_path: Path, files: dict[str, str]) -> PolicyBot:
    """A bot over the given documents (file name → text), written and ingested under ``tmp_path``."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in files.items():
        (docs / name).write_text(text, "utf-8")
    return ingested_bot(docs, tmp_path / "index")


@pytest.fixture()
def seed_copy(seed_data_dir: Path, tmp_path: Path) -> Iterator[Path]:
    """A private copy of the seed index for tests that add or remove documents."""
    target = tmp_path / "data"
    shutil.copytree(seed_data_dir, target)
    yield target
