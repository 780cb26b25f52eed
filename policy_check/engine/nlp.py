"""The spaCy layer: tokens, sentences and word stems, built once per process.

A blank English pipeline with the rule-based sentencizer is ~150k words/s; a trained pipeline is
10-25x slower and gives nothing the rules need. Word forms are folded with the Snowball stemmer into
`token.norm_` so that one phrase in a rule ("observe experienced colleagues") also matches
"observing", "observed" and "observations"; spaCy's lookup lemmatizer needs a 99 MB table, costs
0.55 s at start-up and leaves capitalised words ("Reviews") untouched.
"""

from __future__ import annotations

from functools import lru_cache

import snowballstemmer
import spacy
from spacy.language import Language
from spacy.tokens import Doc

_STEMMER = snowballstemmer.stemmer("english")
_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """The folded form of a word: lower case, then its Snowball stem (cached)."""
    lowered = word.lower()
    cached = _STEMS.get(lowered)
    if cached is None:
        cached = _STEMS[lowered] = _STEMMER.stemWord(lowered) if lowered.isalpha() else lowered
    return cached


@Language.component("policy_stems")
def _set_stems(doc: Doc) -> Doc:
    for token in doc:
        token.norm_ = stem(token.text)
    return doc


@Language.component("clause_boundaries")
def _clause_boundaries(doc: Doc) -> Doc:
    """A blank line separates clauses in Document.text: never let a sentence run across it."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = 10_000_000
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("clause_boundaries")
    nlp.add_pipe("policy_stems")
    return nlp
