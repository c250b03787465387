"""Helpers shared by the tests in tests/overlap (imported as ``overlap_testlib``)."""

from __future__ import annotations

from hypothesis import strategies as st


def draw_minor(net, data) -> tuple[list[int], list[int], list[list[int]], list[list[int]]]:
    """Draw a partition (rows, cols: 0-based modes) of ``net``'s N modes and 1-3 row and column multi-indices."""
    rows = sorted(data.draw(st.sets(st.integers(0, net.N - 1), min_size=1, max_size=net.N - 1)))
    cols = [m for m in range(net.N) if m not in rows]
    ri = data.draw(st.lists(st.lists(st.integers(0, net.T - 1), min_size=len(rows), max_size=len(rows)),
                            min_size=1, max_size=3))
    ci = data.draw(st.lists(st.lists(st.integers(0, net.T - 1), min_size=len(cols), max_size=len(cols)),
                            min_size=1, max_size=3))
    return rows, cols, ri, ci


def full_index(N: int, rows: list[int], rd: list[int], cols: list[int], cd: list[int]) -> list[int]:
    """The grid-tensor index (length N) with ``rd`` at the row modes and ``cd`` at the column modes."""
    d = [0] * N
    for m, x in zip(rows, rd):
        d[m] = x
    for m, x in zip(cols, cd):
        d[m] = x
    return d
