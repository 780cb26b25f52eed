"""The school's or trust's name, found in the policy's own words and never taken from its title.

Which words make a name an organisation's ("School", "Academy", "Trust", "Federation"…) is ruleset
data (`metadata: organisation:`); this module knows only how such names are written in English:
- a field naming it: "School name: Ashcombe Park", "Name of trust | Harbourline Academies Trust";
- otherwise a run of capitalised words ending in one of those words, on a letterhead line or in a
  sentence ("ECTs at Ashcombe Park School", "CRESTWOOD COMMUNITY SCHOOL"). A run that goes on past
  the word names something else ("Carrsdale Teaching School Hub", "Local Academy Committee") unless
  what follows is the document's title ("… ECT Policy") or the organisation's own board ("Forgeworks
  Studio School Board of Governors"). A policy names other schools too (a trust's members, a school
  an ECT came from, the website's navigation), so the name that shares most of its words with the
  file name wins, else the first one;
- failing both, a trust named by its group of schools ("all CDAT schools").
A name written only in capitals takes the document's own mixed-case spelling of it if there is one,
else title case that keeps the words the document writes as acronyms ("CE", "MAT", "UTC").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import PurePath

from policy_check.engine.index import DocumentIndex

MAX_NAME_WORDS = 14
NAME_REACH = 200  # characters before an organisation word in which its name can start (14 long words)
TITLE_REACH = 80  # characters after it that can still belong to the name ("... School Board of Governors")
GROUP_NAME_WORDS = 3  # "all CDAT schools": a longer run before "schools" is a sentence, not a name
Span = tuple[int, int]

_WORD = re.compile(r"\(\w[\w'\u2019&-]*\)|St\.|[A-Z][\w'\u2019&-]*|&|\b(?:of|and)\b")
_JOINERS = {"of", "and", "&"}  # lower-case words inside a name: "Church of England", "Primary and Nursery"
# Capitalised words that tell no organisation from another: a run made only of these and the
# organisation words ("Head of School", "Our Trust", "Senior School") is not a name.
_GENERIC = {
    "a", "an", "the", "at", "in", "on", "to", "by", "for", "from", "with", "within", "across", "all", "each",
    "every", "our", "your", "their", "its", "this", "these", "that", "any", "welcome", "about", "and", "of", "&",
    "head", "headteacher", "principal", "deputy", "assistant", "executive", "director", "chair", "chief", "vice",
    "ceo", "governor", "governors", "governing", "body", "board", "committee", "local", "trustees", "members",
    "member", "staff", "multi", "central", "team", "first", "heads", "headteachers", "principals",
    "primary", "secondary", "junior", "infant", "infants", "nursery", "high", "middle", "upper", "lower", "senior",
    "prep", "preparatory", "special", "specialist", "community", "catholic", "church", "england", "voluntary",
    "aided", "controlled", "learning", "education", "educational", "sixth", "form", "free", "independent",
    "grammar", "studio", "girls", "boys",
}
# The words of a document's own title, which may follow the name on its line ("Ashcombe Park School ECT Policy").
_TITLE_WORDS = {
    "ect", "ects", "nqt", "nqts", "rqt", "early", "career", "careers", "teacher", "teachers", "induction",
    "policy", "procedures", "procedure", "handbook", "guide", "guidance", "statutory", "programme", "faq",
    "faqs", "leaflet", "entitlement",
}
# The organisation's own governing body after its name: "… School Board of Governors", "… Trust Board".
_BODY_WORDS = {"board", "governors", "governing", "trustees", "local", "council", "committee"}
_NOT_ACRONYMS = {"ST", "MR", "MRS", "MS", "DR"}  # capitals without a vowel that are abbreviations
_SMALL_WORDS = {"of", "and", "the", "for", "in", "on", "upon", "at"}
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")
_FIELD = re.compile(
    r"^[ \t]*(?:name[ \t]+of[ \t]+(?:the[ \t]+)?(?:school|academy|trust|college|federation|organisation|setting)"
    r"|(?:school|academy|trust|college|federation|organisation|setting)(?:[ \t]+name)?)"
    r"[ \t]*(?::|\|)[ \t]*(?P<value>[^|\n]+?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True)
class _Candidate:
    name: str
    clause: int
    words: tuple[str, ...]  # the words that tell it apart, as compared with the file name


def find_organisation(index: DocumentIndex, noun_concepts: list[str]) -> str | None:
    """The organisation the policy names itself by, or None when its text names none."""
    text = index.document.text
    nouns = sorted(span for concept in noun_concepts for span in index.hits.get(concept, []))
    if not nouns:
        return None
    field = _from_field(index, nouns)
    if field:
        return _readable(field, [field], text)
    candidates = list(_named(index, nouns))
    if candidates:
        spellings = _best(candidates, index.document.source)
        return _readable(spellings[0], spellings, text)
    group = _group_name(index, nouns)
    return _readable(group, [group], text) if group else None


def _bare(word: str) -> str:
    """A word as compared with the word lists: 'Girls'' -> 'girls', '(VC)' -> 'vc'."""
    return _POSSESSIVE.sub("", word.strip("()")).lower()


