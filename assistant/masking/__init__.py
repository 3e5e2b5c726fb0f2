"""Masking about a person, not a string: a complainant's identity in every form it takes.

`identity` turns what a complaint records about its complainant (name, date of birth, location)
into every form they recur in — any case, given name, surname, initials, title + surname,
"SURNAME, Given", the date of birth in common formats, the address's parts — and finds the
store's complainants in other records (system-access subjects, intelligence) by name pair or
date of birth. `patterns` finds contact details of anyone with the regexes Presidio's pattern
recognizers ran, run as Presidio ran them but without importing it (spaCy, torch: seconds):
emails, UK phones and postcodes, street addresses and dates introduced as a date of birth. Masks stay length-preserving (redaction.mask).
"""

from assistant.masking.identity import Identity, KnownComplainants

__all__ = ["Identity", "KnownComplainants"]
