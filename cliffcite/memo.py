"""Memoised pure functions of strings, and a way to forget them all.

Names, titles and parts of citations recur across a document's notes (the
seed cites ``Trotsky`` 36 times); the string tests of ``find`` and
``resolve`` that see them are memoised with :func:`memoised`, a bounded
:func:`functools.lru_cache`.  Only pure functions of immutable arguments
returning immutable values may be memoised.  :func:`clear_caches` forgets
every cached result: the benchmark calls it before each timed run, so that
its figures are those of a document never seen before.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import lru_cache
from typing import Any, Generic, TypeVar, cast

__all__ = ["CACHE_SIZE", "Table", "clear_caches", "memoised", "register"]

#: Results kept per function (a few hundred KB at most).
CACHE_SIZE = 4096

_F = TypeVar("_F", bound=Callable[..., Any])
_CACHED: list[Any] = []


def memoised(fn: _F) -> _F:
    """``fn`` with its results kept (:data:`CACHE_SIZE`, least recently used
    dropped first), forgotten by :func:`clear_caches`."""
    cached = lru_cache(maxsize=CACHE_SIZE)(fn)
    _CACHED.append(cached)
    return cast(_F, cached)


_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")


class Table(Generic[_K, _V]):
    """A memo the caller fills, for results that are computed from more than
    the key (a value already at hand saves work on a miss).  Bounded: emptied
    when :data:`CACHE_SIZE` entries are held.  Forgotten by :func:`clear_caches`."""

    def __init__(self) -> None:
        self._held: dict[_K, _V] = {}
        _CACHED.append(self)

    def get(self, key: _K) -> _V | None:
        return self._held.get(key)

    def put(self, key: _K, value: _V) -> _V:
        if len(self._held) >= CACHE_SIZE:
            self._held.clear()
        self._held[key] = value
        return value

    def cache_clear(self) -> None:
        self._held.clear()


def register(cached: _F) -> _F:
    """Have :func:`clear_caches` forget an ``lru_cache`` of another size too."""
    _CACHED.append(cached)
    return cached


def clear_caches() -> None:
    """Forget every memoised result."""
    for cached in _CACHED:
        cached.cache_clear()
