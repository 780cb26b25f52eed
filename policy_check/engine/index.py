"""Everything the checks ask of one document, computed once: the parse, concept hits, units.

A *unit* is a span of `Document.text` a check looks inside: a sentence, a clause, a section (its
heading and every clause under it) or the whole document. A unit may lean on *linked* text for what
it does not say itself: a list item on its lead-in ("The headteacher will:"), a table row on the
table's header row, and a sentence that opens with a reference back ("This time ...", "Both of
them ...") on the sentence before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from policy_check.engine.spacy_import import import_spacy_without_cli

import_spacy_without_cli()  # spaCy without its command-line interface, whichever module loads it first

from spacy.attrs import IDX, SENT_START  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from policy_check.engine.concepts import ConceptMatcher
from policy_check.engine.dates import FoundDate, find_dates
from policy_check.engine.names import DefinedName, mentions, name_table, pronoun_mentions
from policy_check.engine.nlp import pipeline
from policy_check.engine.numbers import Quantity, find_quantities
from policy_check.model import Clause, Document

# Cue concepts the engine compiles from the ruleset's `language:` section (its `anaphora` words are
# looked for at sentence starts only, by one expression).
NEGATION = "__negation__"
EXCLUSION = "__exclusion__"
HYPOTHETICAL = "__hypothetical__"
CHANGE_LOG = "__change_log__"
RECIPIENT = "__recipient__"
APPROXIMATE = "__approximate__"
# "decided by the appropriate body and not by the school": only these words may stand between an
# exclusion cue and the hit it excludes.
_EXCLUDED_GAP = re.compile(r"\s*(?:(?:to|by|for|with|from|of|the|a|an|our|its|their|any|just|merely|simply)\s+)*", re.IGNORECASE)
HEADER_CELL_WORDS = 8  # a table's first row is its header only if every cell is this short
ANAPHOR_REACH = 30  # characters from a sentence's start within which a reference back must begin


@dataclass(frozen=True)
class LanguageSettings:
    """The ruleset's `language:` section as the index uses it."""

    definable: tuple[str, ...] = ()
    reader: str | None = None
    anaphora: tuple[str, ...] = ()  # words that open a sentence referring back
    bodies: tuple[str, ...] = ()  # definable concepts that are organisations: "Ousebridge" may stand for one
    withdrawn: tuple[str, ...] = ()  # "is withdrawn", "is replaced": an amendment that retires a numbered paragraph
    referents: tuple[str, ...] = ()  # people a pronoun may stand for ("We ask them to ..." after "ECTs ...")
    pronouns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    clause: int  # the clause the unit starts in


# Where a sentence turns to another actor: "...; the appropriate body decides". (Not ", but": what
# follows often refers back to what came before, "..., but the school may use it for cover".)
_PART_BOUNDARY = re.compile(r";")


def _sentence_parts(text: str, sentences: list[Unit]) -> list[Unit]:
    """Each sentence split at its semicolons, where it may turn to another actor: "Staff may be asked
    to cover; the ECT's time is protected" says two things of two people."""
    parts = []
    for sentence in sentences:
        start = sentence.start
        for boundary in _PART_BOUNDARY.finditer(text, sentence.start, sentence.end):
            if text[start:boundary.start()].strip():
                parts.append(Unit(start, boundary.start(), sentence.clause))
            start = boundary.end()
        if text[start:sentence.end].strip():
            parts.append(Unit(start, sentence.end, sentence.clause))
    return parts


