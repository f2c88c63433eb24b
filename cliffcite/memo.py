"""Memoised pure functions of strings, and a way to forget them all.

Names, titles and parts of citations recur across a document's notes (the
seed cites ``Trotsky`` 36 times); the string tests of ``find`` and
``resolve`` that see them are memoised with :func:`memoised`, a bounded
:func:`functools.lru_cache`.  Only pure functions of immutable arguments
returning immutable values may be memoised.  :func:`clear_caches` forgets
every cached result: the benchmark calls it before each timed run, so that
its figures are those of a document never seen before.

What is kept is bounded whatever the input: at most :data:`CACHE_SIZE`
results a function, for strings of at most :data:`MAX_KEY_CHARS` (longer
ones, prose rather than names and titles, are computed each time and never
held), so a long-running process holds a few MB at most after any document.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache, wraps
from typing import Generic, Protocol, TypeVar

__all__ = ["CACHE_SIZE", "MAX_KEY_CHARS", "Table", "clear_caches", "memoised", "register"]

#: Results kept per function.
CACHE_SIZE = 4096
#: Longer strings are not memoised (nor held): see the module's docstring.
MAX_KEY_CHARS = 256


class _Clearable(Protocol):
    def cache_clear(self) -> None: ...


_S = TypeVar("_S", bound="str | None")
_R = TypeVar("_R")
_CACHED: list[_Clearable] = []


def memoised(fn: Callable[[_S], _R]) -> Callable[[_S], _R]:
    """``fn``, a function of one string (or None), with its results kept
    (:data:`CACHE_SIZE`, least recently used dropped first; strings of at
    most :data:`MAX_KEY_CHARS`), forgotten by :func:`clear_caches`."""
    cached = lru_cache(maxsize=CACHE_SIZE)(fn)
    _CACHED.append(cached)

    @wraps(fn)
    def call(s: _S) -> _R:
        if s is not None and len(s) > MAX_KEY_CHARS:
            return fn(s)
        return cached(s)

    return call


_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class Table(Generic[_K, _V]):
    """A memo the caller fills, for results that are computed from more than
    the key (a value already at hand saves work on a miss).  Bounded: emptied
    when :data:`CACHE_SIZE` entries are held; the caller keeps long keys out
    (:data:`MAX_KEY_CHARS`).  Forgotten by :func:`clear_caches`."""

    #: The value held for a key, or None: the dict's own ``get``, bound once,
    #: so that a look-up is one C call (a method around it doubled its cost).
    get: Callable[[_K], _V | None]

    def __init__(self) -> None:
        self._held: dict[_K, _V] = {}
        self.get = self._held.get  # the dict is emptied, never replaced
        _CACHED.append(self)

    def put(self, key: _K, value: _V) -> _V:
        if len(self._held) >= CACHE_SIZE:
            self._held.clear()
        self._held[key] = value
        return value

    def cache_clear(self) -> None:
        self._held.clear()


_C = TypeVar("_C", bound=_Clearable)


def register(cached: _C) -> _C:
    """Have :func:`clear_caches` forget an ``lru_cache`` of another size too."""
    _CACHED.append(cached)
    return cached


def clear_caches() -> None:
    """Forget every memoised result."""
    for cached in _CACHED:
        cached.cache_clear()
