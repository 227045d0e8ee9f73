"""Template headings and their bodies (a Sectionizer for Danish case documents).

Case systems print their templates as headings in several styles: ``Heading:``
on a line of its own, ``HEADING`` in capitals, ``2. Heading``, ``## Heading``,
inline ``Heading: body``, ``Heading — body`` and flattened table rows
``Heading | body``. A heading is *generic* (cTAKES): the word *ønsker* in
*Borgerens ønsker og mål* is not the citizen's wish. What matters is whether
the body is filled, empty (the next heading follows at once) or only a
placeholder such as *Udfyldes senere* or the template's own help text.

Detection works on the raw text with regular expressions, line by line, so it
costs nothing per token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from casereview.engine.components import RuleSetComponent, ruleset_loader
from casereview.engine.loader import RuleSet

_NUMBERING = re.compile(r"^\s*(?:\d{1,2}[.)]|[a-zA-ZæøåÆØÅ][.)]|[IVX]{1,4}\.)\s+")
_MARKDOWN = re.compile(r"^\s*#{1,6}\s+")
_INLINE = re.compile(
    r"^(?P<label>[^:|\t\n]{1,60}?)\s*(?P<sep>:|\t+|\s\|\s?|\s[—–-]\s)\s*(?P<body>\S.*)$"
)
_LABEL_OK = re.compile(r"^[A-ZÆØÅa-zæøå§(][^.,;!?\"»«“”]*$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[\"»„“(]?[A-ZÆØÅ])")
_WORD = re.compile(r"\w+")
_ALNUM = re.compile(r"[^\W_]")
_SEPARATOR = re.compile(r":|\t|\||\s[—–-]\s")


@dataclass(slots=True)
class Section:
    """One heading and the body that follows it, as character offsets into the text."""

    title: str
    category: str | None
    heading_start: int
    heading_end: int
    body_start: int
    body_end: int
    status: str = "filled"  # "filled", "empty", "placeholder" or "pointer"
    # The first sentence of content (or the placeholder) of the body.
    first_start: int = -1
    first_end: int = -1
    placeholder: str | None = None
    defaults: dict = field(default_factory=dict)
    section_id: str | None = None

    @property
    def is_empty(self) -> bool:
        return self.status != "filled"


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str


class SectionMatcher:
    """Recognises headings and classifies their bodies with the lexicons' section rules."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.types = [
            (s, [re.compile(rx, re.IGNORECASE) for rx in s.match]) for s in ruleset.sections
        ]
        # One alternation per list: a document has many fields, and each is checked.
        prefix = "|".join(f"(?:{rx})" for rx in ruleset.placeholders.prefix) or "(?!)"
        whole = "|".join(f"(?:{rx})" for rx in ruleset.placeholders.whole) or "(?!)"
        self.prefix = re.compile(rf"^(?:{prefix})(?!\w)", re.IGNORECASE)
        self.whole = re.compile(rf"^(?:{whole})$", re.IGNORECASE)
        pointer = "|".join(f"(?:{rx})" for rx in ruleset.placeholders.pointer) or "(?!)"
        self.pointer = re.compile(rf"^(?:{pointer})(?!\w)", re.IGNORECASE)
        wl = ruleset.wordlists
        self.finite_verbs = wl.get("finite_verbs", frozenset())
        self.subject_words = wl.get("subject_pronouns", frozenset())

    # -- classification -------------------------------------------------
    @lru_cache(maxsize=4096)  # noqa: B019 - one classifier per ruleset, kept for the process
    def classify(self, title: str) -> tuple[str | None, str | None, tuple]:
        norm = " ".join(_WORD.findall(title.lower()))
        for section, regexes in self.types:
            if any(rx.search(norm) for rx in regexes):
                return section.category, section.id, tuple(section.defaults.items())
        return None, None, ()

    def placeholder_kind(self, unit: str) -> str | None:
        """``"placeholder"`` for a body sentence that only says the field is not filled
        in, ``"pointer"`` for one that only points elsewhere, else None."""
        text = unit.strip()
        if text.startswith("(") and text.rstrip(".").endswith(")"):
            return "placeholder"  # the template's own help text left in place
        norm = text.lower().strip(" .:;,")
        if not _ALNUM.search(norm):
            return "placeholder"  # "-", "–", "...", "?"
        words = " ".join(_WORD.findall(norm))  # "N/A" and "n.a." read as "n a"
        if self.pointer.match(norm) or self.pointer.match(words):
            return "pointer"
        if any(rx.match(form) for rx in (self.whole, self.prefix) for form in (norm, words)):
            return "placeholder"
        return None

    def is_placeholder(self, unit: str) -> bool:
        return self.placeholder_kind(unit) is not None

    # -- heading detection ----------------------------------------------
    def _label_is_heading(self, label: str, known: bool) -> bool:
        words = label.split()
        if not words or len(words) > 7 or not _LABEL_OK.match(label):
            return False
        if words[0].lower() == "at":
            return False  # an infinitive goal phrase is content: "At arbejde med dyr – gerne ..."
        if known:
            return True
        letters = [c for c in label if c.isalpha()]
        if letters and all(c.isupper() for c in letters) and len(letters) > 2:
            return True
        lowered = [w.lower() for w in words]
        if lowered[0] in self.subject_words or any(w in self.finite_verbs for w in lowered):
            return False
        return len(words) <= 4 and words[0][0].isupper()

    def _block_heading(
        self, text: str, numbered: bool, next_blank: bool, prev_blank: bool
    ) -> str | None:
        """The title if the whole line is a heading, else None."""
        stripped = text.strip()
        if stripped.endswith(":"):
            label = stripped[:-1].strip()
            return (
                label if self._label_is_heading(label, True) and len(label.split()) <= 8 else None
            )
        if stripped.endswith("?") and self.classify(stripped[:-1])[0] is not None:
            return stripped[:-1].strip()  # a question the template asks: "Hvad er vigtigt for dig?"
        if re.search(r"[.!?,;]$", stripped) or not stripped[0].isalpha() and stripped[0] != "§":
            return None
        words = stripped.split()
        letters = [c for c in stripped if c.isalpha()]
        if len(letters) > 2 and all(c.isupper() for c in letters) and len(words) <= 10:
            return stripped
        known = self.classify(stripped)[0] is not None
        if (known or numbered) and len(words) <= 6 and self._label_is_heading(stripped, True):
            return stripped
        if known and len(words) <= 10 and prev_blank and not next_blank:
            return stripped  # "Det er jeg god til / det giver mig energi" over its field
        lowered = [w.lower() for w in words]
        if (
            len(words) <= 5
            and prev_blank
            and not next_blank
            and stripped[0].isupper()
            and lowered[0] not in self.subject_words
            and not any(w in self.finite_verbs for w in lowered)
        ):
            return stripped
        return None

    def find(self, text: str) -> list[Section]:
        """All headings of ``text`` with their bodies, in order."""
        lines = _split_lines(text)
        heads: list[tuple[int, int, int, str]] = []  # heading_start, heading_end, body_start, title
        for i, line in enumerate(lines):
            if not line.text.strip():
                continue
            prev_blank = i == 0 or not lines[i - 1].text.strip()
            next_blank = i + 1 >= len(lines) or not lines[i + 1].text.strip()
            offset = line.start
            rest = line.text
            numbered = False
            for marker in (_MARKDOWN, _NUMBERING):  # "### 1. Borgers håb, ønsker og drømme"
                prefix = marker.match(rest)
                if prefix:
                    numbered = True
                    offset += prefix.end()
                    rest = rest[prefix.end() :]
            if numbered and not rest.strip():
                continue  # a lone "#" or "1." is no heading
            has_separator = _SEPARATOR.search(rest, 0, 64) is not None
            if not has_separator and (len(rest) > 80 or rest.rstrip().endswith(".")):
                continue  # prose: no separator for an inline heading, and no block heading ends so
            inline = _INLINE.match(rest) if has_separator else None
            if inline:
                label = (
                    inline.group("label").strip().rstrip("?").strip()
                )  # "Hvad er vigtigt for dig?:"
                known = self.classify(label)[0] is not None
                sep = inline.group("sep").strip()
                if (sep == ":" or known) and self._label_is_heading(label, known):
                    body_start = offset + inline.start("body")
                    heads.append((line.start, body_start, body_start, label))
                    continue
            title = self._block_heading(rest, numbered, next_blank, prev_blank)
            if title is not None:
                heads.append((line.start, line.end, line.end, title.rstrip(":").strip()))
        return self._with_bodies(text, heads)

    def _with_bodies(self, text: str, heads: list[tuple[int, int, int, str]]) -> list[Section]:
        sections = []
        for n, (h_start, h_end, b_start, title) in enumerate(heads):
            b_end = heads[n + 1][0] if n + 1 < len(heads) else len(text)
            category, section_id, defaults = self.classify(title)
            section = Section(
                title,
                category,
                h_start,
                h_end,
                b_start,
                b_end,
                defaults=dict(defaults),
                section_id=section_id,
            )
            self._classify_body(text, section)
            sections.append(section)
        return sections

    def _classify_body(self, text: str, section: Section) -> None:
        body = text[section.body_start : section.body_end]
        stripped = body.strip()
        if not stripped:
            section.status = "empty"
            return
        lead = section.body_start + (len(body) - len(body.lstrip()))
        first_line = stripped.split("\n", 1)[0]
        first_line = first_line.split(" | ", 1)[0]  # a table row: the field is its first cell
        units = _SENTENCE_BREAK.split(first_line)
        first = units[0]
        section.first_start = lead
        section.first_end = lead + len(first.rstrip())
        kind = self.placeholder_kind(first)
        if kind is not None:
            section.status = kind
            section.placeholder = first.strip()


def _split_lines(text: str) -> list[_Line]:
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(_Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


if not Doc.has_extension("cr_sections"):
    Doc.set_extension("cr_sections", default=None)
if not Doc.has_extension("cr_text"):
    Doc.set_extension("cr_text", default=None)


def doc_text(doc: Doc) -> str:
    """The document's text, built once: ``Doc.text`` joins every token on each call."""
    text = doc._.cr_text
    if text is None:
        text = doc._.cr_text = doc.text
    return text


class SectionsComponent(RuleSetComponent):
    """Pipeline component: ``doc._.cr_sections`` holds the document's :class:`Section` list."""

    def _build(self, ruleset: RuleSet) -> None:
        self.matcher = SectionMatcher(ruleset)

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        doc._.cr_sections = self.matcher.find(doc_text(doc))
        return doc


@Language.factory("casereview_sections", default_config={"rules_dir": None, "lexicons_dir": None})
def make_sections(
    nlp: Language, name: str, rules_dir: str | None, lexicons_dir: str | None
) -> SectionsComponent:
    return SectionsComponent(ruleset_loader(rules_dir, lexicons_dir))
