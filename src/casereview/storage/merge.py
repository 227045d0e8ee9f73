"""Combining reviews done offline: one store's human work merged into another.

Reviewers without a shared PostgreSQL each work in their own SQLite file.
``merge`` carries one store's rounds into another by stable keys, never by
row ids: municipality by name, round by kind and label, case by reference,
document by the sha256 of its source file (its masked text's sha256 must
match too before spans on it are carried). Judgements, decisions on
findings, evidence spans, adjudications and conclusions are added when
missing and left alone when equal, so merging twice changes nothing.

The same key with a different value (the same reviewer's two answers for one
case and indicator) is a conflict: without a choice nothing is written and
the conflicts are listed; with a choice (``ours``, ``theirs``, ``newest``,
or one per conflict) the choice is applied and the value not taken is kept
in the audit trail, so nothing is lost. Case text is carried only when
asked. The whole merge is one transaction: killed at any moment, the target
is as before.

``export_review`` is the same merge into a new file, renamed into place only
when complete.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlmodel import Session, col, select

from casereview.errors import CasereviewError
from casereview.storage.database import Store, open_store
from casereview.storage.models import Case, Document, Finding, Municipality, Round
from casereview.storage.queries import row_id
from casereview.storage.repository import (
    audit,
    cases_of,
    find_rounds,
    get_or_create_case,
    get_or_create_municipality,
    get_or_create_round,
)
from casereview.storage.review_models import EvidenceSpan, FindingDecision, Judgement
from casereview.storage.verdict_models import Adjudication, Conclusion
from casereview.wording import plural

CHOICES = ("ours", "theirs", "newest")


class MergeConflictError(CasereviewError):
    """The two stores disagree and no choice was given; nothing was written."""

    exit_code = 1


@dataclass
class Conflict:
    """One key with two different values: ours (the target's) and theirs (the merged file's)."""

    kind: str
    key: str
    ours: str
    theirs: str
    ours_at: datetime | None = None
    theirs_at: datetime | None = None

    def describe(self) -> str:
        return f"{self.key}: her '{self.ours}', i filen '{self.theirs}'"


@dataclass
class MergeReport:
    added: dict[str, int] = field(default_factory=dict)  # what (singular noun) -> how many
    conflicts: list[Conflict] = field(default_factory=list)
    resolved: list[tuple[Conflict, str]] = field(default_factory=list)  # conflict, ours/theirs
    not_carried: list[str] = field(default_factory=list)  # documents whose text differs

    def count(self, what: str) -> None:
        self.added[what] = self.added.get(what, 0) + 1

    @property
    def changed(self) -> bool:
        return bool(self.added) or any(side == "theirs" for _, side in self.resolved)


Progress = Callable[[int, int], None]


def _aware(value: datetime) -> datetime:
    """SQLite returns naive UTC times, PostgreSQL aware ones: compare them as aware."""
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value


class _Merger:
    """One merge: the source rows read per case, the target written in the caller's session."""

    def __init__(
        self,
        source: Session,
        target: Session,
        include_text: bool,
        prefer: str | None,
        choices: dict[str, str],
    ) -> None:
        self.source, self.target = source, target
        self.include_text = include_text
        self.prefer = prefer
        self.choices = choices
        self.report = MergeReport()

    # -- deciding conflicts ----------------------------------------------------
    def _take_theirs(self, conflict: Conflict) -> bool | None:
        """True/False once decided, None when nobody chose (the merge will be refused)."""
        choice = self.choices.get(conflict.key, self.prefer)
        if choice is None:
            self.report.conflicts.append(conflict)
            return None
        if choice == "newest":
            ours, theirs = conflict.ours_at, conflict.theirs_at
            take = bool(ours and theirs and _aware(theirs) > _aware(ours))
        else:
            take = choice == "theirs"
        self.report.resolved.append((conflict, "theirs" if take else "ours"))
        audit(
            self.target,
            "casereview merge",
            "merge_conflict",
            conflict.kind,
            None,
            {"key": conflict.key, "value": conflict.ours},
            {"key": conflict.key, "value": conflict.theirs, "taken": "theirs" if take else "ours"},
        )
        return take

    # -- structure -------------------------------------------------------------
    def round(self, place: Municipality, review_round: Round) -> tuple[Round, str]:
        municipality = get_or_create_municipality(self.target, place.name, place.kommunekode)
        existing = self.target.exec(
            select(Round).where(
                Round.municipality_id == municipality.id,
                Round.kind == review_round.kind,
                Round.label == review_round.label,
            )
        ).first()
        if existing is None:
            self.report.count("runde")
        target = existing or get_or_create_round(
            self.target, municipality, review_round.kind, review_round.label
        )
        label = f" ({review_round.label})" if review_round.label else ""
        return target, f"{place.name}/{review_round.kind}{label}"

    def case(self, target_round: Round, case: Case) -> Case:
        existing = self.target.exec(
            select(Case).where(Case.round_id == target_round.id, Case.ref == case.ref)
        ).first()
        if existing is not None:
            return existing
        self.report.count("sag")
        return get_or_create_case(self.target, target_round, case.ref, case.position)

    def documents(self, source_case: Case, target_case: Case, where: str) -> dict[int, Document]:
        """Source document id -> the matching target document (created when missing)."""
        ours = {
            d.source_sha256: d
            for d in self.target.exec(select(Document).where(Document.case_id == target_case.id))
        }
        mapping: dict[int, Document] = {}
        for doc in self.source.exec(select(Document).where(Document.case_id == source_case.id)):
            match = ours.get(doc.source_sha256)
            if match is None:
                match = self._new_document(doc, row_id(target_case.id))
            elif doc.text_sha256 and match.text_sha256 and doc.text_sha256 != match.text_sha256:
                self.report.not_carried.append(f"{where}/{doc.source_name}")
                continue
            elif match.text is None and doc.text is not None and self.include_text:
                match.text, match.text_sha256 = doc.text, doc.text_sha256
                self.target.add(match)
                self.report.count("tekst")
            mapping[doc.id] = match
        return mapping

    def _new_document(self, doc: Document, case_id: int) -> Document:
        text = doc.text if self.include_text else None
        new = Document(
            case_id=case_id,
            kind=doc.kind,
            source_name=doc.source_name,
            source_sha256=doc.source_sha256,
            text=text,
            text_sha256=doc.text_sha256,
            masked=doc.masked,
            imported_at=doc.imported_at,
            score_key=doc.score_key,
            flags=doc.flags,
            engine_version=doc.engine_version,
            scored_at=doc.scored_at,
        )
        self.target.add(new)
        self.target.flush()
        for f in self.source.exec(select(Finding).where(Finding.document_id == doc.id)):
            data = f.model_dump(exclude={"id", "document_id", "text"})
            self.target.add(
                Finding(**data, document_id=new.id, text=f.text if self.include_text else None)
            )
        self.report.count("dokument")
        return new

    # -- human work --------------------------------------------------------------
    def judgements(self, source_case: Case, target_case: Case, where: str) -> None:
        ours = {
            (j.indicator, j.reviewer): j
            for j in self.target.exec(select(Judgement).where(Judgement.case_id == target_case.id))
        }
        for j in self.source.exec(select(Judgement).where(Judgement.case_id == source_case.id)):
            mine = ours.get((j.indicator, j.reviewer))
            if mine is None:
                self.target.add(
                    Judgement(
                        case_id=target_case.id,
                        indicator=j.indicator,
                        reviewer=j.reviewer,
                        value=j.value,
                        note=j.note,
                        updated_at=j.updated_at,
                    )
                )
                self.report.count("vurdering")
                continue
            if mine.value == j.value:
                if (
                    j.note
                    and j.note != mine.note
                    and (not mine.note or _aware(j.updated_at) > _aware(mine.updated_at))
                ):
                    mine.note, mine.updated_at = j.note, j.updated_at
                    self.target.add(mine)
                    self.report.count("note")
                continue
            conflict = Conflict(
                "judgement",
                f"{where}/{target_case.ref}/{j.indicator}/{j.reviewer}",
                mine.value,
                j.value,
                mine.updated_at,
                j.updated_at,
            )
            if self._take_theirs(conflict):
                mine.value, mine.note, mine.updated_at = j.value, j.note, j.updated_at
                self.target.add(mine)

    def adjudications(self, source_case: Case, target_case: Case, where: str) -> None:
        ours = {
            a.indicator: a
            for a in self.target.exec(
                select(Adjudication).where(Adjudication.case_id == target_case.id)
            )
        }
        for a in self.source.exec(
            select(Adjudication).where(Adjudication.case_id == source_case.id)
        ):
            mine = ours.get(a.indicator)
            if mine is None:
                data = a.model_dump(exclude={"id", "case_id"})
                self.target.add(Adjudication(**data, case_id=target_case.id))
                self.report.count("afgørelse")
            elif mine.value != a.value:
                conflict = Conflict(
                    "adjudication",
                    f"{where}/{target_case.ref}/{a.indicator}/afgørelse",
                    mine.value,
                    a.value,
                    mine.decided_at,
                    a.decided_at,
                )
                if self._take_theirs(conflict):
                    mine.value, mine.reason = a.value, a.reason
                    mine.adjudicator, mine.decided_at = a.adjudicator, a.decided_at
                    self.target.add(mine)

    def spans(self, documents: dict[int, Document], where: str) -> None:
        if not documents:
            return
        for d in self.source.exec(
            select(FindingDecision).where(col(FindingDecision.document_id).in_(list(documents)))
        ):
            doc = documents[d.document_id]
            mine = self.target.exec(
                select(FindingDecision).where(
                    FindingDecision.document_id == doc.id,
                    FindingDecision.indicator == d.indicator,
                    FindingDecision.start == d.start,
                    FindingDecision.end == d.end,
                    FindingDecision.rule == d.rule,
                    FindingDecision.reviewer == d.reviewer,
                )
            ).first()
            if mine is None:
                data = d.model_dump(exclude={"id", "document_id"})
                self.target.add(FindingDecision(**data, document_id=doc.id))
                self.report.count("beslutning om fund")
            elif mine.decision != d.decision:
                conflict = Conflict(
                    "finding_decision",
                    f"{where}/{doc.source_name}/{d.indicator}/{d.start}-{d.end}/{d.reviewer}",
                    mine.decision,
                    d.decision,
                    mine.updated_at,
                    d.updated_at,
                )
                if self._take_theirs(conflict):
                    mine.decision, mine.updated_at = d.decision, d.updated_at
                    self.target.add(mine)
        for s in self.source.exec(
            select(EvidenceSpan).where(col(EvidenceSpan.document_id).in_(list(documents)))
        ):
            doc = documents[s.document_id]
            exists = self.target.exec(
                select(EvidenceSpan.id).where(
                    EvidenceSpan.document_id == doc.id,
                    EvidenceSpan.reviewer == s.reviewer,
                    EvidenceSpan.indicator == s.indicator,
                    EvidenceSpan.start == s.start,
                    EvidenceSpan.end == s.end,
                )
            ).first()
            if exists is None:
                text = doc.text[s.start : s.end] if doc.text else None
                if text is None and self.include_text:
                    text = s.text
                data = s.model_dump(exclude={"id", "document_id", "text"})
                self.target.add(EvidenceSpan(**data, document_id=doc.id, text=text))
                self.report.count("markering")

    def conclusions(self, source_round: Round, target_round: Round, where: str) -> None:
        ours = {
            c.topic: c
            for c in self.target.exec(
                select(Conclusion).where(Conclusion.round_id == target_round.id)
            )
        }
        for c in self.source.exec(select(Conclusion).where(Conclusion.round_id == source_round.id)):
            mine = ours.get(c.topic)
            if mine is None:
                data = c.model_dump(exclude={"id", "round_id"})
                self.target.add(Conclusion(**data, round_id=target_round.id))
                self.report.count("konklusion")
            elif mine.text != c.text:
                conflict = Conflict(
                    "conclusion",
                    f"{where}/konklusion/{c.topic}",
                    _short(mine.text),
                    _short(c.text),
                    mine.written_at,
                    c.written_at,
                )
                if self._take_theirs(conflict):
                    mine.text, mine.author, mine.written_at = c.text, c.author, c.written_at
                    self.target.add(mine)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "…"


