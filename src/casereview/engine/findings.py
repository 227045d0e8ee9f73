"""What the engine emits: findings with their attributes, and per-document results.

A finding is a span of the original text (Python string offsets) that
supports or touches an indicator, with ConText-style attributes and the ids
of the rule and the cues that decided it. ``reason`` is a code; Danish
explanations are made from it by :func:`explain_finding`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from casereview.catalogue import Indicator
from casereview.engine.loader import shipped_catalogue
from casereview.values import EXPERIENCER_DA, TEMPORALITY_DA


@dataclass(slots=True)
class Cue:
    """A cue that modified a finding: its id, category and the words matched."""

    id: str
    category: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Finding:
    indicator: str
    start: int
    end: int
    text: str
    counts: bool
    negated: bool
    experiencer: str
    temporality: str
    section: str | None
    rule: str
    cues: list[Cue] = field(default_factory=list)
    # How the finding arose: "term", "heading" (a filled or empty template field),
    # "pseudo" (a fixed phrase that is not a finding) or "quote".
    source: str = "term"
    # Why it counts or not: counts, negated, experiencer, historical, hypothetical,
    # pseudo, sleep, empty_heading, no_content.
    reason: str = "counts"
    detail: str | None = None

    def to_json(self) -> dict:
        data = asdict(self)
        data["cues"] = [c["id"] for c in data["cues"]]
        data["cue_texts"] = [c.text for c in self.cues]
        return data


@dataclass(slots=True)
class DocumentResult:
    """All findings of one document and the flag per indicator."""

    id: str
    text: str
    flags: dict[str, bool]
    findings: list[Finding]

    def deciding(self, indicator: str) -> list[Finding]:
        """The findings that make the flag true, or, when it is false, those that were rejected."""
        own = [f for f in self.findings if f.indicator == indicator]
        counting = [f for f in own if f.counts]
        return counting if counting else own

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "flags": self.flags,
            "findings": [f.to_json() for f in self.findings],
        }


def _cue_words(finding: Finding, categories: set[str] | None = None) -> str:
    words = [f"'{c.text}'" for c in finding.cues if categories is None or c.category in categories]
    return ", ".join(dict.fromkeys(words))


def explain_finding(finding: Finding, indicator: Indicator | None = None) -> str:
    """One Danish sentence: why this finding counts or does not count.

    ``indicator`` brings the indicator's own words from the catalogue (the rule
    file); without it the shipped rules' catalogue is used.
    """
    info = indicator if indicator is not None else shipped_catalogue()[finding.indicator]
    reason = finding.reason
    if reason == "counts":
        if finding.source == "heading":
            return f"Tæller: feltet '{finding.section}' er udfyldt med indhold."
        if finding.source == "quote":
            return "Tæller: borgerens egne ord (citat i første person)."
        extra = (
            f" ({TEMPORALITY_DA[finding.temporality]})" if finding.temporality != "current" else ""
        )
        if info.explain_citizen and finding.experiencer == "citizen":
            return f"Tæller: {info.explain_citizen}{extra}."
        if info.explain_other and finding.experiencer != "citizen":
            who = EXPERIENCER_DA[finding.experiencer]
            return f"Tæller: {who} {info.explain_other}{extra}."
        return f"Tæller: udtrykket hører til indikatoren{extra}."
    if reason == "negated":
        cues = _cue_words(finding, {"negated"})
        return f"Tæller ikke: benægtet eller mangel{f' ({cues})' if cues else ''}."
    if reason == "experiencer":
        who = EXPERIENCER_DA.get(finding.experiencer, finding.experiencer)
        cue = f" ({finding.detail})" if finding.detail else ""
        return f"Tæller ikke: det handler om {who}, ikke borgeren{cue}."
    if reason == "historical":
        cues = _cue_words(finding, {"historical"})
        return f"Tæller ikke: kun i fortiden{f' ({cues})' if cues else ' (datid)'}."
    if reason == "hypothetical":
        cues = _cue_words(finding, {"hypothetical"})
        return f"Tæller ikke: hypotetisk eller endnu ikke afklaret{f' ({cues})' if cues else ''}."
    if reason == "sleep":
        cues = _cue_words(finding, {"sleep"})
        return f"Tæller ikke: drømme under søvn{f' ({cues})' if cues else ''}."
    if reason == "pseudo":
        return f"Tæller ikke: {finding.detail or 'fast udtryk'}."
    if reason == "empty_heading":
        what = f" ('{finding.detail}')" if finding.detail else ""
        return f"Tæller ikke: feltet '{finding.section}' er tomt eller kun en pladsholder{what}."
    if reason == "pointer":
        return (
            f"Tæller ikke: feltet '{finding.section}' henviser kun til et andet sted"
            f" ('{finding.detail}'); en henvisning er ikke indhold."
        )
    if reason == "no_content":
        return "Tæller ikke: nævnt uden indhold (hvad ønsket/ressourcen går ud på, står der ikke)."
    return f"Tæller ikke: {reason}."
