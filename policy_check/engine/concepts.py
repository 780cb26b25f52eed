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

    def find(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        hits: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for matcher in (self.folded, self.exact, self.gapped):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                hits[self.names[match_id]].add((span.start_char, span.end_char))
        for name, pattern in self.regexes:
            for match in pattern.finditer(doc.text):
                if match.end() > match.start():
                    hits[name].add((match.start(), match.end()))
        return {name: sorted(spans) for name, spans in hits.items()}


def _token_texts(phrase: str) -> list[str]:
    return [t.text for t in pipeline().make_doc(phrase)]


def compile_concepts(concepts: dict[str, list[str]]) -> ConceptMatcher:
    nlp = pipeline()
    folded = PhraseMatcher(nlp.vocab, attr="NORM")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    gapped = Matcher(nlp.vocab)
    names: dict[int, str] = {}
    regexes: list[tuple[str, re.Pattern[str]]] = []
    for name, phrases in concepts.items():
        key = nlp.vocab.strings.add(f"concept:{name}")
        names[key] = name
        folded_docs, exact_docs, patterns = [], [], []
        for phrase in phrases:
            if phrase.startswith(REGEX_PREFIX):
                regexes.append((name, re.compile(phrase[len(REGEX_PREFIX):], re.IGNORECASE)))
                continue
            words = _token_texts(phrase.replace(GAP, f" {GAP} "))
            if GAP in words:
                pattern = []
                for word in words:
                    if word == GAP:
                        pattern.extend({"IS_SPACE": False, "OP": "?"} for _ in range(GAP_WORDS))
                    elif _is_acronym(word):
                        pattern.append({"TEXT": {"REGEX": f"^{word}s?$"}})
                    else:
                        pattern.append({"NORM": stem(word)})
                patterns.append(pattern)
            elif any(_is_acronym(w) for w in words):
                for variant in (words, words[:-1] + [words[-1] + "s"] if _is_acronym(words[-1]) else None):
                    if variant:
                        exact_docs.append(Doc(nlp.vocab, words=variant, spaces=[True] * (len(variant) - 1) + [False]))
                if words and not _is_acronym(words[0]):
                    capitalised = [words[0].capitalize()] + words[1:]
                    exact_docs.append(Doc(nlp.vocab, words=capitalised, spaces=[True] * (len(words) - 1) + [False]))
            else:
                doc = nlp.make_doc(phrase)
                for token in doc:
                    token.norm_ = stem(token.text)
                folded_docs.append(doc)
        if folded_docs:
            folded.add(f"concept:{name}", folded_docs)
        if exact_docs:
            exact.add(f"concept:{name}", exact_docs)
        if patterns:
            gapped.add(f"concept:{name}", patterns)
    return ConceptMatcher(folded=folded, exact=exact, gapped=gapped, names=names, regexes=regexes)
