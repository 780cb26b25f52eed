"""Compile a ruleset's concepts (lists of phrases) into spaCy matchers, once per ruleset.

Phrases match on folded word forms (`token.norm_`, see nlp.py) through a PhraseMatcher, which is
~400x cheaper than token patterns. Acronyms written in capitals (NQT, AB, LA) match only in capitals,
with an optional plural "s". Only phrases with a `...` gap (up to three words) need the token Matcher. A phrase written
`re:<pattern>` is a case-insensitive regular expression over the raw text, for what tokens cannot
express (a guidance edition inside a URL or file name).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from policy_check.engine.nlp import pipeline, stem

GAP = "..."
GAP_WORDS = 3
REGEX_PREFIX = "re:"


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isalpha() and word.isupper()


@dataclass
class ConceptMatcher:
    """Finds every concept's phrases in a parsed document, as character spans per concept."""

    folded: PhraseMatcher
    exact: PhraseMatcher
    gapped: Matcher
    names: dict[int, str]
    regexes: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    # match id -> (position in the phrase, acronym) that must appear in capitals
    capitals: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def _keeps(self, doc: Doc, match_id: int, start: int) -> bool:
        return all(doc[start + i].text in (word, word + "s") for i, word in self.capitals.get(match_id, ()))

    def find(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        hits: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for matcher in (self.folded, self.exact, self.gapped):
            for match_id, start, end in matcher(doc):
                if match_id in self.capitals and not self._keeps(doc, match_id, start):
                    continue
                span = doc[start:end]
                hits[self.names[match_id]].add((span.start_char, span.end_char))
        for name, pattern in self.regexes:
            for match in pattern.finditer(doc.text):
                if match.end() > match.start():
                    hits[name].add((match.start(), match.end()))
        return {name: sorted(spans) for name, spans in hits.items()}


def _token_texts(phrase: str) -> list[str]:
    return [t.text for t in pipeline().make_doc(phrase) if not t.is_space]


def _token_pattern(words: list[str]) -> list[dict]:
    """Token Matcher pattern: folded words, capitals-only acronyms (optional plural), gaps."""
    pattern: list[dict] = []
    for word in words:
        if word == GAP:
            pattern.extend({"IS_SPACE": False, "OP": "?"} for _ in range(GAP_WORDS))
        elif _is_acronym(word):
            pattern.append({"TEXT": {"REGEX": f"^{re.escape(word)}s?$"}})
        else:
            pattern.append({"NORM": stem(word)})
    return pattern


def _folded_doc(words: list[str]) -> Doc:
    doc = Doc(pipeline().vocab, words=words)
    for token in doc:
        token.norm_ = stem(token.text)
    return doc


def compile_concepts(concepts: dict[str, list[str]]) -> ConceptMatcher:
    nlp = pipeline()
    folded = PhraseMatcher(nlp.vocab, attr="NORM")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    gapped = Matcher(nlp.vocab)
    names: dict[int, str] = {}
    regexes: list[tuple[str, re.Pattern[str]]] = []
    capitals: dict[int, list[tuple[int, str]]] = {}
    for name, phrases in concepts.items():
        key = nlp.vocab.strings.add(f"concept:{name}")
        names[key] = name
        folded_docs, exact_docs, patterns = [], [], []
        for phrase in phrases:
            if phrase.startswith(REGEX_PREFIX):
                regexes.append((name, re.compile(phrase[len(REGEX_PREFIX):], re.IGNORECASE)))
                continue
            words = _token_texts(phrase.replace(GAP, f" {GAP} "))
            acronyms = [w for w in words if _is_acronym(w)]
            if len(words) == 1 and acronyms:
                exact_docs.extend(Doc(nlp.vocab, words=[form]) for form in (words[0], words[0] + "s"))
            elif GAP in words:
                patterns.append(_token_pattern(words))
            elif acronyms:
                # Folded phrase match, then keep only matches with the acronyms in capitals: the
                # token Matcher would cost ~20 ms per 1,000 words for these.
                key = nlp.vocab.strings.add(f"concept:{name}:{phrase}")
                names[key] = name
                capitals[key] = [(i, w) for i, w in enumerate(words) if _is_acronym(w)]
                folded.add(f"concept:{name}:{phrase}", [_folded_doc(words)])
            else:
                folded_docs.append(_folded_doc(words))
        if folded_docs:
            folded.add(f"concept:{name}", folded_docs)
        if exact_docs:
            exact.add(f"concept:{name}", exact_docs)
        if patterns:
            gapped.add(f"concept:{name}", patterns)
    return ConceptMatcher(folded=folded, exact=exact, gapped=gapped, names=names, regexes=regexes, capitals=capitals)