@dataclass
class DocumentIndex:
    document: Document
    hits: dict[str, list[tuple[int, int]]]
    sentences: list[Unit]
    clauses: list[Unit]
    sections: list[Unit]
    quantities: list[Quantity] = field(default_factory=list)
    dates: list[FoundDate] = field(default_factory=list)
    names: list[DefinedName] = field(default_factory=list)
    anaphora: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._clause_starts = [c.start for c in self.document.clauses]
        self._sentence_starts = [s.start for s in self.sentences]
        self._hit_starts = {name: [s for s, _ in spans] for name, spans in self.hits.items()}
        self._clause_links = _clause_links(self.document)
        self._linked: dict[tuple[int, int], list[tuple[int, int]]] = {}
        self._holding: dict[tuple[str, str], set[int]] = {}
        self._headings: dict[int, list[tuple[int, int]]] = {}
        # A hypothetical ("were the school ever ...") or a question ("Can I be asked to cover?") states
        # no practice: checks marked `factual` skip both.
        self._hypothetical = {self.sentence_at(start).start for start, _ in self.hits.get(HYPOTHETICAL, [])}
        # A version history's rows record past changes ("Appropriate body changed from the local
        # authority"): no statement of practice either.
        logged = {clause for clause in {sentence.clause for sentence in self.sentences} if self._in_change_log(clause)}
        self._hypothetical |= {sentence.start for sentence in self.sentences if sentence.clause in logged}
        text = self.document.text
        self._hypothetical |= {s.start for s in self.sentences if text[s.start:s.end].rstrip().endswith("?")}
        self._refers_back = _anaphora_pattern(self.anaphora)
        self._run_in = _run_in_labels(self.sentences, text)

    def _in_change_log(self, clause_index: int) -> bool:
        header = self.header_row(clause_index)
        clause = self.document.clauses[header] if header is not None else None
        return clause is not None and self.first_hit_in(CHANGE_LOG, clause.start, clause.end) is not None

    @cached_property
    def parts(self) -> list[Unit]:
        """Sentences split at their semicolons, made only for the checks that ask for them."""
        return _sentence_parts(self.document.text, self.sentences)

    @cached_property
    def _part_starts(self) -> list[int]:
        return [part.start for part in self.parts]

    def units_holding(self, concept: str, scope: str) -> set[int]:
        """Positions in `units(scope)` (sentence, part or clause) of the units a hit of the concept starts in."""
        key = (concept, scope)
        cached = self._holding.get(key)
        if cached is None:
            units = self.units(scope)
            starts = (self._sentence_starts if scope == "sentence" else self._part_starts if scope == "part"
                      else self._clause_starts)
            cached = set()
            for hit_start, _ in self.hits.get(concept, ()):
                i = bisect_right(starts, hit_start) - 1
                if i >= 0 and hit_start < units[i].end:
                    cached.add(i)
            self._holding[key] = cached
        return cached

    def linked_spans(self, unit: Unit) -> list[tuple[int, int]]:
        """Text a unit leans on: the sentence before it if it refers back, its lead-in or header row."""
        key = (unit.start, unit.end)
        cached = self._linked.get(key)
        if cached is None:
            cached = self._linked[key] = self._find_linked(unit)
        return cached

    def _find_linked(self, unit: Unit) -> list[tuple[int, int]]:
        spans = []
        sentence = self.sentence_at(unit.start)
        position = bisect_right(self._sentence_starts, unit.start) - 1
        if sentence.start == unit.start and position > 0:
            previous = self.sentences[position - 1]
            asked = self.document.text[previous.start:previous.end].rstrip().endswith("?")
            if previous.clause == sentence.clause and (asked or self._opens_with_reference(unit)):
                spans.append((previous.start, previous.end))  # the sentence it refers back to, or answers
        label = self._run_in.get(sentence.clause)
        if label is not None and label[1] <= unit.start:
            spans.append(label)  # "Formal assessments. There are two: ..." reads under its run-in label
        for linked in self._clause_links.get(self.clause_at(unit.start), ()):
            clause = self.document.clauses[linked]
            if clause.kind == "paragraph" and not clause.text.rstrip().endswith((":", "?")):
                # A paragraph ending in a full stop leads into the list after it with its last sentence
                # ("... the tutor discusses it with the headteacher." then the steps taken).
                last = self.sentences[bisect_right(self._sentence_starts, clause.end - 1) - 1]
                spans.append((max(last.start, clause.start), clause.end))
            else:
                spans.append((clause.start, clause.end))
        return spans

    def header_row(self, clause_index: int) -> int | None:
        """The header row a table row reads under, if any."""
        clauses = self.document.clauses
        if clauses[clause_index].kind != "table_row":
            return None
        return next((i for i in self._clause_links.get(clause_index, ()) if clauses[i].kind == "table_row"), None)

    def following_spans(self, unit: Unit) -> list[tuple[int, int]]:
        """The next sentence of the same clause, if it refers back to this one ("That was the old ...")."""
        position = bisect_right(self._sentence_starts, unit.end - 1)
        if position < len(self.sentences):
            following = self.sentences[position]
            if following.clause == self.clause_at(unit.start) and self._opens_with_reference(following):
                return [(following.start, following.end)]
        return []

    def _opens_with_reference(self, sentence: Unit) -> bool:
        pattern = self._refers_back
        return bool(pattern and pattern.search(self.document.text, sentence.start, min(sentence.end, sentence.start + ANAPHOR_REACH)))

    def is_approximate(self, offset: int) -> bool:
        """Whether the figure at `offset` is given as an estimate ("roughly a fifth of your week")."""
        text = self.document.text
        return any(not text[end:offset].strip() for _, end in self.hits_in(APPROXIMATE, max(0, offset - 40), offset))

    def is_recipient(self, offset: int) -> bool:
        """Whether the actor at `offset` is only told of something ("... and informs the appropriate body")."""
        return any(_EXCLUDED_GAP.fullmatch(self.document.text, end, offset)
                   for _, end in self.hits_in(RECIPIENT, max(0, offset - 40), offset))

    def is_hypothetical(self, offset: int) -> bool:
        """Whether the sentence at `offset` states a hypothetical ("were the school ever ...")."""
        return self.sentence_at(offset).start in self._hypothetical

    def units(self, scope: str) -> list[Unit]:
        if scope == "sentence":
            return self.sentences
        if scope == "clause":
            return self.clauses
        if scope == "part":
            return self.parts
        if scope == "section":
            return self.sections
        return [Unit(0, len(self.document.text), 0)] if self.document.clauses else []

    def part_at(self, offset: int) -> int:
        return max(0, bisect_right(self._part_starts, offset) - 1)

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

    def first_hit_in(self, concept: str, start: int, end: int) -> tuple[int, int] | None:
        """The concept's first hit inside start..end, or None: what most checks ask, without a list."""
        starts = self._hit_starts.get(concept)
        if not starts:
            return None
        spans = self.hits[concept]
        for position in range(bisect_left(starts, start), bisect_left(starts, end)):
            if spans[position][1] <= end:
                return spans[position]
        return None

    def heading_spans(self, clause_index: int) -> list[tuple[int, int]]:
        """The heading clauses above a clause, outermost first (its section path)."""
        cached = self._headings.get(clause_index)
        if cached is None:
            cached = self._headings[clause_index] = self._find_headings(clause_index)
        return cached

    def _find_headings(self, clause_index: int) -> list[tuple[int, int]]:
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
    table = doc.to_array([IDX, SENT_START])
    starts = table[table[:, 1] == 1, 0].tolist() if len(table) else []
    bounds = starts[1:] + [len(text)]
    spans = []
    for start, end in zip(starts, bounds):
        piece = text[start:end]
        stripped_start = start + (len(piece) - len(piece.lstrip()))
        stripped_end = start + len(piece.rstrip())
        if stripped_end > stripped_start:
            spans.append((stripped_start, stripped_end))
    return spans


