"""Probity: a grounded, cited, offline investigative assistant."""