def merge_stores(
    source: Store,
    target: Store,
    municipality: str | None = None,
    kind: str | None = None,
    include_text: bool = False,
    prefer: str | None = None,
    choices: dict[str, str] | None = None,
    progress: Progress | None = None,
    origin: str = "",
) -> MergeReport:
    """Merge ``source``'s rounds (all, or the chosen ones) into ``target`` in one transaction."""
    if prefer is not None and prefer not in CHOICES:
        raise CasereviewError(f"ukendt valg '{prefer}' (brug {', '.join(CHOICES)})")
    for key, choice in (choices or {}).items():
        if choice not in ("ours", "theirs"):
            raise CasereviewError(f"ukendt valg '{choice}' for {key} (brug ours eller theirs)")
    with source.session() as reading:
        rounds = find_rounds(reading, municipality, kind)
        total = sum(len(cases_of(reading, row_id(r.id))) for _, r in rounds)
        with target.session() as writing:
            merger = _Merger(reading, writing, include_text, prefer, choices or {})
            done = 0
            # Flushed once per case: within a case the source's keys are unique, so no query
            # needs the rows still pending, and autoflush before every query costs time.
            writing.autoflush = False
            for place, source_round in rounds:
                target_round, where = merger.round(place, source_round)
                for case in cases_of(reading, row_id(source_round.id)):
                    target_case = merger.case(target_round, case)
                    documents = merger.documents(case, target_case, where)
                    merger.judgements(case, target_case, where)
                    merger.adjudications(case, target_case, where)
                    merger.spans(documents, f"{where}/{case.ref}")
                    writing.flush()
                    done += 1
                    if progress is not None:
                        progress(done, total)
                merger.conclusions(source_round, target_round, where)
            report = merger.report
            if report.conflicts:
                raise MergeConflictError(_conflict_message(report.conflicts))
            if report.changed:
                audit(
                    writing,
                    "casereview merge",
                    "merge",
                    "store",
                    None,
                    None,
                    {
                        "from": origin,
                        "added": report.added,
                        "conflicts": [(c.key, side) for c, side in report.resolved],
                    },
                )
    return report


