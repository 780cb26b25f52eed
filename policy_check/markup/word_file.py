"""What every Word file this package writes into needs, whether it made the file or a school did:
headings and list paragraphs in the document's own styles where it has them, plain bold text where it
has not (a school's file or a letterhead may lack "Heading 2")."""

from __future__ import annotations


def style_or_none(word, name: str) -> str | None:
    """`name` when the document has a paragraph style of that name, else None (its Normal style)."""
    try:
        return name if name in word.styles else None
    except KeyError:
        return None


def add_heading(word, text: str, level: int) -> None:
    """A Heading-styled paragraph where the document has the style; bold text where it has not."""
    style = style_or_none(word, f"Heading {level}")
    if style:
        word.add_paragraph(text, style=style)
    else:
        word.add_paragraph().add_run(text).bold = True
