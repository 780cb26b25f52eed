"""Compile a ruleset's concepts (lists of phrases) into spaCy matchers, once per ruleset.

Phrases match on folded word forms (`token.norm_`, see nlp.py) through a PhraseMatcher, which is
~400x cheaper than token patterns. Acronyms written in capitals (NQT, AB, LA) match only in capitals,
with an optional plural "s". A `...` in a phrase stands for up to three words. A phrase written
`re:<pattern>` is a case-insensitive regular expression over the raw text, for what tokens cannot
express (a guidance edition inside a URL or file name).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_SPACE, LENGTH, ORTH
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from policy_check.engine.nlp import pipeline, stem

GAP = "..."
GAP_WORDS = 3
REGEX_PREFIX = "re:"


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isalpha() and word.isupper()


@dataclass
class ConceptMatcher:
    """Finds every concept's phrases in a parsed document, as character spans per concept.

    A phrase with gaps ("include ... PPA") is matched as its gap-free parts through the same phrase
    matchers, then parts that follow each other within GAP_WORDS words are joined: spaCy's token
    Matcher, which does this directly, tests every pattern at every word and cost a third of a check.
    """

    folded: PhraseMatcher
    exact: PhraseMatcher
    names: dict[int, str]
    regexes: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    # match id -> (position in the phrase, acronym) that must appear in capitals
    capitals: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    # concept -> the match ids of a gapped phrase's parts (ids without a concept name), in order
    gapped: list[tuple[str, list[int]]] = field(default_factory=list)
    clitics: frozenset[int] = frozenset()

    def find(self, doc: Doc, text: str) -> dict[str, list[tuple[int, int]]]:
        """Concept -> sorted character spans; `text` is the string `doc` was made from.

        (Passed in because spaCy rebuilds `Doc.text` from every token on each access.)
        """
        table = doc.to_array([ORTH, IDX, LENGTH, IS_SPACE]).tolist()
        strings = doc.vocab.strings
        hits: dict[str, set[tuple[int, int]]] = defaultdict(set)
        part_spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for matcher in (self.folded, self.exact):
            for match_id, start, end in matcher(doc):
                required = self.capitals.get(match_id)
                if required and not all(strings[table[start + i][0]] in (word, word + "s") for i, word in required):
                    continue
                name = self.names.get(match_id)
                if name is None:
                    part_spans[match_id].append((start, end))
                else:
                    hits[name].add(_char_span(table, start, end))
        for name, part_ids in self.gapped:
            for start, end in _joined([part_spans.get(part, []) for part in part_ids], table, self.clitics):
                hits[name].add(_char_span(table, start, end))
        for name, pattern in self.regexes:
            for match in pattern.finditer(text):
                if match.end() > match.start():
                    hits[name].add((match.start(), match.end()))
        return {name: sorted(spans) for name, spans in hits.items()}


def _char_span(table: list[list[int]], start: int, end: int) -> tuple[int, int]:
    """Character offsets of tokens start..end-1 (table rows: ORTH, IDX, LENGTH, IS_SPACE)."""
    return table[start][1], table[end - 1][1] + table[end - 1][2]


def _joined(parts: list[list[tuple[int, int]]], table: list[list[int]], clitics: frozenset[int]) -> list[tuple[int, int]]:
    """Token spans where each part follows the previous one after at most GAP_WORDS words, with no line
    break between; a possessive "'s" is not a word of its own ("includes the ECT's statutory PPA")."""
    spans = parts[0]
    for following in parts[1:]:
        ends_by_start: dict[int, list[int]] = defaultdict(list)
        for start, end in following:
            ends_by_start[start].append(end)
        joined = []
        for start, end in spans:
            position, words = end, 0
            while True:
                joined.extend((start, later) for later in ends_by_start.get(position, ()))
                if position >= len(table) or table[position][3]:
                    break
                words += table[position][0] not in clitics
                if words > GAP_WORDS:
                    break
                position += 1
        spans = joined
    return spans


def _token_texts(phrase: str) -> list[str]:
    return [t.text for t in pipeline().make_doc(phrase) if not t.is_space]


def _split_at_gaps(words: list[str]) -> list[list[str]]:
    pieces: list[list[str]] = [[]]
    for word in words:
        if word == GAP:
            pieces.append([])
        else:
            pieces[-1].append(word)
    return [piece for piece in pieces if piece]


def _folded_doc(words: list[str]) -> Doc:
    doc = Doc(pipeline().vocab, words=words)
    for token in doc:
        token.norm_ = stem(token.text)
    return doc


def compile_concepts(concepts: dict[str, list[str]]) -> ConceptMatcher:
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

    for name, phrases in concepts.items():
        for phrase in phrases:
            if phrase.startswith(REGEX_PREFIX):
                matcher.regexes.append((name, re.compile(phrase[len(REGEX_PREFIX):], re.IGNORECASE)))
                continue
            words = _token_texts(phrase.replace(GAP, f" {GAP} "))
            if GAP in words:
                matcher.gapped.append((name, [part_id(piece) for piece in _split_at_gaps(words)]))
            else:
                add(f"concept:{name}", words, name)
    for (phrase_matcher, key), docs in pending.items():
        phrase_matcher.add(key, docs)
    return matcher
