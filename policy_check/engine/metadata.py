"""Document-control facts: when the policy was approved or updated, by whom, and when it is reviewed.

Which words label which field is ruleset data (`metadata:`); a date belongs to the nearest label
before it in the same clause ("Governor approved | March 2023", "agreed by the Board in
September 2023", "it will be reviewed again in September 2024"). A date in a table row with no
label of its own takes its column's header ("Review date"), or, under a plain "Date" column, the one
dated field the header row names ("Version | Date | Changes | Approved by"); a date alone on its line
takes the label on the line above.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from policy_check.engine.dates import FoundDate, ReviewCycle, add_months, find_review_cycle
from policy_check.engine.index import DocumentIndex
from policy_check.engine.organisation import find_organisation

LABEL_REACH = 160  # characters between a label and its date
LABEL_WORDS = 5  # a heading this short may be a label on its own line ("Next review due")
DATED_FIELDS = ("approved", "updated", "next_review")


@dataclass(frozen=True)
class FieldValue:
    date: dt.date | None
    last_day: dt.date | None
    text: str
    evidence: tuple[tuple[int, int, int], ...]  # (clause, start, end)


@dataclass
class Metadata:
    fields: dict[str, FieldValue] = field(default_factory=dict)
    review_cycle: ReviewCycle | None = None
    organisation: str | None = None
    appropriate_body: str | None = None

    def field(self, name: str) -> FieldValue | None:
        return self.fields.get(name)

    def to_report(self, title: str | None) -> dict:
        def iso(name: str) -> str | None:
            value = self.fields.get(name)
            return value.date.isoformat() if value and value.date else None

        return {
            "title": title,
            "organisation": self.organisation,
            "approved": iso("approved"),
            "updated": iso("updated"),
            "next_review": iso("next_review"),
            "review_cycle": self.review_cycle.text if self.review_cycle else None,
            "appropriate_body": self.appropriate_body,
        }


def _clause_span(index: DocumentIndex, clause: int) -> tuple[int, int, int]:
    c = index.document.clauses[clause]
    return (clause, c.start, c.end)


def _labels(index: DocumentIndex, labels: dict[str, list[str]]) -> list[tuple[int, int, str]]:
    found = []
    for field_name in DATED_FIELDS:
        for concept in labels.get(field_name, []):
            for start, end in index.hits.get(concept, []):
                found.append((start, end, field_name))
    return sorted(found)


def _dated_fields(index: DocumentIndex, labels: dict[str, list[str]]) -> dict[str, list[tuple[FoundDate, int]]]:
    label_hits = _labels(index, labels)
    by_field: dict[str, list[tuple[FoundDate, int]]] = {}
    for found in index.dates:
        clause = index.clause_at(found.start)
        clause_start = index.document.clauses[clause].start
        owner = None
        for start, end, field_name in label_hits:
            if start >= found.start:
                break
            if start >= clause_start and found.start - end <= LABEL_REACH:
                owner = field_name
        if owner is None:
            owner = _column_field(index, label_hits, clause, found.start) or _label_above(index, label_hits, clause, found)
        if owner:
            by_field.setdefault(owner, []).append((found, clause))
    return by_field


def _label_above(index: DocumentIndex, label_hits: list[tuple[int, int, str]], clause: int, found: FoundDate) -> str | None:
    """A date that is the whole of its clause, under a heading that is only its label ("Date approved" over
    "14 October 2025": a table flattened to text, a form) takes that label's field."""
    text = index.document.clauses[clause].text
    if clause == 0 or text.strip() != found.text.strip():
        return None
    above = index.document.clauses[clause - 1]
    if above.kind != "heading" or len(above.text.split()) > LABEL_WORDS:
        return None
    fields = {field_name for start, _, field_name in label_hits if above.start <= start < above.end}
    return fields.pop() if len(fields) == 1 else None


def _column_field(index: DocumentIndex, label_hits: list[tuple[int, int, str]], clause: int, position: int) -> str | None:
    """The dated field a table row's header gives the column holding `position`."""
    header = index.header_row(clause)
    if header is None:
        return None
    row_cells = index.document.clauses[clause].cell_spans()
    head = index.document.clauses[header]
    header_cells = head.cell_spans()
    column = next((i for i, (start, end) in enumerate(row_cells) if start <= position <= end), None)
    if column is None or len(header_cells) != len(row_cells):
        return None
    named = [(start, field_name) for start, _, field_name in label_hits if head.start <= start < head.end]
    cell_start, cell_end = header_cells[column]
    own = [field_name for start, field_name in named if cell_start <= start < cell_end]
    if own:
        return own[0]
    # A heading over a column with its own date ("Next review") names that date, not this one.
    dated_columns = {i for i, (start, end) in enumerate(row_cells)
                     if i != column and any(start <= d.start < end for d in index.dates)}
    fields = {field_name for start, field_name in named
              if not any(header_cells[i][0] <= start < header_cells[i][1] for i in dated_columns)}
    return fields.pop() if len(fields) == 1 else None