RUN_IN_WORDS = 5  # at most this many words in a clause's opening label ("Progress reviews.")


def _run_in_labels(sentences: list[Unit], text: str) -> dict[int, tuple[int, int]]:
    """Clause -> its run-in label: a short first sentence ("Registration." "Your QTS.") with more after it."""
    labels: dict[int, tuple[int, int]] = {}
    previous_clause = None
    for first, following in zip(sentences, sentences[1:]):
        opens_clause, previous_clause = first.clause != previous_clause, first.clause
        if not opens_clause or following.clause != first.clause:
            continue
        words = text[first.start:first.end].split()
        if len(words) <= RUN_IN_WORDS and words[-1][-1:] in ".:" and words[0][:1].isupper():
            labels[first.clause] = (first.start, first.end)
    return labels


@lru_cache(maxsize=8)
def _anaphora_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One expression for the ruleset's words of reference back, looked for only at sentence starts."""
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.IGNORECASE)


def _clause_links(document: Document) -> dict[int, tuple[int, ...]]:
    """List items -> their lead-in (a clause ending in ":" just before the list); table rows -> the header
    row; the answer to a question ("What if I have a concern about my induction?") -> the question."""
    links: dict[int, tuple[int, ...]] = {}
    clauses = document.clauses
    lead_in: int | None = None
    header: int | None = None
    question: int | None = None
    for clause in clauses:
        previous = clauses[clause.index - 1] if clause.index else None
        if clause.text.rstrip().endswith("?"):
            question = clause.index
            continue
        if clause.kind == "heading" or (question is not None and clauses[question].section_index != clause.section_index
                                         and clauses[question].kind != "heading"):
            question = None
        if question is not None and clause.kind != "heading":
            links[clause.index] = (question,)
        if clause.kind == "list_item":
            if previous is not None and previous.kind != "list_item":
                lead_in = previous.index if previous.kind == "paragraph" and previous.section_index == clause.section_index else None
            if lead_in is not None:
                links[clause.index] = links.get(clause.index, ()) + (lead_in,)
        elif _unmarked_item(clause, previous, lead_in):
            if previous is not None and previous.text.rstrip().endswith(":"):
                lead_in = previous.index
            if lead_in is not None:
                links[clause.index] = links.get(clause.index, ()) + (lead_in,)
        elif clause.kind == "paragraph":
            lead_in = None
        elif clause.kind == "table_row":
            if previous is None or previous.kind != "table_row":
                # A header row holds labels ("Year | Reduction | How the time is used"); a first row with a
                # sentence in it is content, and the rows after it borrow nothing from it.
                header = clause.index if all(len(document.text[start:end].split()) <= HEADER_CELL_WORDS
                                             for start, end in clause.cell_spans()) else None
            elif header is not None:
                links[clause.index] = links.get(clause.index, ()) + (header,)
    return links


