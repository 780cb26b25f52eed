"""Find a quoted piece of evidence in a Word body and cut runs so a comment covers exactly those words.

The checker quotes the cleaned document model, not the Word XML, so evidence is found by its letters
and digits alone (spaces, punctuation, bullets and cell separators ignored): a quote from a table row
or across two differently formatted runs is found all the same. Runs are only ever split, never
re-written, so every paragraph keeps its text and formatting.
"""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass, field

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_EDGE = 40  # letters matched at each end of a quote when the whole of it is not found verbatim


@dataclass(frozen=True)
class Span:
    """Where a quote is in the body's letter stream: [start, end) indices."""

    start: int
    end: int


@dataclass
class _Piece:
    """A w:t element that now holds the part of an original text node from `offset` on."""

    offset: int
    node: object


@dataclass
class BodyText:
    """The letters and digits of a Word body in reading order, each traced back to its text node.

    Splitting a run cuts a text node in two; `_pieces` remembers where each original node went, so
    spans found before any split stay valid after many.
    """

    letters: str
    positions: list[tuple[object, int]]  # per letter: (original w:t element, offset in its text)
    _pieces: dict[int, list[_Piece]] = field(default_factory=dict)

    @classmethod
    def of(cls, body: object) -> "BodyText":
        letters: list[str] = []
        positions: list[tuple[object, int]] = []
        for node in body.iter(f"{_W}t"):  # type: ignore[attr-defined]
            for offset, char in enumerate(node.text or ""):
                if char.isalnum():
                    letters.append(char.casefold()[0])
                    positions.append((node, offset))
        return cls("".join(letters), positions)

    def find(self, quote: str, near: float) -> Span | None:
        """The occurrence of `quote` nearest the fraction `near` of the body (0 = start, 1 = end).

        A quote the cleaner changed inside (stray markup removed, a bookmark dropped) is found by its
        first and last letters instead, when they lie close together.
        """
        wanted = "".join(char.casefold()[0] for char in quote if char.isalnum())
        if not wanted:
            return None
        spans = [Span(start, start + len(wanted)) for start in _occurrences(self.letters, wanted)]
        if not spans and len(wanted) > 2 * _EDGE:
            head, tail = wanted[:_EDGE], wanted[-_EDGE:]
            for start in _occurrences(self.letters, head):
                end = self.letters.find(tail, start + _EDGE, start + 2 * len(wanted))
                if end >= 0:
                    spans.append(Span(start, end + _EDGE))
        if not spans:
            return None
        target = near * max(len(self.letters), 1)
        return min(spans, key=lambda span: abs(span.start - target))

    def runs_for(self, span: Span) -> tuple[object, object]:
        """Split runs at the span's edges; the first and last w:r element of exactly its words."""
        last_node, last_offset = self.positions[span.end - 1]
        first_node, first_offset = self.positions[span.start]
        last_run = self._split(last_node, last_offset, keep="left")
        first_run = self._split(first_node, first_offset, keep="right")
        return first_run, last_run

    def _split(self, original: object, letter: int, keep: str) -> object:
        """Cut the run holding letter `letter` of `original`'s text: before it (keep="right", the
        run that starts with it is returned) or after it (keep="left", the run that ends with it)."""
        pieces = self._pieces.setdefault(id(original), [_Piece(0, original)])
        index = bisect.bisect_right([piece.offset for piece in pieces], letter) - 1
        piece = pieces[index]
        node = piece.node
        run = node.getparent()  # type: ignore[attr-defined]
        text = node.text or ""
        content = [child for child in run if child.tag != f"{_W}rPr"]
        position = content.index(node)
        cut = letter - piece.offset + (1 if keep == "left" else 0)  # where in `text` the cut falls
        if 0 < cut < len(text):
            right_node = copy.deepcopy(node)
            _set_text(node, text[:cut])
            _set_text(right_node, text[cut:])
            node.addnext(right_node)  # type: ignore[attr-defined]
            pieces.insert(index + 1, _Piece(piece.offset + cut, right_node))
            content.insert(position + 1, right_node)
            boundary = position + 1
        else:
            boundary = position if cut == 0 else position + 1
        if boundary in (0, len(content)):
            return run  # the cut falls on the run's own edge
        right_run = copy.deepcopy(run)
        for child in [child for child in right_run if child.tag != f"{_W}rPr"]:
            right_run.remove(child)
        for child in content[boundary:]:
            right_run.append(child)  # moved, not copied: the pieces keep pointing at live nodes
        run.addnext(right_run)
        return right_run if keep == "right" else run


def _set_text(node: object, text: str) -> None:
    node.text = text  # type: ignore[attr-defined]
    node.set(_XML_SPACE, "preserve")  # type: ignore[attr-defined]


def _occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start >= 0:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found
