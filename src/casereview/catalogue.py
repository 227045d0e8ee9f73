"""The indicator catalogue: what each indicator is called and how it is shown.

The rule files (``rules/*.yaml``) are the one source: each indicator's id,
Danish label, short label, order, colours and explanation wording are read
from them (:func:`casereview.engine.loader.load_catalogue`). When a round is
scored, the catalogue it was scored with is stored beside the rule-set hash,
so the TUI, ``compare``, ``agreement``, exports and reports show the
indicators a round was actually scored with, also when that was with
``--rules``.

This module is plain data with no dependency on the engine or the store, so
every layer can hold a :class:`Catalogue`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass

# Shown for an indicator that a catalogue does not know (a stored finding of removed rules).
UNKNOWN_COLOUR = "#c8c8c8"


@dataclass(frozen=True)
class Indicator:
    """One indicator as users see it."""

    id: str
    label: str  # Danish, in full: "Håb, ønsker og drømme"
    short: str  # Danish, for narrow table columns: "Håb"
    order: int
    colour: str  # "#rrggbb": the highlight behind a finding in the TUI
    terminal_style: str  # a rich style for the CLI's highlighted text: "bold green"
    emphasis: bool = False  # a main indicator: its highlights are bold
    mark: str = "none"  # "underline", "italic" or "none": a signal besides colour
    # Explanation wording for a counting finding: "Tæller: <explain_citizen>." when it is
    # the citizen's own, "Tæller: <who> <explain_other>." when someone else's counts.
    explain_citizen: str | None = None
    explain_other: str | None = None

    @classmethod
    def unknown(cls, indicator: str) -> Indicator:
        """A stand-in that shows the id itself, so nothing stored is ever hidden."""
        return cls(indicator, indicator, indicator, 999, UNKNOWN_COLOUR, "bold")


@dataclass(frozen=True)
class Catalogue:
    """The indicators of one rule set, in display order."""

    indicators: tuple[Indicator, ...]
    ruleset_hash: str = ""

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def __contains__(self, indicator: object) -> bool:
        return any(i.id == indicator for i in self.indicators)

    def __getitem__(self, indicator: str) -> Indicator:
        """The indicator with this id; an unknown id gets a stand-in, never an error."""
        for info in self.indicators:
            if info.id == indicator:
                return info
        return Indicator.unknown(indicator)

    @property
    def ids(self) -> list[str]:
        return [i.id for i in self.indicators]

    @property
    def labels(self) -> dict[str, str]:
        """Indicator id -> Danish label, in display order."""
        return {i.id: i.label for i in self.indicators}

    @property
    def shorts(self) -> dict[str, str]:
        return {i.id: i.short for i in self.indicators}

    def label(self, indicator: str) -> str:
        return self[indicator].label

    def short(self, indicator: str) -> str:
        return self[indicator].short

    def to_json(self) -> dict:
        """What the store keeps (JSON)."""
        return {
            "ruleset_hash": self.ruleset_hash,
            "indicators": [asdict(i) for i in self.indicators],
        }

    def merged(self, other: Catalogue) -> Catalogue:
        """These indicators and the other's that are missing here (rounds scored with
        different rules side by side), in display order; this one's words win."""
        extra = tuple(i for i in other if i.id not in self)
        indicators = tuple(sorted(self.indicators + extra, key=lambda i: (i.order, i.id)))
        return Catalogue(indicators, self.ruleset_hash if not extra else "")

    @classmethod
    def from_json(cls, data: dict) -> Catalogue:
        known = set(Indicator.__dataclass_fields__)
        return cls(
            tuple(
                Indicator(**{k: v for k, v in item.items() if k in known})
                for item in data.get("indicators", [])
            ),
            str(data.get("ruleset_hash", "")),
        )
