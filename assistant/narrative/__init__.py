"""Narrative questions answered as complete, calibrated sets (issue #14).

`sentences` holds the sentence index built at ingest, `lexicon` the lexical evidence (stemmed
terms, a small police thesaurus, phrases), `membership` decides per query which records match,
and `answer` words the set: count, ranked items with their best verbatim sentence, grouping by
officer, Yes/No for yes/no questions.
"""
