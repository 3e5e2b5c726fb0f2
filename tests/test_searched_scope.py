"""The period in a narrative answer's 'searched N narratives of …' line reads as said once.

A period said with its own preposition ('in 2025') was printed after another 'in': "searched 128
narratives of complaints in in 2025".
"""

from __future__ import annotations

import pytest

from assistant.service import in_period


@pytest.mark.parametrize(("said", "shown"), [
    ("in 2025", " in 2025"), ("2019", " in 2019"), ("since March 2020", " since March 2020"),
    ("March 2021", " in March 2021"), ("", ""), ("during the summer of 2020", " during the summer of 2020"),
])
def test_a_period_reads_with_one_preposition(said: str, shown: str) -> None:
    assert in_period(said) == shown
