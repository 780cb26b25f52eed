"""The spaCy layer: tokens, sentences and word stems, built once per process.

A blank English pipeline with a rule-based sentencizer is ~150k words/s; a trained pipeline is
10-25x slower and gives nothing the rules need. Word forms are folded with the Snowball stemmer into
`token.norm_` so that one phrase in a rule ("observe experienced colleagues") also matches
"observing", "observed" and "observations"; spaCy's lookup lemmatizer needs a 99 MB table, costs
0.55 s at start-up and leaves capitalised words ("Reviews") untouched.
"""

from __future__ import annotations

from functools import lru_cache

import numpy
import snowballstemmer
from policy_check.engine.spacy_import import import_spacy_without_cli

import_spacy_without_cli()  # spaCy without its command-line interface, whichever module loads it first

import spacy  # noqa: E402
from spacy.attrs import IS_PUNCT, NORM, ORTH, SENT_START  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.pipeline.sentencizer import Sentencizer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

_STEMMER = snowballstemmer.stemmer("english")
# Word caches are bounded, so a long-running process (a server checking policies all day) does not
# grow without end: a policy has a few thousand distinct words, a language a few hundred thousand.
CACHE_WORDS = 200_000


# The tokenizer splits "isn't" into "is" + "n't" and "they're" into "they" + "'re"; folded to the full word,
# one phrase ("not going well") also matches the contracted form. "'s" stays: it is a possessive as often
# as "is".
_CONTRACTIONS = {"n't": "not", "'re": "are", "'ll": "will", "'ve": "have", "'m": "am"}


@lru_cache(maxsize=CACHE_WORDS)
def stem(word: str) -> str:
    """The folded form of a word: lower case, a contraction spelled out, then its Snowball stem (cached)."""
    lowered = word.lower().replace("\u2019", "'")
    lowered = _CONTRACTIONS.get(lowered, lowered)
    if lowered in _KEPT_WHOLE or not lowered.isalpha():
        return lowered
    return _STEMMER.stemWord(lowered)


# Words Snowball folds into another word: a frequency is not the period itself ("meet weekly" is not
# "meet in the first week"), "informal" feedback informs nobody, a "provider" provides no report, an
# "employer" is not employed, "boarding" duties are no board.
_KEPT_WHOLE = frozenset({"hourly", "daily", "nightly", "weekly", "fortnightly", "monthly", "termly", "quarterly",
                         "yearly", "annually", "informal", "informally", "information", "provider", "providers",
                         "employer", "employers", "observer", "observers", "boarding", "directorate"})


_NORM_IDS: dict[int, int] = {}


def _stem_id(doc: Doc, orth: int) -> int:
    """The string-store id of a word's stem, cached by the word's own id (emptied when full)."""
    norm = _NORM_IDS.get(orth)
    if norm is None:
        if len(_NORM_IDS) >= CACHE_WORDS:
            _NORM_IDS.clear()
        norm = _NORM_IDS[orth] = doc.vocab.strings.add(stem(doc.vocab.strings[orth]))
    return norm


# Both components work on attribute arrays: creating a Python Token object per word costs more
# than the whole tokenizer.
@Language.component("policy_stems")
def _set_stems(doc: Doc) -> Doc:
    orths = doc.to_array(ORTH)
    doc.from_array([NORM], numpy.array([_stem_id(doc, int(o)) for o in orths], dtype="uint64").reshape(-1, 1))
    return doc


_PUNCT_IDS: set[int] = set()


@Language.component("array_sentencizer")
def _sentence_starts(doc: Doc) -> Doc:
    """spaCy's Sentencizer rule (a sentence ends after . ! ? and the like, plus any closing punctuation),
    applied to attribute arrays: its own loop makes a Token object per word, a third of a check's time."""
    if not len(doc):
        return doc
    if not _PUNCT_IDS:
        _PUNCT_IDS.update(doc.vocab.strings.add(char) for char in Sentencizer.default_punct_chars)
    table = doc.to_array([ORTH, IS_PUNCT])
    starts = numpy.full(len(doc), -1, dtype="int64")
    starts[0] = 1
    seen_end = False
    for i, (orth, is_punct) in enumerate(table.tolist()):
        ends = orth in _PUNCT_IDS
        if seen_end and not is_punct and not ends:
            starts[i] = 1
            seen_end = False
        elif ends:
            seen_end = True
    doc.from_array([SENT_START], starts.view("uint64").reshape(-1, 1))
    return doc


@Language.component("clause_boundaries")
def _clause_boundaries(doc: Doc) -> Doc:
    """A blank line separates clauses in Document.text: never let a sentence run across it."""
    strings = doc.vocab.strings
    starts = doc.to_array(SENT_START)
    breaks = [i + 1 for i, o in enumerate(doc.to_array(ORTH)[:-1]) if "\n" in strings[int(o)] and not strings[int(o)].strip()]
    if breaks:
        starts[breaks] = 1
        doc.from_array([SENT_START], starts.reshape(-1, 1))
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.max_length = 10_000_000
    nlp.add_pipe("array_sentencizer")
    nlp.add_pipe("clause_boundaries")
    nlp.add_pipe("policy_stems")
    return nlp
