"""Finding what the user meant: nested round folders, names in any case, suggestions, status."""

from __future__ import annotations

from pathlib import Path

import pytest


def _round(root: Path, cases: tuple[str, ...] = ("sag-01", "sag-02")) -> Path:
    for name in cases:
        (root / name).mkdir(parents=True)
        (root / name / "handleplan.txt").write_text(
            f"{name}: Borgeren ønsker at få et job.", encoding="utf-8"
        )
    return root


def test_round_folder_one_level_too_deep_is_refused_with_the_command(tmp_path, run_cli):
    deep = tmp_path / "deep"
    _round(deep / "Fredericia")
    db = str(tmp_path / "sager.db")
    code, out, err = run_cli("import", str(deep), "-m", "Fredericia", "-r", "baseline", "--db", db)
    assert code == 2 and "Traceback" not in err
    assert "sagsmapper slås aldrig sammen" in err
    assert f'casereview import "{deep / "Fredericia"}" -m "Fredericia" -r baseline' in err
    code, out, _ = run_cli("status", "--db", db)
    assert "Ingen runder endnu." in out  # nothing was merged, nothing written


def test_case_folder_with_documents_and_an_attachment_folder_is_one_case(tmp_path, run_cli):
    root = _round(tmp_path / "runde")
    (root / "sag-01" / "bilag").mkdir()
    (root / "sag-01" / "bilag" / "notat.txt").write_text("Han ønsker at male.", encoding="utf-8")
    db = str(tmp_path / "sager.db")
    code, out, err = run_cli("import", str(root), "-m", "Vejle", "-r", "baseline", "--db", db)
    assert code == 0, err
    assert "Importeret: 3 dokumenter" in out and "(2 sager i runden)" in out


@pytest.fixture
def vejle(tmp_path, run_cli) -> str:
    db = str(tmp_path / "sager.db")
    code, _, err = run_cli(
        "import", str(_round(tmp_path / "runde")), "-m", "Vejle", "-r", "baseline", "--db", db
    )
    assert code == 0, err
    return db


def test_names_match_in_any_case(vejle, run_cli, tmp_path):
    code, out, err = run_cli("export", "-m", "vejle", "-r", "BASELINE", "--db", vejle)
    assert code == 0, err
    assert len(out.splitlines()) == 2
    code, out, err = run_cli(
        "import",
        str(_round(tmp_path / "mere", ("sag-03",))),
        "-m",
        "VEJLE",
        "-r",
        "Baseline",
        "--db",
        vejle,
    )
    assert code == 0 and "Vejle / baseline (3 sager i runden)" in out.replace("\n", " ")


def test_misspelt_municipality_gets_a_suggestion_and_the_list(vejle, run_cli):
    for command in (("compare",), ("export",), ("score",), ("agreement", "-r", "baseline")):
        code, _, err = run_cli(*command, "-m", "Vejel", "--db", vejle)
        assert code == 2, command
        assert "kommunen 'Vejel' findes ikke" in err and "Mente du Vejle?" in err, err
        assert "Kommuner i databasen: Vejle" in err


def test_missing_round_lists_the_rounds_that_exist(vejle, run_cli):
    code, _, err = run_cli("score", "-m", "Vejle", "-r", "endline", "--db", vejle)
    assert code == 2 and "Vejle har ingen runde 'endline'" in err and "baseline" in err


def test_status_lists_municipalities_and_rounds(vejle, run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run_cli("status", "--db", vejle)
    assert code == 0
    row = next(line for line in out.splitlines() if "Vejle" in line)
    assert "baseline" in row and "2" in row


def test_score_of_a_round_prints_the_flags_per_case(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    root = tmp_path / "runde"
    for name, text in (("sag-01", "Borgeren ønsker at få et job."), ("sag-02", "Møde om økonomi.")):
        (root / name).mkdir(parents=True)
        (root / name / "handleplan.txt").write_text(text, encoding="utf-8")
    db = str(tmp_path / "sager.db")
    assert run_cli("import", str(root), "-m", "Vejle", "-r", "baseline", "--db", db)[0] == 0
    code, out, err = run_cli("score", "-m", "Vejle", "--db", db)
    assert code == 0, err
    assert "Scoret 2 dokumenter" in out and "Vejle / baseline" in out
    cells = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
        for line in out.splitlines()
        if line.startswith("│ sag-")
    }
    assert cells["sag-01"][0] == "✓" and cells["sag-02"][0] == "✗"
    assert set(cells) == {"sag-01", "sag-02"} and all(len(v) == 5 for v in cells.values())


def test_the_stored_catalogue_is_found_whatever_the_case_of_the_name(vejle, run_cli):
    from casereview.analysis import indicator_catalogue
    from casereview.storage.database import open_store

    assert run_cli("score", "-m", "Vejle", "--db", vejle)[0] == 0
    store = open_store(vejle)
    try:
        exact = indicator_catalogue(store, "Vejle", "baseline")
        typed = indicator_catalogue(store, "vejle", "Baseline")
    finally:
        store.close()
    assert exact.ruleset_hash and typed == exact