def _is_noun(text: str, word: Span, nouns: list[Span]) -> bool:
    """An organisation word that ends its word: 'Academy', 'Multi-Academy', "Trust's", not 'Trust-wide'."""
    for start, end in nouns[bisect_left(nouns, (word[0], word[0])):]:
        if start >= word[1]:
            return False
        rest = text[end:word[1]]
        if not rest or _POSSESSIVE.fullmatch(rest):
            return True
    return False


def _names_someone(text: str, word: Span, nouns: list[Span]) -> bool:
    """A word that tells one organisation from another: 'Ashcombe', 'CDAT'; not 'Head', 'Primary', 'ECT'."""
    bare = _bare(text[word[0]:word[1]])
    return bare not in _GENERIC and bare not in _TITLE_WORDS and not _is_noun(text, word, nouns)


def _runs(text: str, start: int, end: int) -> list[list[Span]]:
    """Runs of capitalised words (joined by 'of', 'and', '&') in text[start:end], broken by any other
    word or punctuation, a cell separator or a line break."""
    runs: list[list[Span]] = []
    previous_end: int | None = None
    for match in _WORD.finditer(text, start, end):
        if previous_end is None or text[previous_end:match.start()].strip(" \t"):
            runs.append([])
        runs[-1].append(match.span())
        previous_end = match.end()
    trimmed = []
    for run in runs:
        while run and text[run[0][0]:run[0][1]] in _JOINERS:
            run = run[1:]
        while run and text[run[-1][0]:run[-1][1]] in _JOINERS:
            run = run[:-1]
        if run:
            trimmed.append(run)
    return trimmed


def _name_in(run: list[Span], text: str, nouns: list[Span]) -> list[Span] | None:
    """The organisation's name within a run: to its last organisation word, from its first word that
    names someone ('The Principal of Harwood Park Academy' -> 'Harwood Park Academy')."""
    last = max((i for i, w in enumerate(run) if _is_noun(text, w, nouns) and text[w[0]].isupper()), default=None)
    if last is None:
        return None
    after = [_bare(text[s:e]) for s, e in run[last + 1:]]
    if after and not (all(word in _TITLE_WORDS for word in after) or after[0] in _BODY_WORDS):
        return None
    words = run[:last + 1]
    first = next((i for i, word in enumerate(words) if _names_someone(text, word, nouns)), None)
    if first is None:
        return None
    if first > 0 and text[words[first - 1][0]:words[first - 1][1]] in ("The", "THE"):
        first -= 1
    return words[first:] if last + 1 - first <= MAX_NAME_WORDS else None


def _from_field(index: DocumentIndex, nouns: list[Span]) -> str | None:
    """A name given as a field: 'School name: Ashcombe Park', 'Name of trust | Harbourline Academies Trust'."""
    text = index.document.text
    for match in _FIELD.finditer(text):
        start, end = match.span("value")
        runs = _runs(text, start, end)
        if len(runs) == 1 and (runs[0][0][0], runs[0][-1][1]) == (start, end) \
                and any(_names_someone(text, word, nouns) for word in runs[0]):
            return text[start:end]
    return None


def _one_per_name(run: list[Span], text: str, nouns: list[Span]) -> list[list[Span]]:
    """A run split where it lists two organisations: 'Castlegate School and Millbrook School', but not
    'Brambleside Primary and Nursery School' (what follows 'and' has no name of its own)."""
    parts = [[run[0]]]
    for before, word, after in zip(run, run[1:], run[2:]):
        rest = run[run.index(after):]
        if text[word[0]:word[1]] in ("and", "&") and _is_noun(text, before, nouns) \
                and any(_names_someone(text, w, nouns) for w in rest):
            parts.append([])
        else:
            parts[-1].append(word)
    if len(run) > 1:
        parts[-1].append(run[-1])
    return [part for part in parts if part]


def _named(index: DocumentIndex, nouns: list[Span]):
    """Every organisation's name the document writes, in document order."""
    text = index.document.text
    for number, windows in _windows(index, nouns):  # a name ends with, or just after, one of the nouns
        runs = [part for start, end in windows for whole in _runs(text, start, end)
                for part in _one_per_name(whole, text, nouns)]
        for run in runs:
            words = _name_in(run, text, nouns)
            if words:
                distinct = tuple(re.sub(r"[^a-z0-9]", "", _bare(text[s:e])) for s, e in words
                                 if _names_someone(text, (s, e), nouns))
                yield _Candidate(_POSSESSIVE.sub("", text[words[0][0]:words[-1][1]]), number, distinct)


