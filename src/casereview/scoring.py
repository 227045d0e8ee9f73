"""Bulk scoring of stored documents.

Only documents whose text or rule set changed since they were last scored
are scored again (``score_key`` = text hash + rule-set hash), unless forced.
Workers (``jobs`` processes) only score; the main process is the only
writer, and each batch of documents has its findings replaced in one
transaction. Killed at any moment, the store holds each document's old or
new findings, never a mix, and a re-run finishes the job. Human judgements,
decisions and evidence are in other tables and never touched.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlmodel import col, select

from casereview.storage.database import Store
from casereview.storage.models import Case, Document
from casereview.storage.repository import mark_rounds_scored, record_ruleset, replace_findings

BATCH = 32
FINDING_FIELDS = (
    "indicator",
    "start",
    "end",
    "text",
    "counts",
    "negated",
    "experiencer",
    "temporality",
    "section",
    "rule",
    "source",
    "reason",
    "detail",
)


@dataclass
class ScoreReport:
    total: int = 0
    scored: int = 0
    up_to_date: int = 0
    seconds: float = 0.0
    # Documents the engine could not score, with the error's name: they stay
    # unscored (and are tried again next time) without failing their batch.
    failed: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class EngineSpec:
    """How workers build their engine (picklable)."""

    rules_dir: str | None = None
    lexicons_dir: str | None = None
    model: str | None = None


_worker_engine = None


def _init_worker(spec: EngineSpec) -> None:
    global _worker_engine
    from casereview.engine import Engine

    _worker_engine = Engine(spec.rules_dir, spec.lexicons_dir, spec.model)


def _score_batch(batch: list[tuple[int, str]]) -> list[tuple[int, dict | None, list | str]]:
    """(id, flags, findings) per document; (id, None, error name) for one that failed."""
    out: list[tuple[int, dict | None, list | str]] = []

    def failed(doc_id: str, exc: Exception) -> None:
        out.append((int(doc_id), None, exc.__class__.__name__))

    items = ((str(i), text) for i, text in batch)
    for result in _worker_engine.score_many(items, on_error=failed):
        findings = [
            {
                **{k: getattr(f, k) for k in FINDING_FIELDS},
                "cues": [c.id for c in f.cues],
                "cue_details": [asdict(c) for c in f.cues],
            }
            for f in result.findings
        ]
        out.append((int(result.id), result.flags, findings))
    return out


def _pending(
    store: Store, round_ids: list[int], ruleset_hash: str, force: bool
) -> tuple[list[int], int]:
    with store.session() as session:
        rows = session.exec(
            select(Document.id, Document.text_sha256, Document.score_key)
            .join(Case, Case.id == Document.case_id)
            .where(col(Case.round_id).in_(round_ids), col(Document.text).is_not(None))
            .order_by(Document.id)
        ).all()
    pending = [
        doc_id for doc_id, text_hash, key in rows if force or key != f"{text_hash}:{ruleset_hash}"
    ]
    return pending, len(rows)


def _batches(store: Store, ids: list[int]) -> Iterator[list[tuple[int, str]]]:
    """(id, text) batches read lazily, so memory does not grow with the number of documents."""
    for i in range(0, len(ids), BATCH):
        chunk = ids[i : i + BATCH]
        with store.session() as session:
            rows = session.exec(
                select(Document.id, Document.text).where(col(Document.id).in_(chunk))
            ).all()
        yield [(doc_id, text) for doc_id, text in rows if text is not None]


def score_rounds(
    store: Store,
    round_ids: list[int],
    spec: EngineSpec = EngineSpec(),
    jobs: int = 1,
    force: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ScoreReport:
    """Score the documents of these rounds that need it; report how many."""
    from casereview.engine.registry import get_ruleset

    started = time.perf_counter()
    ruleset = get_ruleset(spec.rules_dir, spec.lexicons_dir)  # validates rules before any work
    version = ruleset.engine_version
    pending, total = _pending(store, round_ids, ruleset.hash, force)
    report = ScoreReport(total=total, up_to_date=total - len(pending))
    if on_start:
        on_start(len(pending))
    if pending:
        _score_pending(store, pending, spec, jobs, ruleset.hash, version, report, on_progress)
    with store.session() as session:  # the rounds now show this rule set's indicators
        record_ruleset(session, ruleset.catalogue, version)
        mark_rounds_scored(session, round_ids, ruleset.hash)
    report.seconds = time.perf_counter() - started
    return report


def _score_pending(store, pending, spec, jobs, ruleset_hash, version, report, on_progress) -> None:
    hashes = _text_hashes(store, pending)
    if jobs <= 1:
        _init_worker(spec)
        results = map(_score_batch, _batches(store, pending))
        _write_all(store, results, hashes, ruleset_hash, version, report, on_progress)
    else:
        with multiprocessing.get_context().Pool(
            jobs, initializer=_init_worker, initargs=(spec,)
        ) as pool:
            results = pool.imap(_score_batch, _batches(store, pending))
            _write_all(store, results, hashes, ruleset_hash, version, report, on_progress)


def _text_hashes(store: Store, ids: list[int]) -> dict[int, str]:
    hashes: dict[int, str] = {}
    with store.session() as session:
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            for doc_id, digest in session.exec(
                select(Document.id, Document.text_sha256).where(col(Document.id).in_(chunk))
            ).all():
                hashes[doc_id] = digest
    return hashes


def _write_all(store, results, hashes, ruleset_hash, version, report, on_progress) -> None:
    for batch in results:
        with store.session() as session:  # one transaction per batch: all or nothing
            for doc_id, flags, findings in batch:
                if flags is None:
                    report.failed.append((doc_id, str(findings)))
                    continue
                replace_findings(
                    session,
                    doc_id,
                    findings,
                    flags,
                    f"{hashes[doc_id]}:{ruleset_hash}",
                    ruleset_hash,
                    version,
                )
        report.scored += sum(1 for _, flags, _ in batch if flags is not None)
        if on_progress:
            on_progress(len(batch))


def default_spec(rules: Path | None, lexicons: Path | None, model: str | None) -> EngineSpec:
    return EngineSpec(str(rules) if rules else None, str(lexicons) if lexicons else None, model)
