"""The names a policy gives its own bodies and roles, so later short mentions count as what they name.

"Riverbend Teaching School Hub (RTSH) is our appropriate body", then only "RTSH"; "the Independent
Schools Teacher Induction Panel (the Panel)", then "the Panel"; "the Deputy Head (Staff) is the
induction tutor". Which concepts a name can stand for is ruleset data (`language.definable`); the
engine knows only how definitions are written in English:
- an acronym in brackets after the words it abbreviates: `Long Name (LN)`;
- a short form in brackets or after "referred to as" / "known as" / "hereafter": `Long Name ("the Hub")`;
- a designation: `Name is/acts as our <role>`, `our <role> is Name`, `<role>: Name` (a table row or
  label), `Name – <role>` (a heading);
- for bodies (`language.bodies`): the proper name before a body's common words ("Ousebridge" for
  "Ousebridge Teaching School Hub") and "the" with the name's last word ("the Panel", "the Council").
A name takes the definable concepts its long form (or its role) was matched as. A policy written to
its reader ("you", "your mentor") makes "you" the ruleset's `language.reader` concept.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

_CAPITALISED = r"[A-Z][\w'\u2019&.-]*"
_CONNECTOR = r"(?:of|and|for|the|in|on|&)"
_NAME_WORD = rf"(?:{_CAPITALISED}|\([A-Z][\w ]{{0,20}}\))"
# A run of capitalised words, possibly joined by "of", "and", "for": "Riverbend Teaching School Hub",
# "Deputy Head (Staff)", "Diocese of Westshire Teaching School Hub".
_NAME_RUN = rf"{_NAME_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?{_NAME_WORD})*"
_ACRONYM_IN_BRACKETS = re.compile(r"\(\s*(?:the\s+)?[\"\u201c\u2018']?(?P<abbr>[A-Z][A-Za-z]{1,9})[\"\u201d\u2019']?\s*\)")
_SHORT_FORM_IN_BRACKETS = re.compile(
    r"\(\s*(?:(?:hereafter|hereinafter|referred to as|known as|called)\s+)?(?:as\s+)?[\"\u201c\u2018']?"
    r"(?P<short>(?:the|our)\s+[A-Za-z][\w-]*(?:\s+[A-Z][\w-]*)?)[\"\u201d\u2019']?\s*\)")
_SHORT_FORM_AFTER = re.compile(
    r",?\s+(?:(?:hereafter|hereinafter)\s+)?(?:referred to(?: below| in this policy)? as|known as|hereafter|hereinafter)\s+[\"\u201c\u2018']?"
    r"(?P<short>(?:the|our)\s+[A-Za-z][\w-]*(?:\s+[A-Z][\w-]*)?|[A-Z][A-Za-z]{1,9})")
_STOPWORDS = {"of", "and", "for", "the", "in", "on", "&"}
# "X is our appropriate body", "X, which acts as the appropriate body", "X will be the ECT's mentor", a
# role table's row "Professional Growth Lead (PGL) | Acts as your induction tutor".
_DESIGNATION_BEFORE = re.compile(
    rf"(?P<name>{_NAME_RUN})\s*,?\s*(?:\(\s*[A-Za-z]{{2,10}}\s*\)\s*)?,?\s*(?:\|\s*)?(?:which|who)?\s*"
    r"(?i:is|are|acts|act|will act|serves|will serve|has been appointed|have been appointed|will be|is appointed)\s+"
    r"(?:as\s+)?(?:our|the|its|their|your|each|every|an?)?\s*(?:ECT's\s+|ECTs'\s+)?$")
# "our appropriate body is Riverbend TSH", "Appropriate body: Riverbend TSH", a table row "Mentor | Ms Khan";
# the name must end there (a cell that goes on in lower case is a sentence, not a name).
_DESIGNATION_AFTER = re.compile(
    rf"^\s*(?:(?:is|will be|:|\|)\s*)(?:the\s+)?(?P<name>{_NAME_RUN})(?=\s*(?:$|[|.,;:)\n(]))")
# A heading or label "Deputy Head (Staff) – induction tutor": a name, a dash, the role it holds.
_DESIGNATION_DASH = re.compile(rf"(?m)^[ \t]*(?P<name>{_NAME_RUN})\s+[\u2013\u2014-]\s+(?:the\s+|our\s+)?$")
_VERB_BEFORE = re.compile(r"\b(?i:is|are|act|acts|serves|serve|appointed|be)\s+(?:as\s+)?"
                          r"(?:our|the|its|their|your|each|every|an?)?\s*(?:ECT's\s+|ECTs'\s+)?$")
# "Every ECT is appointed a mentor" gives the ECT a mentor; "Ms Khan is appointed as mentor" names one.
_RECEIVES = re.compile(r"\bappointed\s+an?\s+$")
_DASH_BEFORE = re.compile(r"\s[\u2013\u2014-]\s+(?:the\s+|our\s+)?$")
_AFTER_START = re.compile(r"\s*(?:is\b|will be\b|:|\|)")
_SUBJECT_START = re.compile(
    r"(?:^|[.!?:|]\s+|\n)[ \t]*(?:\d+(?:\.\d+)*\.?[ \t]+)?(?:(?:the|our|your|its|their|each|an?)[ \t]+)?"
    r"(?:[A-Z][\w-]*['\u2019]s[ \t]+)?$",  # "The School's appropriate body is ..."
    re.IGNORECASE)
_NOT_A_NAME = {"The", "This", "It", "They", "These", "That", "He", "She", "We", "Our", "Their", "Each", "Every",
               "All", "An", "A", "ECT", "ECTs", "If", "Where", "When", "Who", "Whoever", "Whichever", "Anyone",
               "Someone", "Everyone", "Whatever"}
# "X is the local authority's maintained school": a role followed by a possessive names what belongs to it.
_POSSESSIVE = re.compile(r"['\u2019]s?\b")
_YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
# In a question-and-answer leaflet the reader asks in the first person: "Will I be observed?"
_ASKING_I = re.compile(r"\b(?:I|me|my|myself)\b(?=[^.?!\n]{0,120}\?)")
READER_MIN_MENTIONS = 6
_LONGEST_HIT = 200  # characters: no concept phrase is longer


@dataclass(frozen=True)
class DefinedName:
    """One entry of a document's name table."""

    name: str  # as the policy writes it: "RTSH", "the Panel", "Deputy Head (Staff)", "you"
    refers_to: str  # the long form or role it stands for
    concepts: tuple[str, ...]
    how: str  # acronym | short form | designation | reader
    start: int  # where it is defined
    end: int

    def to_dict(self) -> dict:
        return {"name": self.name, "refers_to": self.refers_to, "concepts": list(self.concepts), "how": self.how}


