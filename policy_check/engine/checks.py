"""The closed set of check kinds a rule may use, each a function from the index to a CheckResult.

A check never names a requirement: it looks for concepts, quantities, an order of concepts, or a
document-control field, as the rule's data says. `CHECKS` is the registry the schema mirrors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from policy_check.engine.compiled import Check
from policy_check.engine.dates import add_months
from policy_check.engine.index import NEGATION, DocumentIndex, Unit
from policy_check.engine.metadata import FieldValue, Metadata

UNBOUNDED = 1 << 30
# "10% in the first year and 5% in the second year": a coordination between a number and a
# context usually means the number belongs to the context on its other side.
COORDINATION = re.compile(r"\band\b|;|\bbut\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
COORDINATION_PENALTY = 60
# "... and must be lodged within six weeks": a coordination straight into a verb keeps its subject.
SHARED_SUBJECT = re.compile(r"\s+(?:must|should|will|shall|can|may|is|are|has|have|needs?|takes?)\b", re.IGNORECASE)
# "within 20 working days of receiving the recommendation": what follows "of receiving" (or "of being
# notified", "of deciding", "from the date of") is the event that starts the clock, not what the
# deadline is for.
CLOCK_START = re.compile(
    r"\b(?:of|after|from|following)\s+(?:receiving|receipt|being|making|deciding|the\s+date\s+of|the\s+day\s+of)\b",
    re.IGNORECASE)
# "A reduction of one tenth, as in Year 1": a context named for comparison is not the one the figure is for.
COMPARED_WITH = re.compile(
    r"\b(?:as\s+(?:in|for|with|during)|(?:the\s+)?same\s+as(?:\s+(?:in|for))?|like|unlike)\s+(?:the\s+|their\s+)?$",
    re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """A piece of evidence: the clause it is in, the characters to quote, and inside them the words
    that decided (concept hits, the figure) for a report to highlight."""

    clause: int
    start: int
    end: int
    marks: tuple[tuple[int, int], ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class CheckResult:
    holds: bool
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class Context:
    index: DocumentIndex
    metadata: Metadata
    as_of: dt.date
    edition_from: dt.date | None


def _unit_span(unit: Unit, marks: Iterable[tuple[int, int]] = ()) -> Span:
    return Span(unit.clause, unit.start, unit.end, tuple(m for m in marks if unit.start <= m[0] < unit.end))


def _hit_span(context: Context, hit: tuple[int, int]) -> Span:
    """For wide scopes, quote the sentence holding the hit rather than the whole section."""
    sentence = context.index.sentence_at(hit[0])
    return Span(sentence.clause, sentence.start, sentence.end, (hit,))


def _first_hit(context: Context, concept: str, unit: Unit, with_headings: bool,
               links: list[tuple[int, int]] | tuple = ()) -> tuple[int, int] | None:
    """The concept's first hit in the unit, else in the text the unit leans on (`links`), else
    (with `with_headings`) in the headings above it."""
    first_in = context.index.first_hit_in
    hit = first_in(concept, unit.start, unit.end)
    if hit is not None:
        return hit
    for start, end in links:
        hit = first_in(concept, start, end)
        if hit is not None:
            return hit
    if with_headings:
        for start, end in context.index.heading_spans(unit.clause):
            hit = first_in(concept, start, end)
            if hit is not None:
                return hit
    return None


def _negated_before(context: Context, unit: Unit, position: int) -> bool:
    return context.index.first_hit_in(NEGATION, unit.start, position) is not None


def check_mention(spec: Check, context: Context) -> CheckResult:
    """Concepts together in one unit: all of `all`, at least `min` of `any`, none of `none`."""
    scope = spec.within or "sentence"
    with_headings = spec.headings
    linked = scope in ("sentence", "part", "clause")
    negated = spec.negated
    required, alternatives, needed = spec.all, spec.any, spec.min
    spans: list[Span] = []
    for unit in _candidate_units(context, scope, [*required, *alternatives]):
        if spec.factual and linked and context.index.is_hypothetical(unit.start):
            continue
        links = context.index.linked_spans(unit) if linked else ()
        if spec.factual and links:  # a question or hypothetical it answers is no statement of practice
            links = [span for span in links if not context.index.is_hypothetical(span[0])]
        found = []
        for concept in required:
            hit = _first_hit(context, concept, unit, with_headings, links)
            if hit is None:
                break
            found.append(hit)
        else:
            distinct = [h for h in (_first_hit(context, c, unit, with_headings, links) for c in alternatives) if h]
            if alternatives and len(distinct) < needed:
                continue
            if any(_rules_out(context, spec, c, unit, found + distinct) for c in spec.none):
                continue
            if spec.none and linked and _excluded_nearby(context, spec, unit, links, found + distinct):
                continue
            found.extend(distinct)
            inside = [h for h in found if unit.start <= h[0] < unit.end]
            if negated != "any" and inside:
                is_negated = _negated_before(context, unit, max(h[1] for h in inside))
                if is_negated != (negated == "only"):
                    continue
            if linked:
                spans.append(_unit_span(unit, found))
                spans.extend(_hit_span(context, h) for h in found if not unit.start <= h[0] < unit.end)
            else:
                spans.extend(_hit_span(context, _quotable(context, h, unit)) for h in inside[:2])
    return CheckResult(bool(spans), tuple(spans))


def _rules_out(context: Context, spec: Check, concept: str, unit: Unit, found: list[tuple[int, int]]) -> bool:
    """Whether a `none` concept rules the unit out. With `none_within: part`, a hit only told of
    something (language.recipient: "... and informs the appropriate body") rules nothing out, and in a
    sentence of parts (see DocumentIndex.parts) a hit rules out only the part it is in: "The Trust
    panel decides pass or fail; the appropriate body is told of the decision" says who decides."""
    hits = context.index.hits_in(concept, unit.start, unit.end)
    if not hits or spec.none_within != "part":
        return bool(hits) or _first_hit(context, concept, unit, spec.headings) is not None
    hits = [hit for hit in hits if not context.index.is_recipient(hit[0])]  # "... and informs the AB"
    inside = [h for h in found if unit.start <= h[0] < unit.end]
    if not inside:
        return True
    return any(_same_part(context, hit[0], other[0]) for hit in hits for other in inside)


