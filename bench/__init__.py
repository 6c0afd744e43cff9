"""Benchmarks beyond `policybot bench`: the store at scale (``bench.scale``) and web load (``bench.load``)."""
