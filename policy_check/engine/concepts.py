"""Compile a ruleset's concepts (lists of phrases) into spaCy matchers, once per ruleset.

Phrases match on folded word forms (`token.norm_`, see nlp.py) through a PhraseMatcher, which is
~400x cheaper than token patterns. Acronyms written in capitals (NQT, AB, LA) match only in capitals,
with an optional plural "s". A `...` in a phrase stands for up to three words. A phrase written
`re:<pattern>` is a case-insensitive regular expression over the raw text, for what tokens cannot
express (a guidance edition inside a URL or file name).

Concepts compose: `{ect} ... observed` uses every phrase of the concept `ect` (and every name the
document itself gives one, see names.py), so a synonym is written once and carries into every
phrase that refers to it. Composed phrases are joined at match time from the spans of their parts,
never expanded into every combination.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Union

from policy_check.engine.spacy_import import import_spacy_without_cli

import_spacy_without_cli()  # spaCy without its command-line interface, whichever module loads it first

import numpy  # noqa: E402
from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH  # noqa: E402
from spacy.matcher import PhraseMatcher  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from policy_check.engine.caseless import CaselessPattern, pattern_characters
from policy_check.engine.composition import REFERENCE, REGEX_PREFIX, composition_order
from policy_check.engine.nlp import pipeline, stem

GAP = "..."
GAP_WORDS = 3

_PIECES = re.compile(r"(\{[a-z][a-z0-9_]*\}|\.\.\.)")

TokenSpan = tuple[int, int]
# One element of a composed phrase: the words allowed before it (0: adjacent, GAP_WORDS after
# "..."), and what it is (a part's match id, or a concept name).
Element = tuple[int, Union[int, str]]


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isalpha() and word.isupper()


@dataclass
class TokenHits:
    """Concept hits as token spans while a document is matched; names and compositions add to them."""

    table: "TokenTable"
    spans: dict[str, set[TokenSpan]] = field(default_factory=lambda: defaultdict(set))
    # Character spans found outside the phrase matchers (regular expressions, defined names), kept
    # exact for the report, and the whole tokens they cover, for the phrases that use their concept.
    chars: dict[str, set[tuple[int, int]]] = field(default_factory=lambda: defaultdict(set))
    covering: dict[str, set[TokenSpan]] = field(default_factory=lambda: defaultdict(set))

    def __post_init__(self) -> None:
        self._starts = self.table.start

    def add_chars(self, concept: str, start: int, end: int) -> None:
        starts = self._starts
        first = max(0, bisect_right(starts, start) - 1)
        last = max(first, bisect_right(starts, max(start, end - 1)) - 1)
        self.chars[concept].add((start, end))
        self.covering[concept].add((first, last + 1))

    def of(self, concept: str) -> list[TokenSpan]:
        return sorted(self.spans.get(concept, set()) | self.covering.get(concept, set()))

    def char_spans(self, only: set[str] | None = None) -> dict[str, list[tuple[int, int]]]:
        found: dict[str, set[tuple[int, int]]] = defaultdict(set)
        starts, lengths = self.table.start, self.table.length
        for name, spans in self.spans.items():
            if only is None or name in only:
                found[name].update((starts[s], starts[e - 1] + lengths[e - 1]) for s, e in spans)
        for name, spans in self.chars.items():
            if only is None or name in only:
                found[name].update(spans)
        return {name: sorted(spans) for name, spans in found.items() if spans}


@dataclass
class ConceptMatcher:
    """Finds every concept's phrases in a parsed document, as character spans per concept.

    A phrase with gaps or references ("include ... PPA", "{ect} ... observed") is matched as its
    parts, then parts that follow each other (within GAP_WORDS words after a gap) are joined: spaCy's
    token Matcher, which does this directly, tests every pattern at every word and cost a third of a check.
    """

    folded: PhraseMatcher
    exact: PhraseMatcher
    names: dict[int, str]
    regexes: list[tuple[str, CaselessPattern]] = field(default_factory=list)
    # match id -> (position in the phrase, acronym) that must appear in capitals
    capitals: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    # concept -> its composed phrases, each a list of elements; in composition order
    composed: list[tuple[str, list[list[Element]]]] = field(default_factory=list)
    uses: dict[str, set[str]] = field(default_factory=dict)  # composed concept -> the concepts it refers to
    clitics: frozenset[int] = frozenset()

    def match(self, doc: Doc, text: str) -> tuple[TokenHits, dict[int, list[TokenSpan]]]:
        """Plain phrases and regular expressions: concept hits, and the spans of composed phrases' parts.

        `text` is the string `doc` was made from (spaCy rebuilds `Doc.text` on each access).
        """
        table = _token_table(doc, self.clitics)
        hits = TokenHits(table)
        part_spans: dict[int, list[TokenSpan]] = defaultdict(list)
        capitals, names, spans = self.capitals, self.names, hits.spans  # locals: this loop sees every match
        for matcher in (self.folded, self.exact):
            for match_id, start, end in matcher(doc):
                required = capitals.get(match_id)
                if required and not all(doc[start + i].text in (word, word + "s") for i, word in required):
                    continue
                name = names.get(match_id)
                if name is None:
                    part_spans[match_id].append((start, end))
                else:
                    spans[name].add((start, end))
        if table.start:
            lowered = text.lower() if self.regexes else None
            for name, pattern in self.regexes:
                for start, end in pattern.finditer(text, lowered):
                    hits.add_chars(name, start, end)
        return hits, part_spans

    def compose(self, hits: TokenHits, part_spans: dict[int, list[TokenSpan]], targets: set[str] | None = None) -> None:
        """Join composed phrases from their parts into `hits`, concepts before those that use them
        (only the `targets`, when given)."""
        spans_of: dict[str, list[TokenSpan]] = {}  # each concept's spans, sorted once a pass, not once a phrase
        for name, phrases in self.composed:
            if targets is not None and name not in targets:
                continue
            for elements in phrases:
                if any(isinstance(e, int) and e not in part_spans for _, e in elements):
                    continue  # a literal part that never occurs: nothing to join
                pieces = [sorted(part_spans[e]) if isinstance(e, int) else _sorted_spans(e, hits, spans_of)
                          for _, e in elements]
                gaps = [gap for gap, _ in elements]
                hits.spans[name].update(_joined(pieces, gaps, hits.table))
            spans_of.pop(name, None)  # its phrases may have added spans

    def used_by(self, names: set[str]) -> set[str]:
        """The composed concepts among `names`, and those they use, directly or not."""
        wanted = set(names)
        for name, _ in reversed(self.composed):
            if name in wanted:
                wanted |= self.uses.get(name, set())
        return {name for name, _ in self.composed if name in wanted}

    def users_of(self, names: set[str]) -> set[str]:
        """The composed concepts that use any of `names`, directly or not."""
        affected = set(names)
        for name, _ in self.composed:
            if self.uses.get(name, set()) & affected:
                affected.add(name)
        return {name for name, _ in self.composed if name in affected and self.uses.get(name, set()) & affected}

    def find(self, doc: Doc, text: str) -> dict[str, list[tuple[int, int]]]:
        """Concept -> sorted character spans, without names a document defines."""
        hits, parts = self.match(doc, text)
        self.compose(hits, parts)
        return hits.char_spans()


@dataclass(frozen=True)
class TokenTable:
    """Per token, one list a column: whether it is a clitic (a possessive "'s", not a word of its own),
    its character offset and length, and whether it is space. Columns, not rows, and no word identities:
    turning spaCy's arrays into Python costs more than the rest of matching otherwise."""

    clitic: list[int]
    start: list[int]
    length: list[int]
    space: list[int]


