"""Find quantities (percentages, durations) in policy text so rules can compare them with the guidance."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterator

_UNITS_WORDS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}


def _alternation(words: list[str]) -> str:
    """Longest first, so "seventeen" is never cut short to "seven"."""
    return "|".join(sorted(words, key=len, reverse=True))


_UNIT_ALT = _alternation(list(_UNITS_WORDS))
_TENS_ALT = _alternation(list(_TENS_WORDS))
_DIGIT_ONES = _alternation([w for w, v in _UNITS_WORDS.items() if 1 <= v <= 9])
# "ninety-five", "ninety five", "ninety–five" (extraction turns hyphens into dashes).
NUMBER_WORD_PATTERN = rf"(?:(?:{_TENS_ALT})(?:[ \-\u2010-\u2013](?:{_DIGIT_ONES}))?|{_UNIT_ALT})"
DIGITS_PATTERN = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"

_SEP = r"[ \t\u00a0]"
# Words allowed between a number and its unit: "30 calendar days", "two full academic years".
_ADJECTIVES = (
    r"working|business|school|teaching|calendar|clear|full|whole|complete|consecutive|"
    r"standard|academic|full-time|part-time|additional|further|extra|more|contact"
)
_QUANTITY_RE = re.compile(
    rf"""
    (?<![\w.])(?P<num>{DIGITS_PATTERN}(?![\d.]\d)|\b{NUMBER_WORD_PATTERN}\b|\ban?\b)
    (?:{_SEP}*\({_SEP}*(?:{DIGITS_PATTERN}|{NUMBER_WORD_PATTERN}){_SEP}*\))?
    (?:
        {_SEP}?(?P<pct>%|per[ \-]?cent\b|percent\b)
      | (?:{_SEP}+|{_SEP}*-{_SEP}*)
        (?P<adj>(?:(?:{_ADJECTIVES})(?:{_SEP}+|-))*)
        # "Year 1" is a year group, not a duration.
        (?P<unit>days?|terms?|years|year(?!{_SEP}*\d)|weeks?|months?|hours?)\b
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_ARTICLE_OK_UNITS = frozenset({"term", "year"})
# "once a year", "twice a term" are rates, not durations.
_RATE_BEFORE_RE = re.compile(r"\b(?:once|twice|times|per|each|every)\s*$", re.IGNORECASE)
_SPACE_RE = re.compile(r"[\s\-\u2010-\u2013]+")
# "nine tenths of the timetable", "a twentieth": a share written as a fraction is a percentage.
_DENOMINATORS = {"fifth": 5, "tenth": 10, "twentieth": 20}
_FRACTION_RE = re.compile(
    rf"\b(?P<num>{NUMBER_WORD_PATTERN}|an?|\d{{1,2}})[ \-\u2010-\u2013](?P<den>{'|'.join(_DENOMINATORS)})s?\b"
    r"(?=\s+of\b|\s*[.,;:)]|\s*$)",  # "a fifth year" is an ordinal, not a share
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and where it sits in the text, so evidence can be quoted."""

    value: float
    unit: str
    start: int
    end: int
    text: str


def parse_number_word(word: str) -> float | None:
    """Turn "ten", "ninety-five" or "29.5" into a number; None when it is not one."""
    cleaned = _SPACE_RE.sub(" ", word.strip().lower())
    if re.fullmatch(DIGITS_PATTERN, cleaned):
        value = float(cleaned.replace(",", ""))
        return value if math.isfinite(value) else None
    if cleaned in _UNITS_WORDS:
        return float(_UNITS_WORDS[cleaned])
    if cleaned in _TENS_WORDS:
        return float(_TENS_WORDS[cleaned])
    parts = cleaned.split(" ")
    if len(parts) == 2 and parts[0] in _TENS_WORDS and 1 <= _UNITS_WORDS.get(parts[1], 0) <= 9:
        return float(_TENS_WORDS[parts[0]] + _UNITS_WORDS[parts[1]])
    return None


def _unit_name(unit_word: str, adjectives: str) -> str:
    """Map the written unit (and adjectives for days) to the canonical unit name."""
    unit = unit_word.lower().rstrip("s")
    if unit == "day":
        adj = adjectives.lower()
        if "working" in adj or "business" in adj:
            return "working_days"
        if "school" in adj or "teaching" in adj:
            return "school_days"
        return "days"
    return unit + "s"


# "within 10 working days; the appropriate body then decides within 20": a bare number after a
# deadline word takes the unit of the quantity before it in the same sentence.
_BARE_NUMBER_RE = re.compile(
    rf"\b(?:within|after|before|by|than|to|of|and|or)\s+(?P<num>{DIGITS_PATTERN}|{NUMBER_WORD_PATTERN})\b(?!\s*(?:%|per\b|percent\b|[\w(]))",
    re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")
ELLIPSIS_REACH = 200  # characters after a quantity in which a bare number may borrow its unit


def _elliptical(text: str, found: list[Quantity]) -> list[Quantity]:
    borrowed = []
    for quantity in found:
        if quantity.unit == "percent":
            continue
        window_end = min(len(text), quantity.end + ELLIPSIS_REACH)
        sentence_end = _SENTENCE_END_RE.search(text, quantity.end, window_end)
        window_end = sentence_end.start() if sentence_end else window_end
        for match in _BARE_NUMBER_RE.finditer(text, quantity.end, window_end):
            value = parse_number_word(match.group("num"))
            if value is not None and not any(q.start <= match.start("num") < q.end for q in found):
                borrowed.append(Quantity(value, quantity.unit, match.start("num"), match.end("num"), match.group("num")))
    return borrowed


# "2.5 hours of a 25-hour timetable": a share of the week written in hours is a percentage too.
_HOURS_SHARE_RE = re.compile(
    rf"(?P<part>{DIGITS_PATTERN}|{NUMBER_WORD_PATTERN})\s+hours?\s+(?:(?:a|per|each)\s+week\s+)?(?:of|out\s+of)\s+"
    rf"(?:(?:a|an|the|their|our|a\s+full)\s+)?(?P<whole>{DIGITS_PATTERN}|{NUMBER_WORD_PATTERN})[\s-]+hours?\b",
    re.IGNORECASE)


_HOUR_WORD_RE = re.compile(r"[\s-]hours?\b", re.IGNORECASE)


def _hour_shares(text: str) -> list[Quantity]:
    """Shares written in hours, looked for only around the word "hour" (the full pattern is slow)."""
    shares: dict[int, Quantity] = {}
    last_end = -1
    for hour in _HOUR_WORD_RE.finditer(text):
        if hour.start() < last_end:
            continue
        window_start = max(0, hour.start() - 40)
        for match in _HOURS_SHARE_RE.finditer(text, window_start, min(len(text), hour.end() + 80)):
            part, whole = parse_number_word(match.group("part")), parse_number_word(match.group("whole"))
            if part is not None and whole and 0 < part < whole and match.start() not in shares:
                shares[match.start()] = Quantity(round(part * 100 / whole, 2), "percent", match.start(), match.end(),
                                                 match.group(0))
            last_end = max(last_end, match.end())
    return list(shares.values())


# After "of" a fraction is a share whatever follows: "an allowance of one tenth carries over".
_FRACTION_AFTER_OF_RE = re.compile(
    rf"(?<=\bof\s)(?P<num>{NUMBER_WORD_PATTERN}|an?|\d{{1,2}})[ \-\u2010-\u2013](?P<den>{'|'.join(_DENOMINATORS)})s?\b"
    r"(?!\s+(?:years?|days?|weeks?|terms?|forms?|time)\b)",  # "the end of a fifth year" stays an ordinal
    re.IGNORECASE,
)
_DENOMINATOR_WORD = re.compile("|".join(_DENOMINATORS), re.IGNORECASE)
FRACTION_REACH = 40  # characters a fraction's number may stand before its denominator ("ninety-nine tenths")


def _fractions(text: str) -> Iterator[re.Match[str]]:
    """Fractions (_FRACTION_RE, or _FRACTION_AFTER_OF_RE after "of"), looked for only just before the words
    "fifth", "tenth", "twentieth":
    scanning the whole text for a number word costs more than the rest of find_quantities."""
    last_end = 0
    for word in _DENOMINATOR_WORD.finditer(text):
        start = max(last_end, word.start() - FRACTION_REACH)
        end = min(len(text), word.end() + FRACTION_REACH)
        found = {m.start(): m for m in _FRACTION_AFTER_OF_RE.finditer(text, start, end)}
        found.update((m.start(), m) for m in _FRACTION_RE.finditer(text, start, end))
        for position in sorted(found):
            if position >= last_end:
                last_end = found[position].end()
                yield found[position]


def find_quantities(text: str) -> list[Quantity]:
    """Every percentage or duration in the text, in order, so rules can test thresholds."""
    found: list[Quantity] = []
    for match in _QUANTITY_RE.finditer(text):
        number = match.group("num")
        if number.lower() in ("a", "an"):
            unit_word = (match.group("unit") or "").lower()
            if unit_word not in _ARTICLE_OK_UNITS or _RATE_BEFORE_RE.search(text, max(0, match.start() - 12), match.start()):
                continue
            value: float | None = 1.0
        else:
            value = parse_number_word(number)
        if value is None:
            continue
        unit = "percent" if match.group("pct") else _unit_name(match.group("unit"), match.group("adj"))
        found.append(Quantity(value, unit, match.start(), match.end(), match.group(0)))
    found.extend(_elliptical(text, found))
    found.extend(_hour_shares(text))
    for match in _fractions(text):
        number = match.group("num")
        count = 1.0 if number.lower() in ("a", "an") else parse_number_word(number)
        denominator = _DENOMINATORS[match.group("den").lower()]
        if count is not None and 0 < count <= denominator:
            found.append(Quantity(round(count * 100 / denominator, 2), "percent", match.start(), match.end(), match.group(0)))
    return sorted(found, key=lambda quantity: quantity.start)