def _conflict_message(conflicts: list[Conflict]) -> str:
    lines = "\n".join(f"  {c.describe()}" for c in conflicts)
    return (
        f"{plural(len(conflicts), 'konflikt')}: samme nøgle har forskellig værdi her og i filen. "
        f"Intet er flettet.\n{lines}\n"
        "Vælg med --prefer ours (behold denne databases), --prefer theirs (brug filens), "
        "--prefer newest (den senest ændrede) eller pr. konflikt med --choose NØGLE=theirs."
    )


def open_source(path: Path) -> Store:
    """A review file to merge from: it must exist and be a casereview database."""
    if not path.is_file():
        raise CasereviewError("filen findes ikke", path)
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            raise CasereviewError("filen er ikke en casereview-database (SQLite)", path)
    return open_store(str(path))


def export_review(
    source: Store,
    path: Path,
    municipality: str | None = None,
    kind: str | None = None,
    include_text: bool = False,
) -> MergeReport:
    """Write the chosen rounds' review work to a new SQLite file, renamed into place when complete."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise CasereviewError("mappen til outputfilen findes ikke", path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    os.close(fd)
    os.unlink(tmp)  # open_store creates it with owner-only permissions
    temporary = Path(tmp)
    try:
        target = open_store(str(temporary))
        try:
            report = merge_stores(
                source, target, municipality, kind, include_text, origin=str(path)
            )
        finally:
            target.close()
        os.replace(temporary, path)
    finally:
        for leftover in (temporary, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return report