def _sorted_spans(concept: str, hits: TokenHits, known: dict[str, list[TokenSpan]]) -> list[TokenSpan]:
    if concept not in known:
        known[concept] = hits.of(concept)
    return known[concept]


def _token_table(doc: Doc, clitics: frozenset[int]) -> TokenTable:
    columns = doc.to_array([ORTH, IDX, LENGTH, IS_SPACE])
    if not len(columns):
        return TokenTable([], [], [], [])
    clitic = numpy.isin(columns[:, 0], numpy.fromiter(clitics, dtype=columns.dtype, count=len(clitics)))
    return TokenTable(clitic.tolist(), columns[:, 1].tolist(), columns[:, 2].tolist(), columns[:, 3].tolist())


def _joined(parts: list[list[TokenSpan]], gaps: list[int], table: TokenTable) -> list[TokenSpan]:
    """Token spans where each part follows the previous one after at most its gap of words, with no line
    break between; a possessive "'s" is not a word of its own ("includes the ECT's statutory PPA")."""
    if not all(parts):
        return []
    clitic, space, count = table.clitic, table.space, len(table.start)
    spans = parts[0]
    for following, gap in zip(parts[1:], gaps[1:]):
        if not spans:
            return []
        ends_by_start: dict[int, list[int]] = defaultdict(list)
        for start, end in following:
            ends_by_start[start].append(end)
        joined = []
        for start, end in spans:
            position, words = end, 0
            while True:
                joined.extend((start, later) for later in ends_by_start.get(position, ()))
                if position >= count or space[position]:
                    break
                words += not clitic[position]
                if words > gap:
                    break
                position += 1
        spans = joined
    return spans


def _token_texts(phrase: str) -> list[str]:
    return [t.text for t in pipeline().make_doc(phrase) if not t.is_space]


def _folded_doc(words: list[str]) -> Doc:
    doc = Doc(pipeline().vocab, words=words)
    for token in doc:
        token.norm_ = stem(token.text)
    return doc


