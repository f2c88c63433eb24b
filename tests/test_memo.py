"""cliffcite.memo: bounded memo tables, forgotten on demand."""

from __future__ import annotations

from cliffcite import memo


def test_a_memoised_function_computes_once_and_forgets_on_clear() -> None:
    calls: list[str] = []

    @memo.memoised
    def shout(s: str) -> str:
        calls.append(s)
        return s.upper()

    assert [shout("a"), shout("a"), shout("b")] == ["A", "A", "B"]
    assert calls == ["a", "b"]
    memo.clear_caches()
    assert shout("a") == "A"
    assert calls == ["a", "b", "a"]


def test_long_strings_are_computed_each_time_and_never_held() -> None:
    calls: list[int] = []

    @memo.memoised
    def size(s: str) -> int:
        calls.append(len(s))
        return len(s)

    long = "x" * (memo.MAX_KEY_CHARS + 1)
    assert size(long) == size(long) == memo.MAX_KEY_CHARS + 1
    assert calls == [memo.MAX_KEY_CHARS + 1] * 2


def test_a_table_is_bounded_and_cleared() -> None:
    table: memo.Table[int, int] = memo.Table()
    for i in range(memo.CACHE_SIZE + 10):
        table.put(i, i)
    assert table.get(memo.CACHE_SIZE + 9) == memo.CACHE_SIZE + 9
    assert table.get(0) is None  # emptied when full
    memo.clear_caches()
    assert table.get(memo.CACHE_SIZE + 9) is None