def _concepts_over(hits: dict[str, list[tuple[int, int]]], definable: list[str], start: int, end: int) -> tuple[str, ...]:
    """The definable concepts with a hit overlapping start..end (hits are sorted by start)."""
    found = []
    for concept in definable:
        spans = hits.get(concept, ())
        i = bisect_left(spans, (end, -1)) - 1
        while i >= 0 and spans[i][0] > start - _LONGEST_HIT:
            if spans[i][1] > start:
                found.append(concept)
                break
            i -= 1
    return tuple(found)


def _long_form(text: str, bracket_start: int, abbreviation: str) -> tuple[int, int] | None:
    """The words before "(ABBR)" that it abbreviates: their initials (connectors aside) spell it."""
    letters = abbreviation.lower()
    words = list(re.finditer(r"[\w'\u2019&-]+", text[max(0, bracket_start - 160):bracket_start]))
    offset = max(0, bracket_start - 160)
    for count in range(1, min(len(words), len(letters) + 4) + 1):
        chosen = words[-count:]
        if not chosen[0].group()[0].isupper():
            continue
        initials = "".join(w.group()[0].lower() for w in chosen if w.group().lower() not in _STOPWORDS)
        upper = "".join(w.group()[0].lower() for w in chosen if w.group()[0].isupper())
        if letters in (initials, upper) or (len(letters) <= len(initials) and initials.startswith(letters)
                                            and count == len(letters)):
            return offset + chosen[0].start(), offset + chosen[-1].end()
    # "Harbridge Borough Council's Induction Appropriate Body Service (HIABS)": an acronym may skip words,
    # if it starts with the first word's initial and ends with the last one's.
    for count in range(len(letters) + 1, min(len(words), len(letters) + 3) + 1):
        chosen = words[-count:]
        initials = "".join(w.group()[0].lower() for w in chosen if w.group().lower() not in _STOPWORDS)
        if chosen[0].group()[0].isupper() and initials[:1] == letters[:1] and initials[-1:] == letters[-1:] \
                and _is_subsequence(letters, initials):
            return offset + chosen[0].start(), offset + chosen[-1].end()
    return None


