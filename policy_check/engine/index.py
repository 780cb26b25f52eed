"""Everything the checks ask of one document, computed once: the parse, concept hits, units.

A *unit* is a span of `Document.text` a check looks inside: a sentence, a clause, a section (its
heading and every clause under it) or the whole document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc

from policy_check.engine.concepts import ConceptMatcher
from policy_check.engine.dates import FoundDate, find_dates
from policy_check.engine.nlp import pipeline
from policy_check.engine.numbers import Quantity, find_quantities
from policy_check.model import Document


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    clause: int  # the clause the unit starts in


@dataclass
class DocumentIndex:
    document: Document
    hits: dict[str, list[tuple[int, int]]]
    sentences: list[Unit]
    clauses: list[Unit]
    sections: list[Unit]
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._clause_starts = [c.start for c in self.document.clauses]
        self._sentence_starts = [s.start for s in self.sentences]
        self._hit_starts = {name: [s for s, _ in spans] for name, spans in self.hits.items()}

    def units(self, scope: str) -> list[Unit]:
        if scope == "sentence":
            return self.sentences
        if scope == "clause":
            return self.clauses
        if scope == "section":
            return self.sections
        return [Unit(0, len(self.document.text), 0)] if self.document.clauses else []

    def clause_at(self, offset: int) -> int:
        return max(0, bisect_right(self._clause_starts, offset) - 1)

    def sentence_at(self, offset: int) -> Unit:
        return self.sentences[max(0, bisect_right(self._sentence_starts, offset) - 1)]

    def hits_in(self, concept: str, start: int, end: int) -> list[tuple[int, int]]:
        starts = self._hit_starts.get(concept)
        if not starts:
            return []
        spans = self.hits[concept]
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        return [span for span in spans[lo:hi] if span[1] <= end]

    def heading_spans(self, clause_index: int) -> list[tuple[int, int]]:
        """The heading clauses above a clause, outermost first (its section path)."""
        document = self.document
        section = document.section_of(document.clauses[clause_index])
        spans = []
        while section is not None:
            heading = document.clauses[section.clause_indices[0]]
            spans.append((heading.start, heading.end))
            section = document.sections[section.parent] if section.parent is not None else None
        return spans[::-1]


def sentence_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Character spans of spaCy's sentences in `text` (what `doc` was made from), white space trimmed."""
    table = doc.to_array([IDX, LENGTH, SENT_START])
    starts = [int(row[0]) for row in table if int(row[2]) == 1]
    bounds = starts[1:] + [len(text)]
    spans = []
    for start, end in zip(starts, bounds):
        piece = text[start:end]
        stripped_start = start + (len(piece) - len(piece.lstrip()))
        stripped_end = start + len(piece.rstrip())
        if stripped_end > stripped_start:
            spans.append((stripped_start, stripped_end))
    return spans


def build_index(document: Document, matcher: ConceptMatcher) -> DocumentIndex:
    doc = pipeline()(document.text)
    hits = matcher.find(doc, document.text)
    clause_starts = [c.start for c in document.clauses]
    sentences = []
    for start, end in sentence_spans(doc, document.text):
        clause = max(0, bisect_right(clause_starts, start) - 1)
        sentences.append(Unit(start, end, clause))
    clauses = [Unit(c.start, c.end, c.index) for c in document.clauses]
    sections = []
    for section in document.sections:
        first = document.clauses[section.clause_indices[0]]
        last = document.clauses[section.clause_indices[-1]]
        sections.append(Unit(first.start, last.end, first.index))
    if not sections and document.clauses:
        sections = [Unit(0, len(document.text), 0)]
    return DocumentIndex(
        document=document,
        hits=hits,
        sentences=sentences,
        clauses=clauses,
        sections=sections,
        quantities=find_quantities(document.text),
        dates=find_dates(document.text),
    )
