"""Evaluation of policybot: QA datasets, retrieval/answer metrics, distractor and KorQuAD benchmarks."""