def _is_subsequence(letters: str, initials: str) -> bool:
    remaining = iter(initials)
    return all(letter in remaining for letter in letters)


def _name_run_before(text: str, end: int) -> tuple[int, int] | None:
    """The capitalised run that ends just before `end` ("Riverbend Teaching School Hub (RTSH)")."""
    window = text[max(0, end - 120):end]
    found = re.search(rf"(?:{_NAME_RUN})\s*$", window)
    if not found:
        return None
    offset = max(0, end - 120)
    return offset + found.start(), offset + found.start() + len(found.group().rstrip())


def _acronyms_and_short_forms(text: str, hits, definable) -> list[DefinedName]:
    names = []
    for found in _ACRONYM_IN_BRACKETS.finditer(text):
        abbreviation = found.group("abbr")
        if sum(ch.isupper() for ch in abbreviation) < 2:
            continue
        span = _long_form(text, found.start(), abbreviation)
        if span is None:
            continue
        names.append(DefinedName(abbreviation, text[span[0]:span[1]], _concepts_over(hits, definable, *span),
                                 "acronym", span[0], found.end()))
    for pattern in (_SHORT_FORM_IN_BRACKETS, _SHORT_FORM_AFTER):
        for found in pattern.finditer(text):
            span = _name_run_before(text, found.start())
            if span is None or text[span[0]:span[1]] in _NOT_A_NAME:
                continue
            names.append(DefinedName(found.group("short"), text[span[0]:span[1]],
                                     _concepts_over(hits, definable, *span), "short form", span[0], found.end()))
    return names


_PROPER_PREFIX = re.compile(
    r"(?:(?<=[\s(\"\u201c])|^)(?P<prefix>(?:[A-Z][a-z][\w'\u2019-]*[ \t]+(?:(?:and|of|&)[ \t]+)?){1,3})$")
_GENERIC_WORDS = {"The", "Our", "Local", "National", "Each", "Every", "All", "This", "That", "Their", "Its", "Any",
                  "Independent", "Teaching", "School", "Schools", "County", "City", "Borough", "Appropriate", "Early",
                  "Induction", "Trust", "Academy", "Learning", "Deputy", "Assistant", "Executive", "Acting", "Associate",
                  "Vice", "Senior", "Head", "Interim", "Lead", "Subject", "Designated", "Named", "Chair", "Full",
                  "Your", "My", "His", "Her", "We", "You", "They", "If", "When", "Where", "As", "At", "In", "On", "For", "With",
                  "Federation", "Partnership", "Board", "Council", "Committee", "Governing", "Primary", "Secondary",
                  "College", "Centre", "Multi", "Academies", "Church", "Catholic", "Diocesan", "Community"}


def _proper_prefixes(text: str, hits, definable, bodies) -> list[DefinedName]:
    """"Ousebridge Teaching School Hub", then "Ousebridge": the proper name before a body's common words."""
    names = []
    for concept in bodies:
        for start, end in hits.get(concept, ()):
            words = text[start:end].split()
            if len(words) < 2 or not all(w[:1].isupper() for w in words):
                continue  # a body's name ends in capitalised common words ("Teaching School Hub", "County Council")
            found = _PROPER_PREFIX.search(text, max(0, start - 60), start)
            if not found:
                continue
            prefix = found.group("prefix").strip()
            words = prefix.split()
            while words and words[0] in _GENERIC_WORDS:
                words = words[1:]
            if not words or words[-1] in _GENERIC_WORDS:
                continue
            prefix = " ".join(words)
            whole = text[found.start("prefix"):end]
            names.append(DefinedName(prefix, whole, _concepts_over(hits, definable, start, end), "short form",
                                     found.start("prefix"), end))
    return names


