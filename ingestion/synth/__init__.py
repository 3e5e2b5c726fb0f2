"""Synthetic Westshire Police: a deterministic, seeded world of staff and their records, written
as each of the force's systems would export it, plus `truth.json` (planted patterns, decoys,
identifier traps and person aliases) for evals. Entry point: `generate()`."""

from .core import generate

__all__ = ["generate"]
