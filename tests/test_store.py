"""The case store on SQLite and PostgreSQL: import, masking, scoring, judgements, export, purge."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time
from pathlib import Path

import pytest
from sqlmodel import func, select

from casereview.errors import InputFileError
from casereview.ingest.importer import import_round
from casereview.scoring import score_rounds
from casereview.storage.database import open_store
from casereview.storage.models import Case, Document, Finding, Round
from casereview.storage.repository import decide_finding, find_rounds, set_judgement
from casereview.storage.review_models import AuditEvent, FindingDecision, Judgement
from tests.files import make_encrypted_pdf, make_pdf, make_scanned_pdf

CPR_DIGITS = [b"010190-1234", b"0101901234", b"2412851234", b"22 33 44 55", b"bo@eksempel.dk"]


def _count(store, model) -> int:
    with store.session() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _round_ids(store, municipality="Testkommune", kind="baseline") -> list[int]:
    with store.session() as session:
        return [r.id for _, r in find_rounds(session, municipality, kind)]


def test_import_reads_every_format_and_masks(db_url, case_folder):
    store = open_store(db_url)
    report = import_round(store, case_folder, "Testkommune", "baseline")
    assert [(c, Path(n).name, k) for c, n, k, _ in report.imported] == [
        ("sag-01", "handleplan.txt", "handleplan"),
        ("sag-02", "udredning.docx", "udredning"),
        ("sag-03", "statusnotat.pdf", "statusnotat"),
    ]
    assert report.masked_total == {"cpr": 2, "phone": 1, "email": 1}
    assert report.warnings == ["runden har 3 sager; metoden siger ti nyere sager pr. runde"]
    with store.session() as session:
        texts = {d.source_name: d.text for d in session.exec(select(Document)).all()}
    assert "ønsker og mål" in texts["handleplan.txt"]  # cp1252 decoded
    assert "Ressourcer | Kan selv handle ind" in texts["udredning.docx"]  # table rows in order
    assert "Carina drømmer om at få en hund." in texts["statusnotat.pdf"]
    assert "[CPR]" in texts["handleplan.txt"] and "[TLF]" in texts["handleplan.txt"]
    assert "[EMAIL]" in texts["udredning.docx"] and "[CPR]" in texts["statusnotat.pdf"]
    store.close()


def test_reimport_is_idempotent(db_url, case_folder):
    store = open_store(db_url)
    import_round(store, case_folder, "Testkommune", "baseline")
    again = import_round(store, case_folder, "Testkommune", "baseline")
    assert again.imported == [] and len(again.duplicates) == 3
    assert _count(store, Document) == 3
    store.close()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("tom.txt", lambda p: p.write_bytes(b""), "filen er tom"),
        (
            "ødelagt.pdf",
            lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj garbage"),
            "PDF-filen er beskadiget",
        ),
        ("scannet.pdf", make_scanned_pdf, "intet tekstlag"),
        ("ødelagt.docx", lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "Word-dokument"),
        ("binær.txt", lambda p: p.write_bytes(bytes(range(256)) * 4), "binær"),
        ("gammel.doc", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0"), "understøttes ikke"),
    ],
)
def test_bad_file_aborts_whole_import(db_url, case_folder, name, make, message):
    store = open_store(db_url)
    make(case_folder / "sag-02" / name)
    with pytest.raises(InputFileError) as info:
        import_round(store, case_folder, "Testkommune", "baseline")
    assert name in info.value.render() and message in info.value.render()
    assert _count(store, Document) == 0 and _count(store, Case) == 0 and _count(store, Round) == 0
    report = import_round(store, case_folder, "Testkommune", "baseline", skip_bad=True)
    assert [Path(n).name for n, _ in report.skipped] == [name]
    assert _count(store, Document) == 3
    store.close()


def test_encrypted_pdf_is_refused(sqlite_url, tmp_path):
    source = make_pdf(tmp_path / "plain.pdf", ["Hun ønsker at flytte."])
    encrypted = make_encrypted_pdf(tmp_path / "låst.pdf", source)
    store = open_store(sqlite_url)
    with pytest.raises(InputFileError, match="krypteret"):
        import_round(store, encrypted, "K", "baseline")
    store.close()


def test_table_import_jsonl_and_csv(sqlite_url, tmp_path):
    rows = tmp_path / "sager.jsonl"
    rows.write_text(
        '{"case": "A", "kind": "handleplan", "text": "Hun drømmer om en have."}\n'
        '{"case": "B", "text": "Han er god til at lave mad."}\n',
        encoding="utf-8",
    )
    table = tmp_path / "sager.csv"
    table.write_text(
        'case;kind;text\nC;udredning;"Hun ønsker, at hun kan flytte; snart."\n', encoding="utf-8"
    )
    store = open_store(sqlite_url)
    import_round(store, rows, "K", "baseline")
    import_round(store, table, "K", "baseline")
    with store.session() as session:
        kinds = sorted(
            (c.ref, d.kind)
            for d, c in session.exec(
                select(Document, Case).join(Case, Case.id == Document.case_id)
            ).all()
        )
    assert kinds == [("A", "handleplan"), ("B", "andet"), ("C", "udredning")]
    store.close()


def test_scoring_is_incremental_and_keeps_human_work(db_url, case_folder):
    store = open_store(db_url)
    import_round(store, case_folder, "Testkommune", "baseline")
    rounds = _round_ids(store)
    first = score_rounds(store, rounds)
    assert (first.scored, first.up_to_date) == (3, 0)
    with store.session() as session:
        finding = session.exec(
            select(Finding)
            .where(Finding.indicator == "hwd", Finding.counts == True)  # noqa: E712
            .order_by(Finding.id)
        ).first()
        case_id = session.get(Document, finding.document_id).case_id
        set_judgement(session, case_id, "hwd", "anne", "ja", "tydeligt ønske")
        decide_finding(
            session,
            finding.document_id,
            "hwd",
            finding.start,
            finding.end,
            finding.rule,
            "anne",
            "accept",
        )
        flags = {d.source_name: d.flags for d in session.exec(select(Document)).all()}
    assert (
        flags["handleplan.txt"]["hwd"]
        and flags["statusnotat.pdf"]["hwd"]
        and flags["udredning.docx"]["resources"]
    )
    assert score_rounds(store, rounds).scored == 0
    with store.session() as session:
        doc = session.exec(select(Document).where(Document.source_name == "handleplan.txt")).one()
        doc.text = doc.text + "\nHun har ingen ønsker."
        doc.text_sha256 = "changed"
        session.add(doc)
    assert score_rounds(store, rounds).scored == 1
    forced = score_rounds(store, rounds, force=True)
    assert forced.scored == 3
    assert _count(store, Judgement) == 1 and _count(store, FindingDecision) == 1
    assert _count(store, AuditEvent) == 2
    store.close()


def test_two_jobs_give_the_same_findings(sqlite_url, tmp_path, case_folder):
    results = []
    for jobs in (1, 2):
        store = open_store(f"sqlite:///{tmp_path / f'j{jobs}.db'}")
        import_round(store, case_folder, "Testkommune", "baseline")
        score_rounds(store, _round_ids(store), jobs=jobs)
        with store.session() as session:
            results.append(
                sorted(
                    (f.indicator, f.start, f.end, f.rule, f.counts)
                    for f in session.exec(select(Finding))
                )
            )
        store.close()
    assert results[0] == results[1] and results[0]


def test_no_identifier_reaches_the_database_or_export(sqlite_url, case_folder, tmp_path, run_cli):
    store = open_store(sqlite_url)
    import_round(store, case_folder, "Testkommune", "baseline")
    score_rounds(store, _round_ids(store))
    db_path = Path(sqlite_url.removeprefix("sqlite:///"))
    with store.engine.connect():  # while open, the WAL and shared-memory files exist
        files = sorted(db_path.parent.glob(db_path.name + "*"))
        assert {f.name for f in files} >= {"sager.db", "sager.db-wal", "sager.db-shm"}
        for file in files:
            data = file.read_bytes()
            assert not any(secret in data for secret in CPR_DIGITS), file
            assert stat.S_IMODE(file.stat().st_mode) == 0o600, file
    store.close()
    code, out, _ = run_cli("export", "--db", sqlite_url, "--include-text")
    assert code == 0 and out
    assert not any(secret.decode() in out for secret in CPR_DIGITS)


def test_export_has_text_only_when_asked(sqlite_url, case_folder, run_cli):
    store = open_store(sqlite_url)
    import_round(store, case_folder, "Testkommune", "baseline")
    score_rounds(store, _round_ids(store))
    with store.session() as session:
        case = session.exec(select(Case).where(Case.ref == "sag-01")).one()
        set_judgement(session, case.id, "hwd", "bo", "delvist", "kort")
    store.close()
    code, out, _ = run_cli("export", "-m", "Testkommune", "-r", "baseline", "--db", sqlite_url)
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 3
    assert all("text" not in r and all("text" not in f for f in r["findings"]) for r in records)
    assert "strikke" not in out
    first = next(r for r in records if r["case"] == "sag-01")
    assert first["judgements"] == [
        {"indicator": "hwd", "reviewer": "bo", "value": "delvist", "note": "kort"}
    ]
    assert first["flags"]["hwd"] is True and first["municipality"] == "Testkommune"
    code, out, _ = run_cli("export", "-m", "Testkommune", "--db", sqlite_url, "--include-text")
    assert "strikke" in out


@pytest.mark.parametrize("keep_scores", [False, True])
def test_purge_removes_text_from_the_file(sqlite_url, case_folder, run_cli, keep_scores):
    store = open_store(sqlite_url)
    import_round(store, case_folder, "Testkommune", "baseline")
    import_round(store, case_folder, "Anden kommune", "baseline")
    score_rounds(store, _round_ids(store) + _round_ids(store, "Anden kommune"))
    store.close()
    args = ["purge", "-m", "Testkommune", "--db", sqlite_url, "--yes"] + (
        ["--keep-scores"] if keep_scores else []
    )
    code, out, err = run_cli(*args)
    assert code == 0, err
    store = open_store(sqlite_url)
    with store.session() as session:
        rows = session.exec(
            select(Document, Case, Round)
            .join(Case, Case.id == Document.case_id)
            .join(Round, Round.id == Case.round_id)
        ).all()
        mine = [d for d, c, r in rows if r.municipality_id == 1]
        other = [d for d, c, r in rows if r.municipality_id == 2]
    assert len(other) == 3 and all(d.text for d in other)  # the other municipality is untouched
    if keep_scores:
        assert len(mine) == 3 and all(d.text is None and d.flags for d in mine)
    else:
        assert mine == []
    store.close()
    db_path = Path(sqlite_url.removeprefix("sqlite:///"))
    data = b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))
    assert data.count(b"god til at strikke") == 1  # only the other municipality's copy is left


def test_sqlite_file_is_owner_only(tmp_path):
    store = open_store(str(tmp_path / "ny" / "sager.db"))
    path = tmp_path / "ny" / "sager.db"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    store.close()


def test_cli_import_bad_file_leaves_database_unchanged(sqlite_url, case_folder, run_cli):
    (case_folder / "sag-03" / "tom.txt").write_bytes(b"")
    code, out, err = run_cli(
        "import", str(case_folder), "-m", "K", "-r", "baseline", "--db", sqlite_url
    )
    assert code == 2 and "tom.txt: filen er tom" in err and "Traceback" not in err
    store = open_store(sqlite_url)
    assert _count(store, Document) == 0
    store.close()
    code, out, err = run_cli(
        "import", str(case_folder), "-m", "K", "-r", "baseline", "--db", sqlite_url, "--skip-bad"
    )
    assert code == 0 and "sprunget over" in err and "Importeret: 3 dokumenter" in out


def test_unknown_round_is_a_danish_error(sqlite_url, run_cli):
    code, _, err = run_cli("score", "-m", "Ingen", "--db", sqlite_url)
    assert code == 2 and "kommunen 'Ingen' findes ikke" in err and "importér sager først" in err


def test_two_processes_write_judgements_at_once(sqlite_url, case_folder, python):
    store = open_store(sqlite_url)
    import_round(store, case_folder, "Testkommune", "baseline")
    with store.session() as session:
        case_ids = list(session.exec(select(Case.id)).all())
    store.close()
    script = (
        "import sys\n"
        "from casereview.storage.database import open_store\n"
        "from casereview.storage.repository import set_judgement\n"
        "store = open_store(sys.argv[1])\n"
        "ids = [int(x) for x in sys.argv[3].split(',')]\n"
        "for n in range(40):\n"
        "    with store.session() as s:\n"
        "        set_judgement(s, ids[n % len(ids)], f'ind{n}', sys.argv[2], 'ja', f'note {n}')\n"
    )
    procs = [
        subprocess.Popen(
            [python, "-c", script, sqlite_url, who, ",".join(map(str, case_ids))],
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in ("anne", "bo")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    store = open_store(sqlite_url)
    assert _count(store, Judgement) == 80 and _count(store, AuditEvent) == 80
    store.close()


def test_kill_during_bulk_scoring_leaves_store_consistent(tmp_path, python):
    db = tmp_path / "stor.db"
    rows = tmp_path / "mange.jsonl"
    texts = [
        "Borgerens ønsker og mål: At få et job. Ressourcer: Er god til at lave mad. " * 20,
        "Han har ingen ønsker. Kommunen ønsker en vurdering. " * 25,
    ]
    rows.write_text(
        "".join(
            json.dumps({"case": f"s{i % 10}", "text": texts[i % 2] + f" nr {i}"}) + "\n"
            for i in range(600)
        ),
        encoding="utf-8",
    )
    store = open_store(str(db))
    import_round(store, rows, "K", "baseline")
    store.close()
    cmd = [python, "-m", "casereview", "score", "-m", "K", "--db", str(db)]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "CI": ""}
    )
    store = open_store(str(db))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with store.session() as session:
            scored = session.exec(select(func.count()).where(Document.score_key.is_not(None))).one()
        if scored >= 64:
            break
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    with store.session() as session:
        docs = session.exec(select(Document)).all()
        with_findings = set(session.exec(select(Finding.document_id).distinct()).all())
        assert session.connection().exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    scored_ids = {d.id for d in docs if d.score_key}
    assert 0 < len(scored_ids) < len(docs)  # killed in the middle
    assert with_findings == scored_ids  # every document has all of its findings or none
    store.close()
    subprocess.run(cmd, check=True, capture_output=True)
    store = open_store(str(db))
    with store.session() as session:
        assert session.exec(select(func.count()).where(Document.score_key.is_(None))).one() == 0
    store.close()
