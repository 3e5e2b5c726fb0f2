"""The engine pool freezes what a handle keeps out of garbage collection (assistant/pool.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from assistant.pool import Pool


class Handle:
    def __init__(self) -> None:
        self.kept: dict[str, list[object]] = {}


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_loan_that_builds_something_kept_freezes_it_and_others_do_not(unfrozen: None) -> None:
    pool: Pool[Handle] = Pool(Handle, lambda h: None, size=1, kept=lambda h: sorted(h.kept))
    with pool.lend() as handle:  # the first loan: the handle itself is kept
        pass
    first = gc.get_freeze_count()
    assert first > 0
    with pool.lend() as handle:  # builds something it keeps: frozen too
        handle.kept["binders"] = [[i] for i in range(1000)]
    built = gc.get_freeze_count()
    assert built >= first + 1000
    with pool.lend() as handle:  # allocates, keeps nothing new: nothing frozen
        handle.scratch = [[i] for i in range(1000)]  # type: ignore[attr-defined]
    # never more than before: a frozen object freed by its refcount (whatever earlier tests left
    # in the permanent generation) lowers the count, a wrong freeze would add the 1,001 lists
    assert gc.get_freeze_count() <= built


def test_a_pool_without_kept_never_freezes(unfrozen: None) -> None:
    pool: Pool[Handle] = Pool(Handle, lambda h: None, size=1)
    with pool.lend() as handle:
        handle.kept["binders"] = [[i] for i in range(1000)]
    assert gc.get_freeze_count() == 0
