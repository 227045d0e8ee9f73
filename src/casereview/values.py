"""The project's value sets, each defined once and imported everywhere.

Round kinds, document kinds, judgement values, decisions on findings, the
reasons a finding counts or not, and whose/when a finding is: the store, the
engine, the CLI's choices and help texts, the TUI and the reports all take
them from here, so that adding a value is one edit. The module imports
nothing of the project: every layer may use it.

Each set is a ``str`` enum (typer shows its members as the choices of an
option); the tuple beside it holds the plain strings in their display order,
and the ``*_DA`` tables the Danish words users see.
"""

from __future__ import annotations

from enum import Enum


class RoundKind(str, Enum):
    """When in the development course the cases were reviewed."""

    baseline = "baseline"
    endline = "endline"
    other = "other"


class DocumentKind(str, Enum):
    """The kind of a case document (guessed from the file name at import)."""

    handleplan = "handleplan"
    udredning = "udredning"
    statusnotat = "statusnotat"
    andet = "andet"


class JudgementValue(str, Enum):
    """A reviewer's answer for one indicator of one case."""

    ja = "ja"
    delvist = "delvist"
    nej = "nej"
    ikke_relevant = "ikke_relevant"


class Decision(str, Enum):
    """A reviewer's accept or reject of one engine finding."""

    accept = "accept"
    reject = "reject"


class Reason(str, Enum):
    """Why a finding counts toward its indicator's flag, or why not."""

    counts = "counts"
    negated = "negated"
    experiencer = "experiencer"
    historical = "historical"
    hypothetical = "hypothetical"
    sleep = "sleep"
    pseudo = "pseudo"
    empty_heading = "empty_heading"
    pointer = "pointer"
    no_content = "no_content"


class Source(str, Enum):
    """How a finding arose."""

    term = "term"  # a target expression in the text
    heading = "heading"  # a filled or empty template field
    pseudo = "pseudo"  # a fixed phrase that is not a finding
    quote = "quote"  # the citizen's own words in quotation marks


class Experiencer(str, Enum):
    """Whose hope or resource a finding is."""

    citizen = "citizen"
    professional = "professional"
    relative = "relative"
    other = "other"


class Temporality(str, Enum):
    """When a finding holds."""

    current = "current"
    historical = "historical"
    hypothetical = "hypothetical"


ROUND_KINDS: tuple[str, ...] = tuple(k.value for k in RoundKind)
DOCUMENT_KINDS: tuple[str, ...] = tuple(k.value for k in DocumentKind)
JUDGEMENT_VALUES: tuple[str, ...] = tuple(v.value for v in JudgementValue)
DECISIONS: tuple[str, ...] = tuple(d.value for d in Decision)
REASONS: tuple[str, ...] = tuple(r.value for r in Reason)
SOURCES: tuple[str, ...] = tuple(s.value for s in Source)
EXPERIENCERS: tuple[str, ...] = tuple(e.value for e in Experiencer)
TEMPORALITIES: tuple[str, ...] = tuple(t.value for t in Temporality)

# The conclusion topic that holds the overall recommendations (other topics are indicator ids).
OVERALL = "anbefalinger"

# The final judgement of a case and indicator when reviewers gave none, or differ.
MISSING = "mangler"
DISAGREE = "uenig"

ROUND_KIND_DA: dict[str, str] = {
    "baseline": "Baseline",
    "endline": "Endline",
    "other": "Anden runde",
}
JUDGEMENT_DA: dict[str, str] = {
    "ja": "Ja",
    "delvist": "Delvist",
    "nej": "Nej",
    "ikke_relevant": "Ikke relevant",
}
FINAL_DA: dict[str, str] = {
    **JUDGEMENT_DA,
    MISSING: "Mangler vurdering",
    DISAGREE: "Uenige bedømmere",
}
# A short symbol per judgement in the case list; None: not judged yet. "IR", not
# "–", for Ikke relevant: a dash read as "not judged" on the case screen.
JUDGEMENT_SYMBOLS: dict[str | None, str] = {
    "ja": "J",
    "delvist": "D",
    "nej": "N",
    "ikke_relevant": "IR",
    None: "·",
}
DECISION_DA: dict[str, str] = {"accept": "accepteret", "reject": "afvist"}
DECISION_SYMBOLS: dict[str | None, str] = {"accept": "✓", "reject": "✗", None: " "}

EXPERIENCER_DA: dict[str, str] = {
    "citizen": "borgeren",
    "professional": "en fagperson eller myndighed",
    "relative": "en pårørende",
    "other": "en anden person",
}
TEMPORALITY_DA: dict[str, str] = {
    "current": "aktuel",
    "historical": "fortid",
    "hypothetical": "hypotetisk/uafklaret",
}
# A word or two per reason, beside a finding in lists; "counts" needs none.
REASON_SHORT_DA: dict[str, str] = {
    "counts": "",
    "negated": "benægtet",
    "experiencer": "andens",
    "historical": "fortid",
    "hypothetical": "uafklaret",
    "pseudo": "fast udtryk",
    "sleep": "søvn",
    "empty_heading": "tomt felt",
    "pointer": "henvisning",
    "no_content": "uden indhold",
}


def choices(values: tuple[str, ...]) -> str:
    """The values as a Danish list for messages and help texts: ``a, b eller c``."""
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} eller {values[-1]}"
