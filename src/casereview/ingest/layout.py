"""Recognising a round folder given one level too high.

``import deep/`` with ``deep/Fredericia/sag-01/…`` would otherwise read
``Fredericia`` as one case and merge every case folder under it. A case
folder that holds only folders, no documents, is such a round folder: the
import is refused with the command to run instead. A case folder with its
own documents and, say, an attachments sub-folder is left alone.
"""

from __future__ import annotations

from pathlib import Path

from casereview.errors import InputFileError


class NestedRoundError(InputFileError):
    """The folder holds round folders (one level too deep), not case folders."""

    def __init__(self, folder: Path, rounds: list[Path]) -> None:
        self.folder = folder
        self.rounds = rounds
        names = ", ".join(r.name for r in rounds)
        super().__init__(
            f"undermapperne ({names}) indeholder selv sagsmapper, ikke dokumenter; "
            "sagsmapper slås aldrig sammen. Importér hver rundemappe for sig",
            folder,
        )

    def commands(self, municipality: str, round_kind: str) -> list[str]:
        """The commands to run instead, one per round folder found."""
        return [f'casereview import "{r}" -m "{municipality}" -r {round_kind}' for r in self.rounds]


def _visible(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def check_round_layout(folder: Path) -> None:
    """Raise :class:`NestedRoundError` when the case folders of ``folder`` hold only folders."""
    nested = []
    for case_dir in (p for p in _visible(folder) if p.is_dir()):
        children = _visible(case_dir)
        if children and all(c.is_dir() for c in children):
            nested.append(case_dir)
    if nested:
        raise NestedRoundError(folder, nested)
