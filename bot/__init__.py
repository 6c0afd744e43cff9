"""policybot runtime: store, retrieval, answering and channel adapters."""
