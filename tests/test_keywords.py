"""The keyword index (SQLite FTS5 over Kiwi morphemes): written per document inside the store's write protocol,
shared by processes on a data directory, repaired by recovery after a writer dies at any point."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from bot.config import PROJECT_ROOT, Settings
from ingestion.index import Store
from ingestion.index.keywords import KeywordEntry, KeywordIndex


def entry(chunk_id: str, doc_id: str, doc_hash: str, text: str) -> KeywordEntry:
    return KeywordEntry(chunk_id, doc_id, doc_hash, text.split())


def test_search_ranks_by_bm25_and_matches_tokens_exactly(tmp_path: Path) -> None:
    index = KeywordIndex(tmp_path / "kw.sqlite")
    index.add([
        entry("a::1", "a", "h1", "수출 바우처 지원 한도 3,000만원"),
        entry("b::1", "b", "h1", "수출 지원 r&d 사업 안내 안내 안내"),
        entry("c::1", "c", "h1", "기술 개발 r 과제 d 지원"),
    ])
    # A token with punctuation is one token, as Kiwi cut it: "r&d" matches b only, never the "r" and "d" of c.
    assert [cid for cid, _ in index.search(["r&d"], 5)] == ["b::1"]
    assert [cid for cid, _ in index.search(["3,000만원"], 5)] == ["a::1"]
    # Rarer terms weigh more: "바우처" (one chunk) beats "지원" (all three).
    ranked = index.search(["바우처", "지원"], 5)
    assert ranked[0][0] == "a::1" and all(score > 0 for _, score in ranked)
    assert index.search(["없는말"], 5) == [] and index.search([], 5) == []
    assert [cid for cid, _ in index.search(["지원"], 5, doc_ids={"c"})] == ["c::1"]


def test_replace_keeps_one_version_and_set_and_remove_are_exact(tmp_path: Path) -> None:
    index = KeywordIndex(tmp_path / "kw.sqlite")
    index.add([entry("d::old::0", "d", "old", "옛날 한도 1억"), entry("d::old::1", "d", "old", "문의 처")])
    index.replace_document("d", "new", [entry("d::new::0", "d", "new", "새 한도 2억")])
    assert index.chunk_ids() == {"d::new::0"}
    assert index.search(["옛날"], 5) == [] and index.search(["2억"], 5)[0][0] == "d::new::0"
    # Replacing with the same chunk id re-indexes it (no duplicate row, the new text counts).
    index.add([entry("d::new::0", "d", "new", "고친 한도 3억")])
    assert index.count() == 1 and index.search(["2억"], 5) == [] and index.search(["3억"], 5)
    index.set_document("d", [entry("d::x::0", "d", "x", "하나"), entry("d::x::1", "d", "x", "둘")])
    assert index.ids_of("d") == {"d::x::0", "d::x::1"}
    index.remove_chunks({"d::x::1"})
    assert index.ids_of("d") == {"d::x::0"}
    index.remove_document("d")
    assert index.count() == 0 and index.search(["하나"], 5) == []


def test_common_terms_do_not_change_the_ranking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Terms in more than half the chunks are left out of the match (FTS5 floors their idf to ~0): the ranking
    is that of the full query."""
    import ingestion.index.keywords as keywords

    index = KeywordIndex(tmp_path / "kw.sqlite")
    rng = np.random.default_rng(0)
    rare = ["바우처", "인증", "특허", "물류", "전시회", "상담회"]
    index.add([entry(f"c{i}", f"d{i}", "h", " ".join(["지원", "사업", *rng.choice(rare, 2).tolist()]))
               for i in range(300)])
    query = ["지원", "바우처", "물류"]
    pruned = index.search(query, 20)
    monkeypatch.setattr(keywords, "COMMON_TERM_SHARE", 1.0)  # every term in the match
    full = index.search(query, 20)
    assert len(pruned) == 20 and [c for c, _ in pruned] == [c for c, _ in full]
    assert index.search(["지원", "사업"], 5) != []
    monkeypatch.undo()
    assert index.search(["지원", "사업"], 5) == []  # only words every chunk has: no keyword evidence
    # Over the scoring budget the most frequent terms go first; the rarest always stays.
    index.add([entry("only", "only", "h", "지원 바우처 희귀어")])
    monkeypatch.setattr(keywords, "MAX_SCORED_ROWS", 1)
    assert [c for c, _ in index.search(["바우처", "희귀어"], 5)] == ["only"]