def _same_part(context: Context, first: int, second: int) -> bool:
    """Whether two offsets of one sentence lie in the same part (see DocumentIndex.parts)."""
    return context.index.part_at(first) == context.index.part_at(second)


def _excluded_nearby(context: Context, spec: Check, unit: Unit, links: list[tuple[int, int]] | tuple,
                     hits: list[tuple[int, int]]) -> bool:
    """Whether `none` rules the unit out from just beyond it: a following sentence that refers back, the
    unit's own heading, or text it borrowed a hit from ("It decides ..." after "NTA makes the final
    decision"). A heading that also names what the check asks for ("Reviewing progress and formal
    assessment") heads both topics and excludes neither."""
    index = context.index
    own_heading = [span for span in index.heading_spans(unit.clause)[-1:]
                   if not any(index.first_hit_in(c, *span) for c in spec.all)]
    borrowed = [span for span in links if any(span[0] <= h[0] < span[1] for h in hits)]
    return any(index.first_hit_in(c, start, end)
               for start, end in index.following_spans(unit) + own_heading + borrowed for c in spec.none)


def _quotable(context: Context, hit: tuple[int, int], unit: Unit) -> tuple[int, int]:
    """For evidence, a hit in the body rather than in a heading ("Lesson observation") when the same
    concept also occurs in the body of the unit: a reader checks a verdict against a sentence."""
    clauses = context.index.document.clauses
    if clauses[context.index.clause_at(hit[0])].kind != "heading":
        return hit
    for concept, spans in context.index.hits.items():
        if hit in spans:
            for other in context.index.hits_in(concept, hit[1], unit.end):
                if clauses[context.index.clause_at(other[0])].kind != "heading":
                    return other
    return hit


def _candidate_units(context: Context, scope: str, concepts: list[str]) -> list[Unit]:
    """Only units holding a hit of some concept can match (or any unit, if headings may supply it)."""
    units = context.index.units(scope)
    if scope in ("section", "document") or not concepts:
        return units
    holding: set[int] = set()
    for concept in concepts:
        holding |= context.index.units_holding(concept, scope)
    if not holding and not any(context.index.hits.get(c) for c in concepts):
        return units
    return [units[i] for i in sorted(holding)]


def _changes_subject(between: str) -> bool:
    """Whether a coordination between a figure and a context starts a clause of its own ("..., and their
    mentors are given 5%"), not the same subject's next verb ("Appeals go to the TRA and must be lodged
    within six weeks")."""
    return any(not SHARED_SUBJECT.match(between, found.end()) for found in COORDINATION.finditer(between))


