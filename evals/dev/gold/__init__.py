"""Gold for the development set (issue #13), computed from source files only.

This package must never import `assistant` or `ingestion` (tests/test_dev_set.py checks it in a
fresh interpreter and statically): it is the yardstick the engine is measured with.
"""
