"""Questions about many character spans at once, answered in log time (long reports hold thousands)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Iterable, Protocol


class HasSpan(Protocol):
    start: int
    end: int


class SpanIndex:
    """A fixed set of spans, asked whether any of them overlaps or covers a given span."""

    def __init__(self, spans: Iterable[HasSpan]):
        ordered = sorted((s.start, s.end) for s in spans)
        self.starts = [start for start, _ in ordered]
        self.furthest_end = list(accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span shares a character with start..end."""
        before = bisect_left(self.starts, end) - 1
        return before >= 0 and self.furthest_end[before] > start

    def covers(self, start: int, end: int) -> bool:
        """Whether some span holds all of start..end."""
        before = bisect_right(self.starts, start) - 1
        return before >= 0 and self.furthest_end[before] >= end


class SpansInOrder:
    """Items with spans, kept in start order, asked for those that lie inside a range in log time."""

    def __init__(self, items: Iterable[HasSpan]):
        self.items = sorted(items, key=lambda item: (item.start, item.end))
        self.starts = [item.start for item in self.items]

    def holding(self, offset: int):
        """The last item that starts at or before `offset` and ends after it, if any."""
        index = bisect_right(self.starts, offset) - 1
        return self.items[index] if index >= 0 and offset < self.items[index].end else None

    def starting(self, start: int, end: int) -> list:
        """The items that start in start..end."""
        return self.items[bisect_left(self.starts, start) : bisect_left(self.starts, end)]

    def inside(self, start: int, end: int) -> list:
        """The items that start at or after `start` and end by `end`."""
        return [item for item in self.starting(start, end) if item.end <= end]
