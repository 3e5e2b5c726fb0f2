"""Which narrative words hold a question's concept (issue #14, causes 2 and 4 of the narrative
error analysis): investigators' words the thesaurus links to narrative wording, and stems that
must not join words of another meaning. Real BM25 index (bm25s, PyStemmer) over small texts."""

from __future__ import annotations

import pytest

from assistant.index.lexical import BM25Index
from assistant.narrative.lexicon import chunk_hits, concepts
from assistant.narrative.surface import guard

TEXTS = {
    "w1": "She said she expected the sergeant to phone her back.",
    "w2": "The woman, who was expectant at the time, was pushed against the van.",
    "w3": "The man became irritated and left the counter.",
    "w4": "An irritant was sprayed at the group outside the bar.",
    "w5": "The constable knelt on my back for several minutes.",
    "w6": "He put all his weight on the man lying in the road.",
    "w7": "The officer choked him until he nearly passed out.",
    "w8": "She was held in a headlock by the arresting sergeant.",
    "w9": "My neighbour's dog barked at the patrol car.",
    "w10": "The sergeant shouted a racial slur at the teenager.",
    "w11": "The motorist was slurring his words and swaying.",
    "w12": "She says she was racially profiled at the checkpoint.",
    "w13": "He refused to give his name or his badge number when asked.",
    "w14": "The constable drew his weapon as the van pulled up.",
    "w15": "They held the driver at gunpoint for ten minutes.",
    "w16": "She identified the suspect from a photo line-up.",
    "w17": "He offered to drop it if she had a drink with him, then was driving her home.",
    "w18": "The sergeant breathalysed him and charged him with DUI.",
}


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> BM25Index:
    built = BM25Index(tmp_path_factory.mktemp("bm25-words"))
    built.build(list(TEXTS), list(TEXTS.values()))
    if built.stemmer_language is None:
        pytest.skip("needs PyStemmer")
    return built


def found(question: str, index: BM25Index) -> list[set[str]]:
    return [{index.ids[i] for i in chunk_hits(c, index, lambda ids: {i: TEXTS[i] for i in ids})
             .nonzero()[0]} for c in concepts(question, index)]


def test_a_stem_that_drops_an_agent_suffix_counts_only_beside_the_word_itself(
        index: BM25Index) -> None:
    """'expectant' and 'expected' share Snowball's stem 'expect'; 'irritant' and 'irritated'
    share 'irrit'. The question's word finds only texts that hold its own form."""
    assert found("accounts about an expectant woman", index)[0] == {"w2"}
    assert found("reports of an irritant being used", index)[0] == {"w4"}
    # the verb still finds the verb, and does not drag in the pregnancy synonyms
    expected = concepts("she expected a call back", index)[0]
    assert "pregnant" not in expected.tokens and not expected.guards
    assert found("she expected a call back", index)[0] == {"w1", "w2"}


def test_guards_only_agent_and_adjective_suffixes() -> None:
    assert guard("expectant", "expect") == ("expect", "expectant")
    assert guard("irritants", "irrit") == ("irrit", "irritant")
    assert guard("kicked", "kick") is None  # an inflection: the same act
    assert guard("evaluation", "evalu") is None  # a nominalisation: the same act


def test_investigator_words_reach_the_narratives_own_wording(index: BM25Index) -> None:
    """'throat' finds choking and headlocks; 'weight on' finds kneeling on someone."""
    assert found("an officer gripped a man round the throat", index)[-1] == {"w7", "w8"}
    assert found("officers who put their weight on a detainee", index)[0] == {"w5", "w6"}


def test_racist_words_said_are_one_phrase_not_its_two_stems(index: BM25Index) -> None:
    """'racial slur' is neither "slurring his words" nor "racially profiled": the words count
    together, and the other phrasings of racist abuse count as the same thing."""
    assert found("accounts where a racial slur was shouted", index)[0] == {"w10"}
    assert found("reports of racist language", index) == [{"w10"}]


def test_aiming_and_identifying_reach_how_narratives_tell_them(index: BM25Index) -> None:
    """A drawn weapon or 'at gunpoint' is aiming one; an officer's name or badge number is how
    they identify themselves (a question's negation then keeps only negative sentences)."""
    assert found("an officer who aimed at a driver", index)[0] == {"w14", "w15"}
    assert found("staff declining to identify themselves", index)[-1] == {"w13", "w16"}


def test_driving_after_drinking_is_one_offence_not_the_word_drink(index: BM25Index) -> None:
    """'drink driving' finds the offence under its other names (DUI), not 'a drink' and
    'driving' in one account."""
    assert found("a stop for drink driving", index)[-1] == {"w18"}
