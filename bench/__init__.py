"""Benchmarks, all in one place (evaluations of answer quality are in ``evals``):

- ``bench.ingest``: ingestion speed (``policybot bench ingest``).
- ``bench.loadcheck``: N clients × M questions against a local server (``policybot loadcheck``).
- ``bench.load``: the same clients for a fixed time, optionally starting the server (``policybot bench load``).
- ``bench.stream``: how soon a streamed /v1/chat/completions answer starts after retrieval (``policybot bench stream``).
- ``bench.sse``: how soon the chat page's /api/ask/stream shows answer text after retrieval (``policybot bench sse``).
- ``bench.fairness``: ordinary clients' latency beside clients sending maximal-history requests
  (``policybot bench fairness``).
- ``bench.scale``: the store at 10k–100k records, embedded and on a Chroma server (``policybot bench scale``).
- ``bench.korquad``: KorQuAD 1.0 dev as a Korean retrieval benchmark (``policybot eval --korquad``).
- ``bench.procs``: free ports and waiting for servers, shared with the tests.
"""