def _pieces(phrase: str) -> Iterable[tuple[int, Union[list[str], str]]]:
    """A phrase as (gap before, words or a concept name), splitting at `...` and `{name}`."""
    gap = 0
    for piece in _PIECES.split(phrase):
        if piece == GAP:
            gap = GAP_WORDS
            continue
        reference = REFERENCE.fullmatch(piece)
        if reference:
            yield gap, reference.group(1)
            gap = 0
            continue
        words = _token_texts(piece)
        if words:
            yield gap, words
            gap = 0


MAX_EXPANSION = 12  # phrases a reference to a small fixed concept may be spelled out into


def _expanded(phrase: str, concepts: dict[str, list[str]], keep: set[str]) -> list[str]:
    """Spell out references to small concepts of fixed words ("{ab_term} is" -> "appropriate body is",
    "AB is", ...), so the phrase matcher finds them at its own speed. References to concepts a
    document can name (`keep`), or to concepts with gaps, expressions or references, stay joined."""
    results = [phrase]
    for name in dict.fromkeys(REFERENCE.findall(phrase)):
        options = concepts.get(name, [])
        fixed = name not in keep and all(not o.startswith(REGEX_PREFIX) and GAP not in o and "{" not in o for o in options)
        if not fixed or len(results) * len(options) > MAX_EXPANSION:
            continue
        results = [r.replace("{%s}" % name, option) for r in results for option in options]
    return results


def _spaces_match_breaks(pattern: str) -> str:
    """A literal space in an expression matches any run of white space, so "induction for early career
    teachers" still matches where a PDF line break falls inside it (not inside [...] classes)."""
    return "".join(r"\s+" if char == " " and not escaped and not in_class else char
                   for char, escaped, in_class in pattern_characters(pattern))


def compile_concepts(concepts: dict[str, list[str]], keep: frozenset[str] = frozenset()) -> ConceptMatcher:
    nlp = pipeline()
    folded = PhraseMatcher(nlp.vocab, attr="NORM")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    matcher = ConceptMatcher(folded=folded, exact=exact, names={},
                             clitics=frozenset(nlp.vocab.strings.add(c) for c in ("'s", "\u2019s", "'", "\u2019")))
    # Phrases are gathered per key and added once per key: PhraseMatcher.add costs ~1 ms a call,
    # which at one call per phrase doubled a cold `check`.
    pending: dict[tuple[PhraseMatcher, str], list[Doc]] = defaultdict(list)

    def add(key: str, words: list[str], concept: str | None) -> int:
        """Register one gap-free phrase: exact for a lone acronym, else folded, under its own key if
        acronyms in it must be checked for capitals."""
        acronyms = [w for w in words if _is_acronym(w)]
        if len(words) == 1 and acronyms:
            pending[exact, key].extend(Doc(nlp.vocab, words=[form]) for form in (words[0], words[0] + "s"))
        else:
            if acronyms:
                key = f"{key}:{' '.join(words)}"
                matcher.capitals[nlp.vocab.strings.add(key)] = [(i, w) for i, w in enumerate(words) if _is_acronym(w)]
            pending[folded, key].append(_folded_doc(words))
        match_id = nlp.vocab.strings.add(key)
        if concept is not None:
            matcher.names[match_id] = concept
        return match_id

    parts: dict[tuple[str, ...], int] = {}  # one key per distinct part, however many phrases share it

    def part_id(piece: list[str]) -> int:
        if tuple(piece) not in parts:
            parts[tuple(piece)] = add(f"part:{' '.join(piece)}", piece, None)
        return parts[tuple(piece)]

    composed: dict[str, list[list[Element]]] = defaultdict(list)
    for name, written in concepts.items():
        phrases = [p for phrase in written for p in (_expanded(phrase, concepts, set(keep)) if "{" in phrase and not phrase.startswith(REGEX_PREFIX) else [phrase])]
        for phrase in phrases:
            if phrase.startswith(REGEX_PREFIX):
                matcher.regexes.append((name, CaselessPattern.compile(_spaces_match_breaks(phrase[len(REGEX_PREFIX):]))))
                continue
            pieces = list(_pieces(phrase))
            if len(pieces) == 1 and isinstance(pieces[0][1], list):
                add(f"concept:{name}", pieces[0][1], name)
            elif pieces:
                composed[name].append([(gap, piece if isinstance(piece, str) else part_id(piece)) for gap, piece in pieces])
    order = [name for name in composition_order(concepts) if name in composed]
    ordered = order + [name for name in composed if name not in order]
    matcher.composed = [(name, composed[name]) for name in ordered if name in composed]
    matcher.uses = {name: {e for phrase in phrases for _, e in phrase if isinstance(e, str)} for name, phrases in composed.items()}
    for name in list(matcher.uses):  # a concept used only through a spelled-out phrase still counts
        matcher.uses[name] |= {ref for phrase in concepts[name] for ref in REFERENCE.findall(phrase)} & set(keep)
    for (phrase_matcher, key), docs in pending.items():
        phrase_matcher.add(key, docs)
    return matcher