def _nearest_context(context: Context, quantity, concepts: list[str], sentence: Unit, max_distance: int) -> str | None:
    """The context concept closest to a number in its sentence (a coordination between them counts extra;
    the event after "of receiving ..." that starts a deadline's clock, and a context named only to
    compare with ("as in Year 1"), do not count)."""
    nearest: tuple[int, str] | None = None
    text = context.index.document.text
    for concept in concepts:
        for start, end in context.index.hits_in(concept, sentence.start, sentence.end):
            between = text[min(end, quantity.end):max(start, quantity.start)]
            if start >= quantity.end and CLOCK_START.search(between):
                continue
            if COMPARED_WITH.search(text, max(sentence.start, start - 20), start):
                continue
            if between.count("(") != between.count(")"):
                continue  # one inside a bracket, the other outside: "ten per cent (five in year two)"
            distance = max(start - quantity.end, quantity.start - end, 0)
            if _changes_subject(between):
                distance += COORDINATION_PENALTY
            if distance <= max_distance and (nearest is None or distance < nearest[0]):
                nearest = (distance, concept)
    return nearest[1] if nearest else None


def _referred_context(context: Context, concepts: list[str], sentence: Unit) -> str | None:
    """For a sentence that refers back ("It has twenty working days ..."), the context concept
    nearest the end of the sentence it refers to."""
    latest: tuple[int, str] | None = None
    for start, end in context.index.linked_spans(sentence):
        if end > sentence.start:
            continue
        for concept in concepts:
            for hit in context.index.hits_in(concept, start, end):
                if latest is None or hit[1] > latest[0]:
                    latest = (hit[1], concept)
    return latest[1] if latest else None


def _row_label_context(context: Context, concepts: list[str], sentence: Unit) -> str | None:
    """In a table row the first cell labels the others ("Appeal | The ECT, to the TRA | Within 20
    working days"): a figure in a later cell with no context of its own takes the label's."""
    cells = context.index.document.clauses[sentence.clause].cell_spans()
    if len(cells) < 2:
        return None
    label_start, label_end = cells[0]
    found = [c for c in concepts if context.index.first_hit_in(c, label_start, label_end)]
    return found[0] if len(found) == 1 else None


def _heading_context(context: Context, concepts: list[str], clause: int) -> str | None:
    """The context named by the innermost heading above the clause ("Year one", a table's "First year")."""
    for start, end in reversed(context.index.heading_spans(clause)):
        found = [c for c in concepts if context.index.first_hit_in(c, start, end)]
        if len(found) == 1:
            return found[0]
    return None


def _days_in_a_week(units: set[str]) -> int | None:
    """How many of a rule's day units make a week, when the rule counts days but not weeks."""
    if "weeks" in units:
        return None
    if units & {"working_days", "school_days"}:
        return 5
    return 7 if "days" in units else None


def check_quantity(spec: Check, context: Context) -> CheckResult:
    """A number bound to its context: the nearest context concept in the sentence decides.

    With `headings`, a sentence without context (a table row "10%", a list under "Year one")
    takes it from the headings above, and `requires` may be met there too.
    """
    units = set(spec.unit)
    bind_to, competitors = list(spec.bind_to), list(spec.competitors)
    max_distance = spec.max_distance
    with_headings = spec.headings
    spans: list[Span] = []
    week_days = _days_in_a_week(units)
    for quantity in context.index.quantities:
        value = quantity.value
        if quantity.unit == "weeks" and week_days:
            value *= week_days  # "within six weeks" for a rule counted in working days: 30 of them
        elif quantity.unit not in units:
            continue
        sentence = context.index.sentence_at(quantity.start)
        if spec.factual and context.index.is_hypothetical(quantity.start):
            continue
        links = context.index.linked_spans(sentence)
        where = sentence if spec.requires_within == "sentence" else context.index.clauses[sentence.clause]
        if any(_first_hit(context, c, where, with_headings, links) is None for c in spec.requires):
            continue
        bound = _nearest_context(context, quantity, bind_to + competitors, sentence, max_distance)
        if (bound is None and spec.not_values is None
                and _nearest_context(context, quantity, bind_to + competitors, sentence, UNBOUNDED) is None):
            # Nothing in its own sentence could claim the figure: "It has twenty working days ...". A
            # figure read this way may meet a rule but never contradicts one: a conflict must be stated.
            bound = _referred_context(context, bind_to + competitors, sentence)
        if bound is None:
            bound = _row_label_context(context, bind_to + competitors, sentence)
        if bound is None and with_headings:
            bound = _heading_context(context, bind_to + competitors, sentence.clause)
        if bound not in bind_to:
            continue
        limit = spec.complement_above
        if quantity.unit == "percent" and limit is not None and value > limit:
            value = 100 - value
        accepted = spec.values is not None and value in spec.values
        # An estimate ("roughly a fifth of your week") glosses a figure and contradicts none, unless the
        # rule sets a minimum and the estimate falls short of it ("roughly four per cent" for 5%).
        wrong = spec.not_values is not None and value not in spec.not_values and (
            not context.index.is_approximate(quantity.start)
            or (spec.estimates == "below" and value < min(spec.not_values)))
        if accepted or wrong:
            context_hit = context.index.first_hit_in(bound, sentence.start, sentence.end)
            spans.append(_unit_span(sentence, [(quantity.start, quantity.end), *([context_hit] if context_hit else [])]))
    return CheckResult(bool(spans), tuple(spans))