def _latest(entries: list[tuple[FoundDate, int]], index: DocumentIndex) -> FieldValue:
    found, clause = max(entries, key=lambda e: (e[0].date, e[0].start))
    clauses = dict.fromkeys(c for _, c in entries)
    return FieldValue(
        date=found.date,
        last_day=found.last_day(),
        text=found.text,
        evidence=tuple(_clause_span(index, c) for c in clauses),
    )


def _first_clause_with(index: DocumentIndex, concepts: list[str], limit: int | None = None) -> list[int]:
    clauses = sorted({index.clause_at(s) for c in concepts for s, _ in index.hits.get(c, [])})
    return clauses[:limit] if limit else clauses


def _expand_name(text: str, start: int, end: int) -> str:
    """Grow a matched name leftwards over capitalised words: 'Teaching School Hub' -> 'SFET Teaching School Hub'."""
    words = re.finditer(r"[A-Z][\w&'’-]*|\(|\)", text[:start])
    prefix = ""
    for match in reversed(list(words)):
        gap = text[match.end():start - len(prefix)] if prefix else text[match.end():start]
        if gap.strip() not in ("", "and", "of", "&", "for") or "\n" in gap:
            break
        prefix = text[match.start():start]
    return (prefix + text[start:end]).strip()


def extract_metadata(index: DocumentIndex, labels: dict[str, list[str]]) -> Metadata:
    document = index.document
    metadata = Metadata()
    dated = _dated_fields(index, labels)
    for field_name, entries in dated.items():
        metadata.fields[field_name] = _latest(entries, index)

    approval_clauses = {c for _, c in dated.get("approved", [])}
    approver_clauses = [c for c in _first_clause_with(index, labels.get("approver", [])) if c in approval_clauses]
    if not approver_clauses:
        label_clauses = set(_first_clause_with(index, labels.get("approved", [])))
        approver_clauses = [c for c in _first_clause_with(index, labels.get("approver", [])) if c in label_clauses]
    if approver_clauses:
        text = document.clauses[approver_clauses[0]].text
        metadata.fields["approver"] = FieldValue(None, None, text, tuple(_clause_span(index, c) for c in approver_clauses[:2]))

    dates = [v for k, v in metadata.fields.items() if k in ("approved", "updated") and v.date]
    if dates:
        latest = max(dates, key=lambda v: v.date)
        evidence = tuple(e for v in dates for e in v.evidence)
        metadata.fields["policy_date"] = FieldValue(latest.date, latest.last_day, latest.text, evidence)

    for clause in _first_clause_with(index, labels.get("review_cycle", []) + labels.get("next_review", [])):
        cycle = find_review_cycle(document.clauses[clause].text)
        if cycle is not None:
            metadata.review_cycle = cycle
            metadata.fields["review_cycle"] = FieldValue(None, None, cycle.text, (_clause_span(index, clause),))
            break

    review = metadata.fields.get("next_review")
    policy_date = metadata.fields.get("policy_date")
    if review is not None:
        metadata.fields["review_due"] = review
    elif policy_date is not None and metadata.review_cycle is not None and metadata.review_cycle.months:
        due = add_months(policy_date.last_day, metadata.review_cycle.months)
        evidence = policy_date.evidence + metadata.fields["review_cycle"].evidence
        metadata.fields["review_due"] = FieldValue(due, due, f"{policy_date.text} + {metadata.review_cycle.text}", evidence)

    all_dates = [(d, index.clause_at(d.start)) for d in index.dates]
    if all_dates:
        metadata.fields["any_date"] = _latest(all_dates, index)

    metadata.organisation = find_organisation(index, labels.get("organisation", []))
    for concept in labels.get("appropriate_body", []):
        hits = index.hits.get(concept, [])
        if hits:
            # The fullest name in the first clause that names the body (a short name the policy defines,
            # "Weald", may come first there).
            first = index.clause_at(hits[0][0])
            names = [_expand_name(document.text, s, e) for s, e in hits if index.clause_at(s) == first]
            metadata.appropriate_body = max(names, key=len)
            break
    return metadata
