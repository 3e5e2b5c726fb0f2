"""The review queue for person links the resolver was unsure of (issue #20).

Ambiguous references (kept with their candidates, never guessed) and low-confidence links are
listed for a senior investigator or admin to confirm or reject. Decisions live in the data dir's
`resolution.sqlite`, keyed by the raw reference and its record, so they survive re-ingest; every
decision is written to the audit log; ingest re-applies them after resolving people.
"""
