"""Merging offline reviews: stable keys, idempotent, conflicts reported and chosen, atomic."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlmodel import func, select

from casereview.storage.database import open_store
from casereview.storage.models import Case, Document, Finding
from casereview.storage.repository import add_evidence, set_judgement
from casereview.storage.review_models import AuditEvent, EvidenceSpan, Judgement
from casereview.storage.verdict_models import Adjudication
from casereview.storage.verdicts import set_adjudication


def _copy(seed: Path, target: Path) -> str:
    shutil.copy(seed, target)
    return str(target)


def _count(db: str, model) -> int:
    store = open_store(db)
    with store.session() as session:
        n = session.exec(select(func.count()).select_from(model)).one()
    store.close()
    return n


def _judge(db: str, reviewer: str, answers: dict[tuple[int, str], str]) -> None:
    store = open_store(db)
    with store.session() as session:
        for (case_id, indicator), value in answers.items():
            set_judgement(session, case_id, indicator, reviewer, value, f"{reviewer}s note")
    store.close()


def _judgements(db: str) -> set[tuple]:
    store = open_store(db)
    with store.session() as session:
        rows = session.exec(select(Case.ref, Judgement).join(Case, Case.id == Judgement.case_id))
        out = {(ref, j.indicator, j.reviewer, j.value) for ref, j in rows}
    store.close()
    return out


def test_merge_adds_everything_once_and_twice_changes_nothing(scored_round, tmp_path, run_cli):
    lead = _copy(scored_round, tmp_path / "lead.db")
    anne = _copy(scored_round, tmp_path / "anne.db")
    _judge(anne, "anne", {(1, "hwd"): "ja", (2, "hwd"): "nej", (3, "resources"): "delvist"})
    store = open_store(anne)
    with store.session() as session:
        add_evidence(session, 1, "anne", "hwd", 0, 10)
        set_adjudication(session, 2, "hwd", "nej", "klart", "anne")
    store.close()
    code, out, err = run_cli("merge", anne, "--db", lead)
    assert code == 0, err
    assert "3 vurderinger" in out and "1 markering" in out and "1 afgørelse," in out
    assert _judgements(lead) == {
        ("sag-01", "hwd", "anne", "ja"),
        ("sag-02", "hwd", "anne", "nej"),
        ("sag-03", "resources", "anne", "delvist"),
    }
    counts = {m: _count(lead, m) for m in (Judgement, EvidenceSpan, Adjudication, AuditEvent, Case)}
    code, out, err = run_cli("merge", anne, "--db", lead)
    assert code == 0 and "Intet nyt" in out
    assert {m: _count(lead, m) for m in counts} == counts  # not even an audit event
    assert _count(lead, Document) == 4  # matched by content hash, never duplicated


def test_conflict_is_reported_nothing_written_until_chosen(scored_round, tmp_path, run_cli):
    lead = _copy(scored_round, tmp_path / "lead.db")
    other = _copy(scored_round, tmp_path / "other.db")
    _judge(lead, "anne", {(1, "hwd"): "ja"})
    _judge(other, "anne", {(1, "hwd"): "nej", (2, "hwd"): "ja"})
    before = _judgements(lead)
    code, out, err = run_cli("merge", other, "--db", lead)
    assert code == 1
    assert "Testkommune/baseline/sag-01/hwd/anne: her 'ja', i filen 'nej'" in err
    assert "Intet er flettet" in err and "--prefer" in err
    assert _judgements(lead) == before  # not even the pair without a conflict
    key = "Testkommune/baseline/sag-01/hwd/anne"
    code, out, err = run_cli("merge", other, "--db", lead, "--choose", f"{key}=theirs")
    assert code == 0, err
    assert ("sag-01", "hwd", "anne", "nej") in _judgements(lead)
    assert ("sag-02", "hwd", "anne", "ja") in _judgements(lead)
    store = open_store(lead)
    with store.session() as session:
        kept = session.exec(select(AuditEvent).where(AuditEvent.action == "merge_conflict")).one()
    store.close()
    assert kept.before["value"] == "ja" and kept.after["taken"] == "theirs"  # nothing lost


def test_prefer_ours_keeps_this_databases_value(scored_round, tmp_path, run_cli):
    lead = _copy(scored_round, tmp_path / "lead.db")
    other = _copy(scored_round, tmp_path / "other.db")
    _judge(lead, "anne", {(1, "hwd"): "ja"})
    _judge(other, "anne", {(1, "hwd"): "nej"})
    code, out, _ = run_cli("merge", other, "--db", lead, "--prefer", "ours")
    assert code == 0 and "Konflikt løst (denne databases værdi)" in out
    assert _judgements(lead) == {("sag-01", "hwd", "anne", "ja")}


def test_export_review_carries_no_text_unless_asked(scored_round, tmp_path, run_cli):
    anne = _copy(scored_round, tmp_path / "anne.db")
    _judge(anne, "anne", {(1, "hwd"): "ja"})
    out_file = tmp_path / "anne-review.db"
    code, out, err = run_cli(
        "export-review", "-m", "Testkommune", "-r", "baseline", "-o", str(out_file), "--db", anne
    )
    assert code == 0, err
    assert "uden sagstekst" in out
    assert out_file.stat().st_mode & 0o077 == 0
    raw = out_file.read_bytes()
    assert b"fritidsjob" not in raw and b"reparere cykler" not in raw
    store = open_store(str(out_file))
    with store.session() as session:
        assert all(d.text is None for d in session.exec(select(Document)))
        assert all(f.text is None for f in session.exec(select(Finding)))
        assert session.exec(select(func.count()).select_from(Finding)).one() > 0
    store.close()
    empty = str(tmp_path / "fresh.db")
    code, _, err = run_cli("merge", str(out_file), "--db", empty)
    assert code == 0, err
    assert _judgements(empty) == {("sag-01", "hwd", "anne", "ja")}
    with_text = tmp_path / "with-text.db"
    code, out, _ = run_cli("export-review", "-o", str(with_text), "--include-text", "--db", anne)
    assert code == 0 and b"fritidsjob" in with_text.read_bytes()


def test_bad_merge_files_are_danish_errors(tmp_path, run_cli):
    missing = tmp_path / "ingen.db"
    code, _, err = run_cli("merge", str(missing), "--db", str(tmp_path / "x.db"))
    assert code == 2 and "ingen.db: filen findes ikke" in err
    text = tmp_path / "noter.db"
    text.write_text("ikke en database")
    code, _, err = run_cli("merge", str(text), "--db", str(tmp_path / "x.db"))
    assert (
        code == 2
        and "noter.db: filen er ikke en casereview-database" in err
        and "Traceback" not in err
    )


def test_merge_into_postgresql(scored_round, tmp_path, pg_url, run_cli):
    anne = _copy(scored_round, tmp_path / "anne.db")
    _judge(anne, "anne", {(1, "hwd"): "ja", (4, "network"): "nej"})
    code, _, err = run_cli("merge", anne, "--db", pg_url, "--include-text")
    assert code == 0, err
    code, out, _ = run_cli("merge", anne, "--db", pg_url)
    assert code == 0 and "Intet nyt" in out
    assert _judgements(pg_url) == {
        ("sag-01", "hwd", "anne", "ja"),
        ("sag-04", "network", "anne", "nej"),
    }


def _big_source(path: Path, cases: int) -> None:
    """A review file with many cases and judgements, written in bulk."""
    open_store(str(path)).close()
    con = sqlite3.connect(path)
    with con:
        con.execute("INSERT INTO municipality (id, name) VALUES (1, 'Storby')")
        con.execute(
            "INSERT INTO review_round (id, municipality_id, kind, label, created_at) "
            "VALUES (1, 1, 'baseline', '', CURRENT_TIMESTAMP)"
        )
        con.executemany(
            "INSERT INTO citizen_case (id, round_id, ref, position) VALUES (?, 1, ?, ?)",
            [(i, f"sag-{i:05d}", i) for i in range(1, cases + 1)],
        )
        con.executemany(
            "INSERT INTO judgement (case_id, indicator, reviewer, value, note, updated_at) "
            "VALUES (?, ?, 'bo', 'ja', '', CURRENT_TIMESTAMP)",
            [(i, ind) for i in range(1, cases + 1) for ind in ("hwd", "resources", "network")],
        )
    con.close()


def test_kill_9_mid_merge_leaves_nothing_half_written(tmp_path):
    source = tmp_path / "bo.db"
    _big_source(source, 500)
    target = tmp_path / "lead.db"
    open_store(str(target)).close()
    process = subprocess.Popen(
        [sys.executable, "-m", "casereview", "merge", str(source), "--db", str(target)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    for line in process.stderr:
        if line.startswith("Fletter sag 50 af"):  # well inside the transaction
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    con = sqlite3.connect(target)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("SELECT count(*) FROM citizen_case").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM judgement").fetchone() == (0,)
    con.close()
    done = subprocess.run(
        [sys.executable, "-m", "casereview", "merge", str(source), "--db", str(target)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    con = sqlite3.connect(target)
    assert con.execute("SELECT count(*) FROM judgement").fetchone() == (1500,)
    con.close()


def test_spans_on_a_document_whose_text_differs_are_reported_not_merged(
    scored_round, tmp_path, run_cli
):
    lead = _copy(scored_round, tmp_path / "lead.db")
    anne = _copy(scored_round, tmp_path / "anne.db")
    _judge(anne, "anne", {(1, "hwd"): "ja"})
    store = open_store(anne)
    with store.session() as session:
        add_evidence(session, 1, "anne", "hwd", 0, 10)
        document = session.get(Document, 1)
        document.text_sha256 = "0" * 64  # masked differently on anne's machine
        session.add(document)
    store.close()
    code, out, err = run_cli("merge", anne, "--db", lead)
    assert code == 0, err
    assert "teksten er ikke den samme her og i filen" in err and "notat.txt" in err
    assert _count(lead, EvidenceSpan) == 0
    assert _judgements(lead) == {("sag-01", "hwd", "anne", "ja")}  # judgements are per case


def test_prefer_newest_takes_the_later_answer_either_way(scored_round, tmp_path, run_cli):
    lead = _copy(scored_round, tmp_path / "lead.db")
    other = _copy(scored_round, tmp_path / "other.db")
    _judge(lead, "anne", {(1, "hwd"): "ja"})
    _judge(other, "anne", {(1, "hwd"): "nej"})  # later: the file's answer wins
    _judge(lead, "anne", {(2, "hwd"): "delvist"})
    _judge(other, "anne", {(2, "hwd"): "ja"})
    _judge(lead, "anne", {(2, "hwd"): "nej"})  # later here: this database's answer stays
    code, out, err = run_cli("merge", other, "--db", lead, "--prefer", "newest")
    assert code == 0, err
    assert _judgements(lead) == {("sag-01", "hwd", "anne", "nej"), ("sag-02", "hwd", "anne", "nej")}
