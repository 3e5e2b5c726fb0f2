"""Gold question sets, computed from source exports and truth.json, never from the store."""