def check_sequence(spec: Check, context: Context) -> CheckResult:
    """Steps in order inside one unit: in-school first, the appropriate body last."""
    spans: list[Span] = []
    scope = spec.within or "clause"
    for unit in context.index.units(scope):
        # A sentence or clause reads on from what it leans on (a list's lead-in, a table's header row).
        ranges = sorted(context.index.linked_spans(unit)) if scope in ("sentence", "clause") else []
        ranges = [r for r in ranges if r[1] <= unit.start] + [(unit.start, unit.end)]
        hits = []
        place = 0
        position = ranges[0][0]
        for step in spec.steps:
            hit = None
            while place < len(ranges):
                start, end = ranges[place]
                candidates = [h for c in step for h in context.index.hits_in(c, max(position, start), end)]
                if candidates:
                    hit = min(candidates)
                    break
                place += 1
            if hit is None:
                break
            hits.append(hit)
            position = hit[1]
        else:
            if scope in ("sentence", "clause"):
                spans.append(_unit_span(unit, hits))
                spans.extend(_hit_span(context, h) for h in hits if h[0] < unit.start)
            else:
                spans.extend(dict.fromkeys(_hit_span(context, h) for h in hits))
    return CheckResult(bool(spans), tuple(spans))


def _reference_date(spec: Check, context: Context) -> dt.date | None:
    value = spec.date
    if value == "edition":
        return context.edition_from
    return dt.date.fromisoformat(value) if value else None


def check_metadata(spec: Check, context: Context) -> CheckResult:
    """A document-control field (approval, review dates, review cycle) judged against --as-of."""
    field_name, test = spec.field, spec.test
    if field_name == "as_of":
        value = FieldValue(context.as_of, context.as_of, context.as_of.isoformat(), ())
    else:
        value = context.metadata.field(field_name)
    if test == "absent":
        return CheckResult(value is None)
    if value is None:
        return CheckResult(False)
    spans = tuple(Span(c, s, e) for c, s, e in value.evidence)
    if test == "present":
        return CheckResult(True, spans)
    if test in ("fixed_cycle", "trigger_only"):
        cycle = context.metadata.review_cycle
        holds = cycle is not None and (cycle.months is not None if test == "fixed_cycle" else cycle.trigger_only)
        return CheckResult(holds, spans if holds else ())
    if value.date is None:
        return CheckResult(False)
    last_day = value.last_day
    if test == "before_as_of":
        holds = last_day < context.as_of
    elif test == "on_or_after_as_of":
        holds = last_day >= context.as_of
    elif test in ("older_than_months", "within_months"):
        older = add_months(last_day, spec.months) < context.as_of
        holds = older if test == "older_than_months" else not older
    else:
        reference = _reference_date(spec, context)
        if reference is None:
            return CheckResult(False)
        holds = last_day < reference if test == "before" else value.date >= reference
    return CheckResult(holds, spans if holds else ())


CHECKS: dict[str, Callable[[Check, Context], CheckResult]] = {
    "mention": check_mention,
    "quantity": check_quantity,
    "sequence": check_sequence,
    "metadata": check_metadata,
}
