"""Metric functions, kept free of the bot so they can be tested on hand-made inputs."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from evals.dataset import group_present


def hit_rank(passages: Sequence[str], first_group: list[str]) -> int | None:
    """1-based rank of the first passage holding an alternative of ``first_group``; None when none does."""
    for rank, text in enumerate(passages, 1):
        if group_present(first_group, text):
            return rank
    return None


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose first hit is within the top ``k``."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mrr(ranks: Sequence[int | None]) -> float:
    """Mean reciprocal rank; a question without a hit contributes 0."""
    if not ranks:
        return 0.0
    return sum(1.0 / r for r in ranks if r) / len(ranks)


def percentile(values: Iterable[float], q: float) -> float:
    """The ``q``-th percentile (0–100) with linear interpolation between closest ranks (numpy's default)."""
    xs = sorted(values)
    if not xs:
        return math.nan
    if len(xs) == 1:
        return float(xs[0])
    pos = (len(xs) - 1) * q / 100.0
    lo = math.floor(pos)
    hi = min(lo + 1, len(xs) - 1)
    return float(xs[lo] + (xs[hi] - xs[lo]) * (pos - lo))


def rate(count: int, total: int) -> float | None:
    return count / total if total else None