def _designations(text: str, hits, definable) -> list[DefinedName]:
    """Names given a role: the name takes the concepts the role phrase was matched as."""
    names = []
    for concept in definable:
        for start, end in hits.get(concept, ()):
            roles = _concepts_over(hits, definable, start, end)
            line_start = max(text.rfind("\n", 0, start) + 1, start - 160)
            # Cheap tests on the few characters around the role first: most role mentions are no designation.
            verb_before = _VERB_BEFORE.search(text, max(line_start, start - 40), start)
            before = _DESIGNATION_BEFORE.search(text, line_start, start) if verb_before else None
            receives = _RECEIVES.search(text, max(line_start, start - 20), start)
            if before and not _POSSESSIVE.match(text, end) and not receives:
                names.append(DefinedName(_without_article(before.group("name")), text[start:end], roles, "designation",
                                         before.start("name"), end))
            dashed = _DESIGNATION_DASH.search(text, line_start, start) if _DASH_BEFORE.search(text, max(line_start, start - 8), start) else None
            if dashed:
                names.append(DefinedName(_without_article(dashed.group("name")), text[start:end], roles, "designation",
                                         dashed.start("name"), end))
            # "Our appropriate body is X" names X; "The appropriate body for ECTs at the school is X" does
            # not make X the school: the role must be what the sentence is about, at its start.
            opens = _SUBJECT_START.search(text, max(0, start - 40), start)
            after = (_DESIGNATION_AFTER.match(text[end:end + 120])
                     if opens and _AFTER_START.match(text, end) else None)
            if after:
                names.append(DefinedName(_without_article(after.group("name")), text[start:end], roles, "designation",
                                         start, end + after.end()))
    return names


def _without_article(name: str) -> str:
    """"The Deputy Head (Staff)" -> "Deputy Head (Staff)"; "Riverbend Hub (RH)" -> "Riverbend Hub" (the
    acronym is a name of its own)."""
    name = re.sub(r"^(?:The|Our)\s+", "", name.strip())
    return re.sub(r"\s*\((?:the\s+)?[A-Z][A-Za-z]*[A-Z][A-Za-z]*\)$", "", name)


def _head_noun_form(entry: DefinedName, bodies) -> str | None:
    """"the Panel" for "Independent Schools Teacher Induction Panel", "the Council" for "Northshire County
    Council": a body's name shortened to "the" and its last word, as English refers back to it."""
    if not set(entry.concepts) & set(bodies):
        return None
    for name in (entry.refers_to, entry.name):
        words = re.sub(r"^(?:the|our)\s+", "", name, flags=re.IGNORECASE).split()
        if len(words) >= 2 and all(w[:1].isupper() for w in words) and words[-1].isalpha() and not words[-1].isupper():
            return f"the {words[-1]}"
    return None


def _usable(entry: DefinedName) -> bool:
    """A name worth looking for: it stands for something, and is not a word every policy uses."""
    bare = re.sub(r"^(?:the|our)\s+", "", entry.name, flags=re.IGNORECASE)
    return bool(entry.concepts) and len(bare) >= 2 and entry.name not in _NOT_A_NAME and entry.name != entry.refers_to


