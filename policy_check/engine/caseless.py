"""Case-insensitive expressions scanned at the speed of case-sensitive ones.

Python's `re` finds a literal-led pattern with a fast substring search, but not when the pattern
is case-insensitive or opens with `\\b`, which is how nearly every expression in a ruleset starts
("\\b(?:half[- ]?)?termly\\b"). So each expression is also kept in a second form, lower-cased and
without its leading `\\b`, and searched in the document's lower-cased text; a word boundary is then
tested at each place it matches. The two forms find the same spans; `finditer` falls back to the
written form wherever that could not hold (inline flag changes, a text whose lower case changes its
length).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

try:  # the parser `re` itself uses (Python 3.11+), then its older name
    from re import _parser as _re_parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _re_parser  # type: ignore[no-redef]

_LEADING_BOUNDARY = "\\b"
_FLAG_CHANGE = re.compile(r"\(\?[a-zA-Z]*-")  # "(?-i:...)": a part that keeps case


def pattern_characters(pattern: str) -> Iterator[tuple[str, bool, bool]]:
    """Each character of a pattern with whether it is escaped (the letter of `\\b`, `\\S`) and
    whether it lies inside a [...] class: what a rewrite of the pattern must leave alone."""
    in_class, escaped = False, False
    for char in pattern:
        if escaped:
            yield char, True, in_class
            escaped = False
            continue
        yield char, False, in_class
        if char == "\\":
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False


def _lowered_source(pattern: str) -> str:
    """The pattern with every letter outside an escape in lower case (`\\B`, `\\S`, `\\W` keep theirs)."""
    return "".join(char if escaped else char.lower() for char, escaped, _ in pattern_characters(pattern))


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


@dataclass(frozen=True)
class CaselessPattern:
    """A case-insensitive expression, with its fast lower-case form where one is exact."""

    written: re.Pattern[str]
    lowered: re.Pattern[str] | None
    boundary_first: bool
    required: str = ""  # lower-case letters every match contains: a text without them has no match
    offset: int | None = None  # where `required` always starts in a match, when that is fixed

    @classmethod
    def compile(cls, source: str) -> "CaselessPattern":
        written = re.compile(source, re.IGNORECASE)
        if _FLAG_CHANGE.search(source) or _may_be_empty(source):
            return cls(written, None, False, *_required_literal(source))
        boundary_first = source.startswith(_LEADING_BOUNDARY) and not source.startswith(_LEADING_BOUNDARY + "|")
        rest = source[len(_LEADING_BOUNDARY):] if boundary_first else source
        try:
            lowered = re.compile(_lowered_source(rest))
        except re.error:
            return cls(written, None, False)
        if boundary_first and "|" in _top_level(rest):
            return cls(written, None, False)  # "\b" must apply to every alternative
        return cls(written, lowered, boundary_first)

    def finditer(self, text: str, lowered_text: str | None) -> Iterator[tuple[int, int]]:
        """Start and end of each non-empty match, left to right, as `written.finditer` finds them."""
        if self.lowered is None or lowered_text is None or len(lowered_text) != len(text):
            if self.required and lowered_text is not None and len(lowered_text) == len(text):
                yield from self._around_required(text, lowered_text)
                return
            for found in self.written.finditer(text):
                if found.end() > found.start():
                    yield found.start(), found.end()
            return
        search, position, length = self.lowered.search, 0, len(text)
        while position <= length:
            found = search(lowered_text, position)
            if found is None:
                return
            start, end = found.span()
            if self.boundary_first and not _boundary_at(lowered_text, start):
                position = start + 1
                continue
            yield start, end
            position = end

    def _around_required(self, text: str, lowered_text: str) -> Iterator[tuple[int, int]]:
        """`written.finditer`, tried only where the required letters are: at the one place a match
        could start before each of them when that is fixed, else anywhere once they occur at all."""
        if self.required not in lowered_text:
            return
        if self.offset is None:
            for found in self.written.finditer(text):
                if found.end() > found.start():
                    yield found.start(), found.end()
            return
        position, at = 0, lowered_text.find(self.required)
        while at != -1:
            start = at - self.offset
            if start >= position:
                found = self.written.match(text, start)
                if found is not None and found.end() > found.start():
                    yield found.start(), found.end()
                    position = found.end()
            at = lowered_text.find(self.required, at + 1)


def _required_literal(source: str) -> tuple[str, int | None]:
    """The longest run of literal letters the pattern always matches ("council" in "(?-i:...Council\\b)"),
    lower-cased ("" when there is none of three letters or more), and how far into every match it
    starts when that is fixed ("head" in "(?-i:\\b(?:the|The) Head\\b)" starts at 4), else None. Read from
    the parsed pattern's top-level sequence, with the groups in it opened out (a group is always
    matched, whole)."""
    try:
        parsed = _re_parser.parse(source)
    except re.error:
        return "", None
    items = _flattened(list(parsed))
    best, best_at, run, run_at = "", 0, "", 0
    for position, (opcode, argument) in enumerate(items):
        if str(opcode) == "LITERAL":
            if not run:
                run_at = position
            run += chr(argument).lower()
            if len(run) > len(best):
                best, best_at = run, run_at
        else:
            run = ""
    if len(best) < 3:
        return "", None
    low, high = _re_parser.SubPattern(parsed.state, items[:best_at]).getwidth()
    return best, low if low == high else None


def _flattened(items: list) -> list:
    """A parsed sequence with each group replaced by its own sequence."""
    flat = []
    for opcode, argument in items:
        if str(opcode) == "SUBPATTERN":
            flat.extend(_flattened(list(argument[-1])))
        else:
            flat.append((opcode, argument))
    return flat


def _may_be_empty(source: str) -> bool:
    """Whether the pattern can match nothing (finditer then steps differently after such a match)."""
    return _re_parser.parse(source).getwidth()[0] == 0


def _boundary_at(text: str, position: int) -> bool:
    before = position > 0 and _is_word(text[position - 1])
    after = position < len(text) and _is_word(text[position])
    return before != after


def _top_level(source: str) -> str:
    """The pattern's characters outside groups and classes, to see whether `|` splits it."""
    out, depth = [], 0
    for char, escaped, in_class in pattern_characters(source):
        if escaped or in_class or char in "\\[]":
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)
