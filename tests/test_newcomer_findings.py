"""What a newcomer trying a fresh clone ran into: each mistake gets a Danish answer.

Every test here failed on the code the trial was run against.
"""

from __future__ import annotations

import json

from casereview.wording import thousands


def _round(tmp_path):
    folder = tmp_path / "runde"
    (folder / "sag-01").mkdir(parents=True)
    (folder / "sag-01" / "plan.txt").write_text("Borgeren ønsker et job.", encoding="utf-8")
    return folder


def test_a_loose_file_beside_the_case_folders_is_reported_not_dropped(tmp_path, run_cli):
    folder = _round(tmp_path)
    (folder / "løs-fil.txt").write_text("Borgeren håber på en have.", encoding="utf-8")
    db = str(tmp_path / "s.db")
    code, out, err = run_cli("import", str(folder), "-m", "Århus", "-r", "baseline", "--db", db)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "løs-fil.txt" in said and "uden for en sagsmappe" in said


def test_export_takes_its_format_from_the_file_ending_and_refuses_a_mismatch(tmp_path, run_cli):
    db = str(tmp_path / "s.db")
    assert (
        run_cli("import", str(_round(tmp_path)), "-m", "Vejle", "-r", "baseline", "--db", db)[0]
        == 0
    )
    xlsx = tmp_path / "v.xlsx"
    code, _, err = run_cli("export", "-m", "Vejle", "-o", str(xlsx), "--db", db)
    assert code == 0, err
    assert xlsx.read_bytes()[:2] == b"PK"  # a real workbook, not JSON in an .xlsx file
    bad = tmp_path / "v2.xlsx"
    code, _, err = run_cli("export", "-m", "Vejle", "-f", "jsonl", "-o", str(bad), "--db", db)
    assert code == 2 and "passer ikke til filendelsen" in err and not bad.exists()
    jsonl = tmp_path / "v.jsonl"
    assert run_cli("export", "-m", "Vejle", "-o", str(jsonl), "--db", db)[0] == 0
    assert json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])


def test_score_refuses_to_write_a_spreadsheet_it_cannot_make(tmp_path, run_cli):
    folder = _round(tmp_path)
    out = tmp_path / "ud.xlsx"
    code, _, err = run_cli("score", str(folder), "-o", str(out))
    assert code == 2 and "casereview export" in err and not out.exists()


def test_rules_check_with_a_missing_folder_says_only_that(tmp_path, run_cli):
    code, out, err = run_cli("rules", "check", "--lexicons", str(tmp_path / "nosuch"))
    said = " ".join((out + err).split())
    assert code == 2 and "har 1 fejl" in said and "findes ikke" in said


def test_large_numbers_in_messages_are_written_the_danish_way():
    assert thousands(37_680_000) == "37.680.000"


def test_masked_identifiers_show_on_screen_as_written():
    from textual.markup import to_content

    from casereview.tui.markup import escape

    shown = to_content(escape("Borger: Peter Jensen ([CPR]) siger [TLF] og [bold]")).plain
    assert shown == "Borger: Peter Jensen ([CPR]) siger [TLF] og [bold]"


def test_alpha_is_undefined_not_a_warning_when_nothing_varies_within_pairs(recwarn):
    from casereview.agreement_stats import krippendorff_alpha

    assert krippendorff_alpha([["ja", "ja"], ["nej", None]], ["ja", "nej", "delvist"]) is None
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_a_single_file_import_says_which_case_it_went_into(tmp_path, run_cli):
    doc = tmp_path / "handleplan.txt"
    doc.write_text("Borgeren ønsker et job.", encoding="utf-8")
    db = str(tmp_path / "s.db")
    code, out, err = run_cli("import", str(doc), "-m", "Vejle", "-r", "other", "--db", db)
    assert code == 0, err
    said = " ".join((out + err).split())
    assert "sagen 'handleplan'" in said and "--case" in said