def name_table(text: str, hits: dict[str, list[tuple[int, int]]], definable: list[str], reader: str | None,
               bodies: list[str] = ()) -> list[DefinedName]:
    """The document's own names for definable concepts, first definition of each name kept."""
    table: dict[str, DefinedName] = {}
    candidates = sorted(_acronyms_and_short_forms(text, hits, definable) + _designations(text, hits, definable)
                        + _proper_prefixes(text, hits, definable, bodies), key=lambda n: n.start)
    # A name defined as a long form's abbreviation takes whatever that long form is later designated as.
    # ...and a short form of a name takes whatever that name was designated as ("Westmoor County Council
    # (the Local Authority)" after "Our appropriate body is Westmoor County Council").
    by_long_form: dict[str, set[str]] = {}
    by_name: dict[str, set[str]] = {}
    for entry in candidates:
        by_long_form.setdefault(entry.refers_to, set()).update(entry.concepts)
        by_name.setdefault(entry.name, set()).update(entry.concepts)
    for entry in candidates:
        concepts = tuple(c for c in definable if c in set(entry.concepts) | by_long_form.get(entry.name, set())
                         | by_long_form.get(entry.refers_to, set()) | by_name.get(entry.refers_to, set()))
        entry = DefinedName(entry.name, entry.refers_to, concepts, entry.how, entry.start, entry.end)
        if _usable(entry) and entry.name.lower() not in table:
            table[entry.name.lower()] = entry
    for entry in list(table.values()):
        head = _head_noun_form(entry, bodies)
        if head and head.lower() not in table:
            table[head.lower()] = DefinedName(head, entry.name, entry.concepts, "short form", entry.start, entry.end)
    if reader and len(_YOU.findall(text)) >= READER_MIN_MENTIONS:
        table["you"] = DefinedName("you", "the reader", (reader,), "reader", 0, 0)
    return list(table.values())


def mentions(text: str, entry: DefinedName) -> list[tuple[int, int]]:
    """Every place the name is used: acronyms as written; "the Panel" in either case of its first letter."""
    if entry.how == "reader":
        return sorted((m.start(), m.end()) for pattern in (_YOU, _ASKING_I) for m in pattern.finditer(text))
    found = _mentions_of(text, entry.name)
    initials = _initials(entry.name)
    if initials and entry.how != "acronym":
        # "the Local Authority", then "the LA": a name's capitals written as an acronym.
        found += [(m.start(), m.end()) for m in re.finditer(rf"(?<![\w-]){initials}s?(?![\w-])", text)]
    return found


def _initials(name: str) -> str | None:
    words = [w for w in re.sub(r"^(?:the|our)\s+", "", name, flags=re.IGNORECASE).split() if w[:1].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 2 else None


def _mentions_of(text: str, name: str) -> list[tuple[int, int]]:
    head, rest = name[:1], re.escape(name[1:])
    if re.fullmatch(r"(?:the|our)\s+.*", name, re.IGNORECASE):
        pattern = rf"(?<![\w-])(?i:{re.escape(name.split()[0])})\s+{re.escape(' '.join(name.split()[1:]))}(?![\w-])"
        flags = re.IGNORECASE
    else:
        pattern = rf"(?<![\w-])[{head.upper()}{head.lower()}]{rest}(?![\w-])" if not name[1:2].isupper() else rf"(?<![\w-]){re.escape(name)}s?(?![\w-])"
        flags = 0
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, flags)]


def pronoun_mentions(text: str, sentences: list[tuple[int, int]], hits: dict[str, list[tuple[int, int]]],
                     referents: list[str], pronouns: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Pronouns that stand for a person named just before: (start, end, concept).

    "Our new colleagues are partners in their own induction. We ask them to take part fully": "them" is
    the first referent (in the ruleset's sense: the ECT, the mentor, ...) named in the sentence before,
    in the same paragraph, so long as nobody is named in the pronoun's own sentence before it.
    """
    if not pronouns:
        return []
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in pronouns) + r")\b", re.IGNORECASE)
    named = sorted((start, -end, referents.index(concept), concept)
                   for concept in referents for start, end in hits.get(concept, []))
    starts = [entry[0] for entry in named]
    found: list[tuple[int, int, str]] = []
    for (previous_start, previous_end), (start, end) in zip(sentences, sentences[1:]):
        if "\n\n" in text[previous_end:start]:
            continue  # a new paragraph, list item or cell: its pronouns are not resolved across the break
        first = bisect_left(starts, previous_start)
        if first == len(named) or named[first][0] >= previous_end:
            continue
        own = bisect_left(starts, start)
        stop = named[own][0] if own < len(named) and named[own][0] < end else end
        found.extend((m.start(), m.end(), named[first][3]) for m in pattern.finditer(text, start, stop))
    return found
