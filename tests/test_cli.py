"""The CLI through its real entry point: output formats, errors in Danish, exit codes, no partial writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casereview.paths import default_lexicons_dir, default_rules_dir

PLAN = (
    "Borgerens ønsker og mål:\nAt få sin egen lejlighed.\n"
    "Ressourcer: Er god til at lave mad.\n"
    "Netværk: Ser sin søster hver uge.\n"
)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(PLAN, encoding="utf-8")
    (folder / "b.md").write_text(
        "Borgeren har ingen ønsker. Kommunen ønsker en vurdering.", encoding="utf-8"
    )
    return folder


def test_score_jsonl_has_flags_findings_and_offsets(run_cli, docs):
    code, out, err = run_cli("score", str(docs), "--format", "jsonl")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in records] == ["a.txt", "b.md"]
    assert records[0]["flags"] == {
        "hwd": True,
        "resources": True,
        "network": True,
        "own_words": False,
        "follow_up": False,
    }
    assert records[1]["flags"]["hwd"] is False
    text = PLAN
    for finding in records[0]["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]
        assert set(finding) >= {
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
            "cues",
        }


def test_score_jsonl_input(run_cli, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": "x1", "text": "Hun drømmer om en have."}\n\n{"id": "x2", "text": "Intet."}\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli("score", str(source), "-f", "jsonl")
    assert code == 0
    assert [json.loads(line)["flags"]["hwd"] for line in out.splitlines()] == [True, False]


def test_score_table_is_danish(run_cli, docs):
    code, out, _ = run_cli("score", str(docs / "a.txt"))
    assert code == 0
    assert "Håb, ønsker og drømme" in out and "✓ Ja" in out and "At få sin egen lejlighed" in out


def test_explain_gives_reasons(run_cli, tmp_path):
    path = tmp_path / "x.txt"
    path.write_text(
        "Hun vågner af dårlige drømme. Kommunen ønsker en vurdering. Hun vil gerne male.",
        encoding="utf-8",
    )
    code, out, _ = run_cli("explain", str(path))
    assert code == 0
    assert "drømme under søvn" in out
    assert "fagperson" in out
    assert "Tæller: borgerens eget håb" in out


def test_evaluate_json(run_cli):
    gold = Path(__file__).parent / "data" / "dev.jsonl"
    code, out, _ = run_cli("evaluate", str(gold), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["documents"] == 70
    assert {s["indicator"] for s in data["scores"]} == {"hwd", "resources"}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "filen er tom"),
        ("blank.txt", b"  \n\n", "filen er tom"),
        ("bad.txt", b"Hun \x81\x8d \xff", "hverken UTF-8 eller Windows-1252"),
        ("binary.txt", b"\x00\x01\x02\x03" * 50, "binær"),
        ("doc.pdf", b"%PDF-1.4", "PDF-filen er beskadiget"),
        ("doc.rtf", b"{\\rtf1}", "filtypen '.rtf'"),
    ],
)
def test_bad_input_files(run_cli, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run_cli("score", str(path))
    assert code != 0
    assert name in err and message in err
    assert "Traceback" not in err and out == ""


def test_missing_file(run_cli, tmp_path):
    code, _, err = run_cli("score", str(tmp_path / "findes-ikke.txt"))
    assert code == 2 and "findes ikke" in err and "findes-ikke.txt" in err


def test_encodings_are_detected(run_cli, tmp_path):
    text = "Hun ønsker at få en have med æbletræer."
    for name, data in {
        "cp1252.txt": text.encode("cp1252"),
        "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
        "utf16.txt": text.encode("utf-16"),
    }.items():
        (tmp_path / name).write_bytes(data)
    code, out, err = run_cli("score", str(tmp_path), "-f", "jsonl")
    assert code == 0, err
    assert [json.loads(line)["flags"]["hwd"] for line in out.splitlines()] == [True, True, True]


def test_bad_file_in_folder_writes_nothing(run_cli, docs, tmp_path):
    (docs / "z.txt").write_bytes(b"")
    target = tmp_path / "out.jsonl"
    code, out, err = run_cli("score", str(docs), "-f", "jsonl", "-o", str(target))
    assert code != 0 and "z.txt" in err
    assert not target.exists() and out == ""
    assert list(tmp_path.glob(".out.jsonl.*")) == []


def test_output_file_is_written_on_success(run_cli, docs, tmp_path):
    target = tmp_path / "out.jsonl"
    code, _, _ = run_cli("score", str(docs), "-f", "jsonl", "-o", str(target))
    assert code == 0 and len(target.read_text(encoding="utf-8").splitlines()) == 2


def test_broken_rule_file_gives_danish_error(run_cli, docs, tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    (rules / "hwd.yaml").write_text("schema: casereview.rule/1\nid: hwd\n", encoding="utf-8")
    code, out, err = run_cli("score", str(docs), "--rules", str(rules))
    assert code == 2 and out == ""
    assert "hwd.yaml" in err and "feltet mangler" in err and "Traceback" not in err


def test_user_lexicons_change_behaviour(run_cli, tmp_path):
    lexicons = tmp_path / "lexicons"
    shutil.copytree(default_lexicons_dir(), lexicons)
    path = lexicons / "hwd.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '["håber", "håber *0..2 på"]', '["håber", "håber *0..2 på", "higer *0..2 efter"]'
        ),
        encoding="utf-8",
    )
    doc = tmp_path / "d.txt"
    doc.write_text("Hun higer efter at komme i job.", encoding="utf-8")
    assert json.loads(run_cli("score", str(doc), "-f", "jsonl")[1])["flags"]["hwd"] is False
    code, out, _ = run_cli("score", str(doc), "-f", "jsonl", "--lexicons", str(lexicons))
    assert code == 0 and json.loads(out)["flags"]["hwd"] is True


def test_rules_check(run_cli, tmp_path):
    code, out, _ = run_cli("rules", "check")
    assert code == 0 and "OK" in out
    lexicons = tmp_path / "lexicons"
    shutil.copytree(default_lexicons_dir(), lexicons)
    (lexicons / "context.yaml").write_text(
        "schema: casereview.lexicon/1\ncues:\n  - id: x\n", encoding="utf-8"
    )
    code, _, err = run_cli("rules", "check", "--lexicons", str(lexicons))
    assert code == 2 and "context.yaml" in err and "category" in err
    code, _, err = run_cli("rules", "check", str(tmp_path))  # a folder holding lexicons/
    assert code == 2 and "context.yaml" in err
    code, _, err = run_cli("rules", "check", str(lexicons / "..."))
    assert code == 2 and "findes ikke" in err


def test_missing_model_is_explained(run_cli, docs):
    code, _, err = run_cli("score", str(docs), "--model", "da_core_news_sm")
    assert code == 2
    assert "da_core_news_sm" in err and "ikke installeret" in err and "Traceback" not in err


def test_trained_pipeline_from_path_is_used(run_cli, docs, tmp_path):
    import spacy

    model = tmp_path / "model"
    spacy.blank("da").to_disk(model)
    code, out, err = run_cli("score", str(docs / "a.txt"), "-f", "jsonl", "--model", str(model))
    assert code == 0, err
    assert json.loads(out)["flags"]["hwd"] is True


def test_module_entry_point_runs_without_traceback(tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_text("", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "casereview", "score", str(empty)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "tom.txt: filen er tom" in proc.stderr and "Traceback" not in proc.stderr