def _windows(index: DocumentIndex, nouns: list[Span]) -> list[tuple[int, list[Span]]]:
    """(clause, the stretches of it that could hold a name): each organisation word with the line it is on,
    cut to the longest name before it and a few title words after; overlapping stretches joined."""
    text = index.document.text
    by_clause: dict[int, list[Span]] = {}
    for start, end in nouns:
        number = index.clause_at(start)
        clause = index.document.clauses[number]
        line_start = max(text.rfind("\n", clause.start, start), text.rfind("|", clause.start, start), clause.start - 1) + 1
        line_end = min(position for position in (text.find("\n", end, clause.end), text.find("|", end, clause.end),
                                                   clause.end) if position >= 0)
        by_clause.setdefault(number, []).append((max(line_start, start - NAME_REACH), min(line_end, end + TITLE_REACH)))
    merged: list[tuple[int, list[Span]]] = []
    for number in sorted(by_clause):
        spans: list[Span] = []
        for start, end in sorted(by_clause[number]):
            if spans and start <= spans[-1][1]:
                spans[-1] = (spans[-1][0], max(spans[-1][1], end))
            else:
                spans.append((start, end))
        merged.append((number, [_word_edges(text, start, end) for start, end in spans]))
    return merged


def _word_edges(text: str, start: int, end: int) -> Span:
    """A stretch widened to whole words, so no word is cut in two at either end."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def _key(name: str) -> str:
    """A name as compared: 'THE WESTGATE SCHOOL' and 'the Westgate School' are one name."""
    words = name.casefold().replace("\u2019", "'").split()
    return " ".join(words[1:] if words[0] == "the" else words)


def _best(candidates: list[_Candidate], source: str) -> list[str]:
    """The spellings of the name with most words in the file name (and, of those, fewest words not in
    it), else of the first name."""
    stem = set(re.findall(r"[a-z0-9]+", PurePath(source).stem.lower()))
    groups: dict[str, list[_Candidate]] = {}
    for candidate in candidates:
        groups.setdefault(_key(candidate.name), []).append(candidate)

    def rank(group: list[_Candidate]) -> tuple[int, int, int]:
        in_stem = sum(1 for word in group[0].words if word in stem)
        return (in_stem, in_stem - len(group[0].words) if in_stem else 0, -group[0].clause)

    best = max(groups.values(), key=rank)
    return [c.name for c in best]


def _group_name(index: DocumentIndex, nouns: list[Span]) -> str | None:
    """A trust named only by its group of schools: 'all CDAT schools', 'each Harbourline academy'."""
    text = index.document.text
    for start, _ in nouns:
        if text[start].isupper():
            continue
        line_start = max(text.rfind("\n", 0, start), text.rfind("|", 0, start)) + 1
        runs = _runs(text, line_start, start)
        if not runs or text[runs[-1][-1][1]:start].strip(" \t"):
            continue
        words = runs[-1]
        while words and not _names_someone(text, words[0], nouns):
            words = words[1:]
        if words and len(words) <= GROUP_NAME_WORDS:
            return _POSSESSIVE.sub("", text[words[0][0]:words[-1][1]])
    return None


def _readable(name: str, spellings: list[str], text: str) -> str:
    """One line; a name written in capitals in the document's mixed-case spelling if it has one, else in
    title case ('ST MARY'S CE PRIMARY SCHOOL' -> "St Mary's CE Primary School")."""
    name = " ".join(name.split())
    if any(ch.islower() for ch in name):
        return name
    mixed = next((" ".join(s.split()) for s in spellings if any(ch.islower() for ch in s)), None)
    if mixed:
        return mixed
    acronyms = _acronyms(text)
    words = []
    for position, word in enumerate(name.split(" ")):
        bare = word.strip("()")
        if word.startswith("(") or bare in acronyms or (_looks_like_acronym(bare) and bare not in _NOT_ACRONYMS):
            words.append(word)
        elif position > 0 and bare.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(_capitalise(word))
    return " ".join(words)


def _capitalise(word: str) -> str:
    """'MARY'S' -> "Mary's", 'ALL-THROUGH' -> 'All-Through'."""
    capitalised = re.sub(r"[A-Za-z]+", lambda m: m.group().capitalize(), word)
    return re.sub(r"(['\u2019])S\b", r"\1s", capitalised)


def _looks_like_acronym(word: str) -> bool:
    """Two letters that are no English word ('CE', 'RC', not 'OF'), or up to four without a vowel ('VC')."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) == 2 and len(word) == 2:
        return word.lower() not in _SMALL_WORDS | {"to", "by", "up", "as", "is", "an", "my", "we", "us"}
    return 1 < len(letters) <= 4 and not any(ch in "AEIOUY" for ch in letters)


def _acronyms(text: str) -> set[str]:
    """Short words the document writes in capitals among lower-case ones: 'CE' in "St Mary's CE Primary"."""
    found: set[str] = set()
    for line in text.splitlines():
        if sum(ch.islower() for ch in line) >= 3:
            found.update(re.findall(r"\b[A-Z]{2,5}\b", line))
    return found
