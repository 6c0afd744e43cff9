"""Evaluation of policybot: QA datasets, retrieval/answer metrics, the distractor, multi-document and answerability
evals, and their reports (``evals.report``). Benchmarks of speed and scale are in ``bench``."""
