"""Importing a round of case files into the store, masked, idempotent, checked first.

``PATH`` is a folder with one sub-folder per case (``PATH/<case-ref>/*``), a
single file, or a .csv/.jsonl with ``case``, ``kind`` and ``text``. Every
document is masked before it is written. Every file is checked before
anything is written: a bad file aborts the import, naming the file and the
reason, and the database is as before; with ``skip_bad`` the rest is
imported and the bad files are listed. The writing commits one case at a
time, so nobody else waits long for the database. A file already imported
into the same case (same sha256) is skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from casereview.errors import CasereviewError, InputFileError, printable
from casereview.ingest.layout import check_round_layout
from casereview.ingest.masking import mask, mask_text, pseudonym
from casereview.ingest.readers import SUPPORTED, guess_kind, read_document
from casereview.ingest.walk import Skipped, refusal, walk_files
from casereview.storage.database import Store
from casereview.storage.models import Document
from casereview.storage.queries import StoreSession, add_document, has_document, round_by_id
from casereview.storage.repository import (
    cases_of,
    get_or_create_case,
    get_or_create_municipality,
    get_or_create_round,
)
from casereview.textio import clean_text, iter_jsonl_objects
from casereview.values import DOCUMENT_KINDS
from casereview.wording import plural

EXPECTED_CASES = 10


@dataclass(frozen=True)
class Source:
    """One document to import: its case, a display name and how to get (bytes, text)."""

    case_ref: str
    name: str
    kind: str
    load: Callable[[], tuple[bytes, str]]


@dataclass
class ImportReport:
    imported: list[tuple[str, str, str, dict]] = field(
        default_factory=list
    )  # case, name, kind, masked
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # name, reason
    renamed: dict[str, str] = field(default_factory=dict)  # pseudonym, why
    cases_in_round: int = 0
    municipality: str = ""  # the stored name (an existing one matched ignoring case)
    warnings: list[str] = field(default_factory=list)

    @property
    def masked_total(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for *_, masked in self.imported:
            for key, value in masked.items():
                totals[key] = totals.get(key, 0) + value
        return totals


def _file_source(case_ref: str, path: Path, kind: str | None) -> Source:
    return Source(case_ref, str(path), kind or guess_kind(path.name), lambda: read_document(path))


def _case_folders(folder: Path) -> tuple[list[Path], list[Skipped]]:
    """The case sub-folders of ``folder``; hidden folders and links are refused with a reason."""
    check_round_layout(folder)  # a round folder one level too deep: say what to run instead
    cases: list[Path] = []
    refused: list[Skipped] = []
    loose: list[Path] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise InputFileError(f"mappen kan ikke læses ({exc.strerror})", folder) from None
    for entry in entries:
        reason = refusal(entry)
        if reason:
            refused.append(Skipped(Path(entry.path), reason))
        elif entry.is_dir(follow_symlinks=False):
            cases.append(Path(entry.path))
        else:
            loose.append(Path(entry.path))
    if loose and not cases:
        raise InputFileError(
            "mappen skal have én undermappe pr. sag (MAPPE/<sagsnavn>/filer)", folder
        )
    # A file beside the case folders belongs to no case: said, never silently dropped.
    refused.extend(
        Skipped(path, "ligger uden for en sagsmappe; læg den i sagens mappe") for path in loose
    )
    return cases, refused


def _folder_sources(folder: Path, kind: str | None, refused: list[Skipped]) -> Iterator[Source]:
    cases, skipped = _case_folders(folder)
    refused.extend(skipped)
    for case_dir in cases:
        files = []
        for item in walk_files(case_dir, None):
            if isinstance(item, Skipped):
                if item.path == case_dir:  # the case folder itself cannot be read
                    raise InputFileError(item.reason, item.path)
                refused.append(item)
            else:
                files.append(item)
        if not files:
            raise InputFileError("sagsmappen er tom", case_dir)
        for file in files:
            yield _file_source(case_dir.name, file, kind)


def _row_source(path: Path, number: int, row: dict, kind: str | None) -> Source:
    case, text = row.get("case"), row.get("text")
    if not isinstance(case, str) or not case.strip() or not isinstance(text, str):
        raise InputFileError(f"række {number} skal have 'case' og 'text'", path)
    row_kind = kind or row.get("kind") or "andet"
    if row_kind not in DOCUMENT_KINDS:
        raise InputFileError(f"række {number} har ukendt dokumenttype '{row_kind}'", path)
    data = text.encode("utf-8")

    def load() -> tuple[bytes, str]:
        clean = clean_text(text)  # NUL, control characters and escapes out, NFC, as for files
        if not clean.strip():
            raise InputFileError(f"række {number} har ingen tekst", path)
        return data, clean

    return Source(case.strip(), f"{path}:{number}", row_kind, load)


def _table_sources(path: Path, kind: str | None) -> Iterator[Source]:
    if path.suffix.lower() == ".jsonl":
        for number, row in iter_jsonl_objects(path):
            yield _row_source(path, number, row, kind)
        return
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError("filen er ikke UTF-8", path) from None
    except OSError as exc:
        raise InputFileError(f"filen kan ikke læses ({exc.strerror})", path) from None
    try:
        dialect = csv.Sniffer().sniff(raw[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(raw), dialect=dialect)
    if not reader.fieldnames or not {"case", "text"} <= set(reader.fieldnames):
        raise InputFileError(
            "CSV-filen skal have kolonnerne 'case' og 'text' (og evt. 'kind')", path
        )
    for number, row in enumerate(reader, start=2):
        yield _row_source(path, number, row, kind)


def sources(
    path: Path,
    kind: str | None = None,
    case_ref: str | None = None,
    refused: list[Skipped] | None = None,
) -> Iterator[Source]:
    """The documents under ``path``, in a stable order; what is refused goes to ``refused``."""
    if kind is not None and kind not in DOCUMENT_KINDS:
        raise CasereviewError(f"ukendt dokumenttype '{kind}' (brug {', '.join(DOCUMENT_KINDS)})")
    if not path.exists():
        raise InputFileError("stien findes ikke", path)
    if path.is_dir():
        yield from _folder_sources(path, kind, refused if refused is not None else [])
    elif path.suffix.lower() in {".csv", ".jsonl"}:
        yield from _table_sources(path, kind)
    elif path.suffix.lower() in SUPPORTED:
        yield _file_source(case_ref or path.stem, path, kind)
    else:
        raise InputFileError(f"filtypen '{path.suffix or '(ingen)'}' understøttes ikke", path)


def _write_case(
    session: StoreSession,
    round_id: int,
    reference: str,
    position: int,
    case_sources: list[Source],
    report: ImportReport,
) -> None:
    review_round = round_by_id(session, round_id)
    case = get_or_create_case(session, review_round, reference, position)
    assert case.id is not None
    for source in case_sources:
        data, text = source.load()
        digest = hashlib.sha256(data).hexdigest()
        if has_document(session, case.id, digest):
            report.duplicates.append((reference, mask_text(printable(source.name))))
            continue
        masked = mask(text)
        document = Document(
            case_id=case.id,
            kind=source.kind,
            source_name=mask_text(printable(Path(source.name).name)),
            source_sha256=digest,
            text=masked.text,
            text_sha256=hashlib.sha256(masked.text.encode("utf-8")).hexdigest(),
            masked=masked.counts,
        )
        add_document(session, document)
        report.imported.append(
            (reference, mask_text(printable(source.name)), source.kind, masked.counts)
        )


def import_round(
    store: Store,
    path: Path,
    municipality: str,
    round_kind: str,
    label: str = "",
    kind: str | None = None,
    skip_bad: bool = False,
    case_ref: str | None = None,
    on_document: Callable[[str], None] | None = None,
) -> ImportReport:
    """Import every document under ``path`` into one round: checked first, then one case at a time.

    Every file is read and checked before anything is written, so a bad file
    still leaves the database as it was; the writing then commits per case,
    so other processes (a reviewer, a second import) are never locked out
    for longer than one case takes. Killed half-way, a re-run completes the
    import (files already imported are recognised by checksum).
    """
    report = ImportReport()
    refused: list[Skipped] = []
    by_case: dict[str, list[Source]] = {}
    for source in sources(path, kind, case_ref, refused):
        if on_document:
            on_document(mask_text(printable(source.name)))
        try:
            source.load()  # read and checked now, read again when written
        except InputFileError as exc:
            if not skip_bad:
                raise
            report.skipped.append((mask_text(printable(source.name)), exc.message))
            continue
        reference = pseudonym(source.case_ref)
        if reference != unicodedata.normalize("NFC", printable(source.case_ref).strip()):
            report.renamed[reference] = (
                "sagsnavnet indeholdt et personnummer, telefonnummer eller en e-mailadresse"
            )
        by_case.setdefault(reference, []).append(source)
    report.skipped.extend((mask_text(printable(str(item.path))), item.reason) for item in refused)
    if not by_case:
        passed_by = "; ".join(f"{Path(name).name}: {why}" for name, why in report.skipped)
        raise InputFileError(
            "der var ingen dokumenter at importere; intet er skrevet"
            + (f" (sprunget over: {passed_by})" if passed_by else ""),
            path,
        )
    with store.session() as session:
        name = unicodedata.normalize("NFC", printable(municipality))
        place = get_or_create_municipality(session, name)
        round_id = get_or_create_round(session, place, round_kind, label).id
        assert round_id is not None  # flushed rows have their ids
        report.municipality = place.name
        positions = {c.ref: c.position for c in cases_of(session, round_id)}
    for reference, case_sources in by_case.items():
        position = positions.setdefault(reference, len(positions) + 1)
        with store.session() as session:  # one short transaction per case
            _write_case(session, round_id, reference, position, case_sources, report)
    with store.session() as session:
        report.cases_in_round = len(cases_of(session, round_id))
    if report.cases_in_round != EXPECTED_CASES:
        report.warnings.append(
            f"runden har {plural(report.cases_in_round, 'sag')}; metoden siger ti nyere sager pr. runde"
        )
    return report
