"""Evaluation suites and metrics."""