def _unmarked_item(clause: Clause, previous: Clause | None, lead_in: int | None) -> bool:
    """A list whose bullets were lost in extraction: paragraphs after a lead-in ending in ":" that run on
    with ";" ("... they act at once:" / "a written support plan is agreed ...;" / "... recorded; and")."""
    if clause.kind != "paragraph" or previous is None or previous.kind != "paragraph" \
            or previous.section_index != clause.section_index:
        return False
    before = previous.text.rstrip()
    return before.endswith(":") or (lead_in is not None and before.endswith((";", "; and", "; or")))


def _without_excluded(hits: dict[str, list[tuple[int, int]]], text: str, actors: tuple[str, ...]) -> dict[str, list[tuple[int, int]]]:
    """Drop what an exclusion cue rules out: an actor right after "not" / "rather than" ("the appropriate
    body, not the school, decides"), and every phrase that starts with that actor."""
    cue_ends = sorted(end for _, end in hits.get(EXCLUSION, []))
    if not cue_ends:
        return hits

    def excluded(start: int) -> bool:
        i = bisect_right(cue_ends, start) - 1
        while i >= 0 and start - cue_ends[i] <= 40:
            if _EXCLUDED_GAP.fullmatch(text, cue_ends[i], start):
                return True
            i -= 1
        return False

    ruled_out = {start for actor in actors for start, _ in hits.get(actor, []) if excluded(start)}
    if not ruled_out:
        return hits
    return {name: spans if name.startswith("__") else [span for span in spans if span[0] not in ruled_out]
            for name, spans in hits.items()}


