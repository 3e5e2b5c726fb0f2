"""Pools of store handles, each lent to one thread at a time.

An `Engine` holds one DuckDB connection, and a DuckDB connection must not be used by two threads
at once. Rather than serialise every request behind one engine, a pool lends each handle to one
thread at a time and opens up to `size` of them on demand (engines share the process's loaded
embedding model and DuckDB database instance). `size=1` is a global lock. `on_lend` runs before
each loan: it brings review decisions made since the last one into the handle's view. The consultation layer
keeps two pools, so that cheap lookups (record views, profiles, searches) never queue behind
expensive questions.

An engine's first answer builds what it keeps for its life (the catalogue's binders, the store's
known complainants: at 45,000 staff millions of objects). Python's cyclic garbage collector then
walks all of them in every full collection (~60 ms each, 9 in 44 answers at 45,000 staff, each
landing on one answer), though none of them ever becomes garbage: after a loan in which a handle's
`kept()` changed (it built something it keeps), the pool collects once and freezes what is left
(`gc.freeze`), so later collections walk only what answers allocate.
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Generic, TypeVar

from assistant.service import Engine
from assistant.settings import Settings

WAIT_S = 120.0
T = TypeVar("T")


class PoolBusy(TimeoutError):
    """Every handle stayed busy for longer than the wait limit."""


class Pool(Generic[T]):
    def __init__(
        self, open_one: Callable[[], T], close_one: Callable[[T], None], size: int,
        on_lend: Callable[[T], None] | None = None,
        kept: Callable[[T], object] | None = None,
    ) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one handle")
        self.size = size
        self._kept = kept  # what a handle keeps for its life; a change is frozen (see above)
        self._frozen: dict[int, object] = {}  # id of a handle -> its `kept` when last frozen
        self._open, self._close, self._on_lend = open_one, close_one, on_lend
        self._idle: queue.LifoQueue[T] = queue.LifoQueue()
        self.opened: list[T] = []
        self._lock = threading.Lock()

    @contextmanager
    def lend(self) -> Iterator[T]:
        handle = self._take()
        try:
            if self._on_lend is not None:  # e.g. review decisions made since the last lend
                self._on_lend(handle)
            yield handle
            if self._kept is not None and self._frozen.get(id(handle)) != (
                    now := self._kept(handle)):
                self._frozen[id(handle)] = now
                gc.collect()  # garbage left now would never be collected once frozen
                gc.freeze()
        finally:
            self._idle.put(handle)

    def _take(self) -> T:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self.opened) < self.size:
                handle = self._open()  # e.g. StoreMissing propagates to the caller
                self.opened.append(handle)
                return handle
        try:
            return self._idle.get(timeout=WAIT_S)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} handles busy for {WAIT_S:.0f} s") from None

    def close(self) -> None:
        with self._lock:
            for handle in self.opened:
                self._close(handle)
            self.opened.clear()


class EnginePool(Pool[Engine]):
    """Answer engines over `settings`' store; `engine()` lends one."""

    def __init__(self, settings: Settings, size: int = 2) -> None:
        super().__init__(lambda: Engine(settings), Engine.close, size,
                         on_lend=Engine.refresh_links, kept=Engine.kept)

    def engine(self) -> AbstractContextManager[Engine]:
        return self.lend()
