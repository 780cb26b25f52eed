"""Find UK-style dates and policy review cycles in text, so rules can judge whether a policy is current."""

from __future__ import annotations

import bisect
import calendar
import datetime
import re
from dataclasses import dataclass

from policy_check.engine.numbers import DIGITS_PATTERN, NUMBER_WORD_PATTERN, parse_number_word

_MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
# School terms start in these months; a term is reported as the first day of its first month.
_SEASONS: dict[str, int] = {"autumn": 9, "spring": 1, "summer": 4, "michaelmas": 9, "lent": 1, "trinity": 4,
                            "easter": 4}
# The second half of a term ("Autumn 2", "Spring term 2") starts about two months in.
_HALF_TERM_MONTHS = 2

_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_MONTH = rf"(?:{_MONTH_ALT})\b\.?"
_ORDINAL = r"(?:[ \t]?(?:st|nd|rd|th)\b)?"
_YEAR4 = r"\d{4}(?!\d)"

_DATE_RE = re.compile(
    rf"""
    (?<![\w.])(?P<iso_y>\d{{4}})-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}})(?![\d.\-/]?\d)
  | (?<![\w./\-])(?P<num_d>\d{{1,2}})(?P<sep>[/\-])(?P<num_m>\d{{1,2}})(?P=sep)(?P<num_y>\d{{4}}|\d{{2}})(?![\d.\-/]?\d)
    # A dot-separated date needs a four-digit year: "2.10.12" is a section number.
  | (?<![\w./\-])(?P<dot_d>\d{{1,2}})\.(?P<dot_m>\d{{1,2}})\.(?P<dot_y>\d{{4}})(?![\d.\-/]?\d)
  | (?<![\w.])(?P<dm_d>\d{{1,2}}){_ORDINAL}\s*(?:of\s+)?(?P<dm_m>{_MONTH}),?\s+(?P<dm_y>{_YEAR4})
  | \b(?P<md_m>{_MONTH})\s+(?P<md_d>\d{{1,2}}){_ORDINAL},?\s+(?P<md_y>{_YEAR4})
  | \b(?P<my_m>{_MONTH}),?\s+(?P<my_y>{_YEAR4})
  | \b(?P<season>autumn|spring|summer|michaelmas|lent|trinity|easter)(?:\s+term)?(?:\s+(?P<half>[12])|\s+half[- ]term\s+(?P<half_word>[12]))?,?\s+(?P<season_y>{_YEAR4})
    # An academic year "2025/26", "2025-2026": a review "in 2027/28" is due by the end of that year.
  | (?<![\w/.\-])(?P<ay_start>20\d{{2}})\s?[/\-]\s?(?P<ay_end>\d{{2}}|20\d{{2}})(?![\w/.\-]?\d)
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class FoundDate:
    """A date written in the text; month/year precision keep the first day and know their last."""

    date: datetime.date
    precision: str
    start: int
    end: int
    text: str

    def last_day(self) -> datetime.date:
        """The end of the period the text names, so "review by June 2028" is overdue only after 30 June."""
        if self.precision == "year":
            return self.date.replace(month=12, day=31)
        if self.precision == "academic_year":
            return datetime.date(self.date.year + 1, 8, 31)
        if self.precision == "month":
            return self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date


def _year(raw: str) -> int:
    """Two-digit years are this century: "1/6/26" is 2026."""
    return 2000 + int(raw) if len(raw) == 2 else int(raw)


def _parts(match: re.Match[str]) -> tuple[int, int, int, str]:
    """Year, month, day and precision from whichever date alternative matched."""
    g = match.group
    if g("iso_y"):
        return int(g("iso_y")), int(g("iso_m")), int(g("iso_d")), "day"
    if g("num_d"):
        return _year(g("num_y")), int(g("num_m")), int(g("num_d")), "day"
    if g("dot_d"):
        return int(g("dot_y")), int(g("dot_m")), int(g("dot_d")), "day"
    if g("dm_d"):
        return int(g("dm_y")), _MONTHS[g("dm_m").rstrip(".").lower()], int(g("dm_d")), "day"
    if g("md_d"):
        return int(g("md_y")), _MONTHS[g("md_m").rstrip(".").lower()], int(g("md_d")), "day"
    if g("my_m"):
        return int(g("my_y")), _MONTHS[g("my_m").rstrip(".").lower()], 1, "month"
    if g("ay_start"):
        return int(g("ay_start")), 9, 1, "academic_year"
    month = _SEASONS[g("season").lower()]
    if (g("half") or g("half_word")) == "2":
        month += _HALF_TERM_MONTHS
    return int(g("season_y")), month, 1, "month"


_DIGITS_RE = re.compile(r"\d+")
_WINDOW = 30


def _digit_windows(text: str) -> list[tuple[int, int]]:
    """Merged spans around digit runs: every date holds a digit within 30 characters of its ends,
    and scanning only these spans keeps the month-name alternation off most of the text."""
    windows: list[tuple[int, int]] = []
    for run in _DIGITS_RE.finditer(text):
        lo, hi = max(0, run.start() - _WINDOW), min(len(text), run.end() + _WINDOW)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def find_dates(text: str) -> list[FoundDate]:
    """Every real calendar date in the text, in order; bare years and impossible dates are skipped."""
    found: list[FoundDate] = []
    for match in (m for lo, hi in _digit_windows(text) for m in _DATE_RE.finditer(text, lo, hi)):
        year, month, day, precision = _parts(match)
        if precision == "academic_year" and int(match.group("ay_end")[-2:]) != (year + 1) % 100:
            continue  # "2021-2024" is a span of years, not one academic year
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            continue
        found.append(FoundDate(date, precision, match.start(), match.end(), match.group(0)))
    return found


def add_months(d: datetime.date, months: int) -> datetime.date:
    """Shift by whole months, clamping to month end (31 Jan + 1 month = 28/29 Feb) for review due dates."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class ReviewCycle:
    """How often a policy says it is reviewed (months) and/or which events trigger a review."""

    months: int | None
    trigger_only: bool
    triggers: tuple[str, ...]
    start: int
    end: int
    text: str


_NUM = rf"(?:{DIGITS_PATTERN}|{NUMBER_WORD_PATTERN})"
_CYCLE_RE = re.compile(
    rf"""
      \bevery\s+(?P<every_y>{_NUM})\s+years?\b
    | \b(?P<n_yearly>{_NUM})[ \t\-]?yearly\b
    | \bevery\s+(?P<every_m>{_NUM})\s+months?\b
    | \b(?P<n_monthly>{_NUM})[ \t\-]?monthly\b
    # UK school policies use "biannual" to mean every two years far more often than twice a year.
    | (?P<c24>\bbi-?ennial(?:ly)?\b|\bbi-?annual(?:ly)?\b|\bevery\s+other\s+year\b)
    | (?P<c36>\btri-?ennial(?:ly)?\b)
    | (?P<c6>\bhalf[ \t\-]?yearly\b)
    | \bin\s+(?P<in_y>{_NUM})\s+years['\u2019]?\s+time\b
    | (?P<c12>\bannual(?:ly)?\b|\byearly\b|\b(?:every|each)\s+(?:academic\s+|school\s+)?year\b
        |\bonce\s+(?:a|per|every)\s+year\b|\bper\s+annum\b|\bin\s+a\s+year['\u2019]?s\s+time\b
        # "every summer term", "each September": once a year
        |\b(?:every|each)\s+(?:autumn|spring|summer|michaelmas|lent|trinity)(?:\s+term)?\b
        |\b(?:every|each)\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)
_SOURCE = r"(?:the\s+)?(?:new\s+|updated\s+|revised\s+|relevant\s+|current\s+)?(?:statutory\s+|national\s+|DfE\s+|government\s+)?"
_TRIGGER_RE = re.compile(
    rf"""
      \b(?:when(?:ever)?|if|once|following|after|upon)\s+(?:any\s+)?(?:new|updated|revised|further)\s+
        (?:statutory\s+|national\s+|DfE\s+|government\s+)?(?:guidance|legislation|regulations?)\s+
        (?:is|are|has\s+been|have\s+been)\s+(?:issued|published|released|introduced|updated)\b
    | \b(?:when(?:ever)?|if|following|after|upon|in\s+(?:the\s+)?(?:light|event)\s+of)\s+(?:there\s+(?:are|is)\s+)?
        (?:any\s+)?(?:changes?|amendments?|updates?|revisions?)\s+(?:to|in)\s+{_SOURCE}
        (?:guidance|legislation|regulations?|law)\b
    | \b(?:when|if)\s+{_SOURCE}(?:guidance|legislation|regulations?|law)\s+
        (?:changes?|is\s+(?:changed|updated|amended|revised))\b
    | \bas\s+and\s+when(?:\s+(?:required|necessary|needed|appropriate))?\b
    | \bas\s+(?:required|necessary|needed|appropriate)\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
_REVIEW_WORD_RE = re.compile(
    r"\b(?:review\w*|revis(?:e|ed|ion)|revisit\w*|cycle|renew(?:al|ed)?|look\s+at\s+(?:it|this(?:\s+policy|\s+page)?)\s+again)\b",
    re.IGNORECASE)
# The policy's own review rather than an ECT's progress review.
_POLICY_CONTEXT_RE = re.compile(
    r"\bpolicy\b|\breview\s+(?:cycle|date|frequency|period)\b|\bnext\s+(?:scheduled\s+)?review\b", re.IGNORECASE
)
_BOUNDARY_RE = re.compile(r"\n|[.!?;](?=\s)")
_LABEL_MAX = 40


def _sentence_bounds(boundaries: list[int], pos: int, text_len: int) -> tuple[int, int]:
    """Start and end of the sentence (or line) holding pos."""
    i = bisect.bisect_right(boundaries, pos)
    start = boundaries[i - 1] + 1 if i else 0
    end = boundaries[i] if i < len(boundaries) else text_len
    return start, end


def _review_sentences(text: str, boundaries: list[int]) -> list[tuple[int, int]]:
    """Sentences holding a review word, and lines right after one: only these can state a review cycle."""
    spans: dict[tuple[int, int], None] = {}
    for word in _REVIEW_WORD_RE.finditer(text):
        start, end = _sentence_bounds(boundaries, word.start(), len(text))
        spans[(start, end)] = None
        if end < len(text) and text[end] == "\n":
            spans[_sentence_bounds(boundaries, end + 1, len(text))] = None
    return list(spans)


def _review_anchor(text: str, start: int, end: int) -> int | None:
    """Offset of the review word that makes this sentence about reviewing, or of a short label line above it."""
    word = _REVIEW_WORD_RE.search(text, start, end)
    if word:
        return word.start()
    if start == 0 or text[start - 1] != "\n":
        return None
    prev_start = text.rfind("\n", 0, start - 1) + 1
    label = text[prev_start : start - 1]
    if len(label.strip()) <= _LABEL_MAX and _REVIEW_WORD_RE.search(label):
        return prev_start + len(label) - len(label.lstrip())
    return None


def _cycle_months(match: re.Match[str]) -> int | None:
    """Months between reviews for one cycle phrase; None for nonsense such as "every 0 years"."""
    g = match.group
    for name, per in (("every_y", 12), ("n_yearly", 12), ("in_y", 12), ("every_m", 1), ("n_monthly", 1)):
        if g(name):
            value = parse_number_word(g(name))
            return int(value * per) if value is not None and value >= 1 and value == int(value) else None
    for name, months in (("c24", 24), ("c36", 36), ("c6", 6)):
        if g(name):
            return months
    return 12


def find_review_cycle(text: str) -> ReviewCycle | None:
    """The policy's stated review cycle, preferring policy-level statements, then periodic over trigger-only."""
    boundaries = [m.start() for m in _BOUNDARY_RE.finditer(text)]
    best: tuple[tuple[bool, bool, int], ReviewCycle] | None = None
    for s_start, s_end in _review_sentences(text, boundaries):
        anchor = _review_anchor(text, s_start, s_end)
        if anchor is None:
            continue
        hits: list[tuple[int, int, int | None, bool]] = []
        for regex, is_cycle in ((_CYCLE_RE, True), (_TRIGGER_RE, False)):
            for match in regex.finditer(text, s_start, s_end):
                months = _cycle_months(match) if is_cycle else None
                if not is_cycle or months is not None:
                    hits.append((match.start(), match.end(), months, is_cycle))
        if not hits:
            continue
        hits.sort()
        months = next((m for _, _, m, is_cycle in hits if is_cycle), None)
        triggers = tuple(text[a:b] for a, b, _, is_cycle in hits if not is_cycle)
        start = min(anchor, hits[0][0])
        end = max(b for _, b, _, _ in hits)
        context = _POLICY_CONTEXT_RE.search(text, min(anchor, s_start), s_end) is not None
        cycle = ReviewCycle(months, months is None, triggers, start, end, text[start:end])
        key = (context, months is not None, -s_start)
        if best is None or key > best[0]:
            best = (key, cycle)
    return best[1] if best else None