def _with_defined_names(matcher: ConceptMatcher, doc: Doc, text: str, language: LanguageSettings,
                        sentences: list[tuple[int, int]]) -> tuple[dict[str, list[tuple[int, int]]], list[DefinedName]]:
    """Concept hits, the document's own names for definable concepts counted as those concepts.

    The definable concepts (and what they are composed of) are matched first, for the name table;
    every other composed concept is joined once, after the names are known.
    """
    token_hits, parts = matcher.match(doc, text)
    definable = set(language.definable)
    referents = set(language.referents) if language.pronouns else set()
    early = matcher.used_by(definable | referents) if definable or referents or language.reader else set()
    matcher.compose(token_hits, parts, early)
    table = name_table(text, token_hits.char_spans(definable), list(language.definable), language.reader,
                       list(language.bodies)) if early or definable or language.reader else []
    for entry in table:
        for start, end in mentions(text, entry):
            for concept in entry.concepts:
                token_hits.add_chars(concept, start, end)
    named = {concept for entry in table for concept in entry.concepts}
    if referents:
        resolved = pronoun_mentions(text, sentences, token_hits.char_spans(referents),
                                    list(language.referents), language.pronouns)
        for start, end, concept in resolved:
            token_hits.add_chars(concept, start, end)
            named.add(concept)
    late = {name for name, _ in matcher.composed if name not in early} | (matcher.users_of(named) & early)
    matcher.compose(token_hits, parts, late)
    return _without_excluded(token_hits.char_spans(), text, language.definable), table


_PARAGRAPH_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)+)\.?\s")


@lru_cache(maxsize=8)
def _withdrawal_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """"Paragraph 5.4 ... is withdrawn", with the ruleset's words of withdrawal, compiled once."""
    words = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:paragraphs?|paras?\.?|sections?|clauses?)\s+(\d+(?:\.\d+)+)\b[^.;\n]{{0,60}}?\b(?:{words})\b",
                      re.IGNORECASE)


def withdrawn_clauses(document: Document, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    """Spans of numbered paragraphs an amendment retires ("Paragraph 5.4 is withdrawn", "Paragraph 3.1
    is replaced by this paragraph"): what they say no longer counts, for or against the policy."""
    if not phrases:
        return []
    words = " ".join(document.text.lower().split())
    if not any(" ".join(phrase.lower().split()) in words for phrase in phrases):
        return []  # no words of withdrawal at all (the usual case): no need to look for paragraph numbers
    statement = _withdrawal_pattern(phrases)
    numbers = {found.group(1) for found in statement.finditer(document.text)}
    spans = []
    for clause in document.clauses:
        numbered = _PARAGRAPH_NUMBER.match(clause.text)
        if numbered and numbered.group(1) in numbers and not statement.search(clause.text):
            spans.append((clause.start, clause.end))
    return spans


def _retired(position: int, retired: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in retired)


def build_index(document: Document, matcher: ConceptMatcher, language: LanguageSettings = LanguageSettings()) -> DocumentIndex:
    doc = pipeline()(document.text)
    spans = sentence_spans(doc, document.text)
    hits, names = _with_defined_names(matcher, doc, document.text, language, spans)
    retired = withdrawn_clauses(document, language.withdrawn)
    if retired:
        hits = {name: kept for name, spans in hits.items() if (kept := [s for s in spans if not _retired(s[0], retired)])}
    clause_starts = [c.start for c in document.clauses]
    sentences = []
    for start, end in spans:
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
        quantities=[q for q in find_quantities(document.text) if not _retired(q.start, retired)],
        dates=find_dates(document.text),
        names=names,
        anaphora=language.anaphora,
    )