def test_a_commit_is_visible_to_another_process_at_once(tmp_path: Path) -> None:
    path = tmp_path / "kw.sqlite"
    reader = KeywordIndex(path)
    assert reader.search(["공고"], 5) == []  # the reader's connection is open before the write
    script = textwrap.dedent(f"""
        from pathlib import Path
        from ingestion.index.keywords import KeywordEntry, KeywordIndex
        KeywordIndex(Path({str(path)!r})).add([KeywordEntry("n::1", "n", "h", ["공고", "마감"])])
    """)
    subprocess.run([sys.executable, "-c", script], check=True, cwd=PROJECT_ROOT, timeout=60)
    assert [cid for cid, _ in reader.search(["공고"], 5)] == ["n::1"]


# ---- inside the store's write protocol ------------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    import numpy as np
    from bot.config import Settings
    from ingestion.index import Store

    data_dir, version, crash_at = sys.argv[1], sys.argv[2], sys.argv[3]
    store = Store(Settings(data_dir=Path(data_dir)))

    def die_after(obj, name, point):
        original = getattr(obj, name)
        def wrapped(*args, **kwargs):
            result = original(*args, **kwargs)
            if crash_at == point:
                os._exit(9)  # as abrupt as SIGKILL: no cleanup, no journal end
            return result
        setattr(obj, name, wrapped)

    die_after(store.sentences, "upsert", "sentences")
    die_after(store.collection, "upsert", "chunks")
    die_after(store.keywords, "replace_document", "keywords")
    die_after(store.collection, "delete", "stale")
    die_after(store._generation, "bump", "bump")
    rng = np.random.default_rng(len(version))
    n = 3 if version == "v1" else 4
    ids = [f"doc::{version}::{i:05d}" for i in range(n)]
    words = [f"{version}전용어 공통어 항목{i}" for i in range(n)]
    metas = [{"doc_id": "doc", "doc_hash": version, "chunk_index": i, "chunk_count": n, "kw": words[i],
              "title": "doc", "ingested_at": f"2026-01-0{1 if version == 'v1' else 2}", "ingested_ns": i}
             for i in range(n)]
    vecs = rng.normal(size=(n, 384)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    store.replace_document("doc", version, ids, words, metas, vecs, [v[None, :] for v in vecs])
    print(json.dumps(sorted(store.keywords.chunk_ids())))
""")


def write(data_dir: Path, version: str, crash_at: str = "none") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", WRITER, str(data_dir), version, crash_at], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=120)


@pytest.mark.parametrize("crash_at", ["sentences", "chunks", "keywords", "stale", "bump"])
def test_a_writer_killed_at_any_step_of_a_replacement_recovers_to_one_version(tmp_path: Path, crash_at: str) -> None:
    assert write(tmp_path, "v1").returncode == 0
    died = write(tmp_path, "v2", crash_at)
    assert died.returncode == 9, died.stderr
    store = Store(Settings(data_dir=tmp_path))
    assert store.unfinished_writes() == ["doc"]
    report = store.recover()
    assert store.unfinished_writes() == []
    chroma_ids = set(store.collection.get(include=[])["ids"])
    version = {cid.split("::")[1] for cid in chroma_ids}
    # Up to the chunk upsert the new version is incomplete or absent: v1 stays; after it, v2 is complete and wins.
    assert version == ({"v1"} if crash_at == "sentences" else {"v2"}), (crash_at, chroma_ids, report)
    assert store.keywords.chunk_ids() == chroma_ids
    current = version.pop()
    other = "v1" if current == "v2" else "v2"
    assert {c for c, _ in store.keyword_search([f"{current}전용어"], 10)} == chroma_ids
    assert store.keyword_search([f"{other}전용어"], 10) == []
    check = store.recover(full=True, dry_run=True)
    assert not check.repaired, check


def test_an_index_built_before_the_keyword_index_catches_up_once(tmp_path: Path) -> None:
    assert write(tmp_path, "v1").returncode == 0
    (tmp_path / "keywords" / "policybot.sqlite").unlink()  # as a data directory from before the keyword index
    for leftover in (tmp_path / "keywords").glob("policybot.sqlite-*"):
        leftover.unlink()
    (tmp_path / "bm25" / "policybot" / "0123").mkdir(parents=True)  # the earlier whole-corpus BM25 files
    store = Store(Settings(data_dir=tmp_path))
    assert store.keywords.count() == 0
    hits = store.keyword_search(["v1전용어"], 10)
    assert {c for c, _ in hits} == {f"doc::v1::{i:05d}" for i in range(3)}
    assert not (tmp_path / "bm25").exists()
    full = store.recover(full=True, dry_run=True)
    assert (full.keywords_added, full.keywords_removed) == (0, 0)


def test_remove_document_removes_its_keywords(tmp_path: Path) -> None:
    assert write(tmp_path, "v1").returncode == 0
    assert json.loads(write(tmp_path, "v2").stdout) == [f"doc::v2::{i:05d}" for i in range(4)]
    store = Store(Settings(data_dir=tmp_path))
    assert store.remove_document("doc") == 4
    assert store.keywords.count() == 0 and store.keyword_search(["공통어"], 10) == []
