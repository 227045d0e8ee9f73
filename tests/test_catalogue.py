"""The indicator catalogue: read from the rule files, stored with a scored round, shown everywhere.

A round scored with custom rules must show its own indicators in every view
(compare, agreement, export, the review service and the TUI), not the
shipped ones; an unscored round shows the shipped ones.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casereview.catalogue import Catalogue
from casereview.engine.loader import RuleProblems, load_catalogue, load_ruleset, shipped_catalogue
from casereview.paths import default_rules_dir
from casereview.values import (
    DOCUMENT_KINDS,
    JUDGEMENT_VALUES,
    REASONS,
    ROUND_KINDS,
    DocumentKind,
    JudgementValue,
    RoundKind,
)

CUSTOM_HWD_LABEL = "Drømme og mål"


def test_catalogue_comes_from_the_rule_files_in_their_order():
    catalogue = shipped_catalogue()
    ruleset = load_ruleset()
    assert catalogue.ids == ruleset.indicator_ids
    assert catalogue.labels == {r.id: r.label for r in ruleset.rules}
    assert catalogue.short("hwd") == "Håb"
    assert catalogue["resources"].colour == "#56b4e9"
    assert catalogue["resources"].mark == "italic"
    assert catalogue["hwd"].explain_citizen == "borgerens eget håb, ønske eller drøm"
    # Short labels head narrow columns side by side: they must tell the indicators apart.
    assert len(set(catalogue.shorts.values())) == len(catalogue)
    assert ruleset.catalogue.ruleset_hash == ruleset.hash


def test_catalogue_survives_json_and_unknown_ids_show_themselves():
    catalogue = shipped_catalogue()
    again = Catalogue.from_json(json.loads(json.dumps(catalogue.to_json())))
    assert again == catalogue
    assert again["gone"].label == "gone"  # a stored finding of removed rules is still shown


def test_bad_display_fields_are_refused_in_danish_naming_file_and_field(tmp_path):
    rules = tmp_path / "regler"
    shutil.copytree(default_rules_dir(), rules)
    text = (rules / "hwd.yaml").read_text(encoding="utf-8")
    (rules / "hwd.yaml").write_text(
        text.replace('colour: "#e69f00"', "colour: grøn"), encoding="utf-8"
    )
    with pytest.raises(RuleProblems) as info:
        load_catalogue(rules)
    message = str(info.value)
    assert "hwd.yaml" in message and "colour" in message


def test_value_sets_are_one_definition_each():
    from casereview import analysis, review
    from casereview.storage import models

    assert ROUND_KINDS == tuple(k.value for k in RoundKind) == models.ROUND_KINDS
    assert DOCUMENT_KINDS == tuple(k.value for k in DocumentKind) == models.DOCUMENT_KINDS
    assert JUDGEMENT_VALUES == tuple(v.value for v in JudgementValue)
    assert analysis.VALUES is JUDGEMENT_VALUES
    assert set(review.VALUE_LABELS) == set(JUDGEMENT_VALUES)


def test_every_reason_the_engine_gives_is_a_known_reason_with_danish_words(engine):
    from casereview.engine.findings import explain_finding
    from casereview.evaluation import read_gold
    from tests.conftest import DATA

    seen = set()
    for path in sorted(DATA.glob("*.jsonl")):
        for doc in read_gold(path):
            for finding in engine.score(doc.text, doc.id).findings:
                seen.add(finding.reason)
                explanation = explain_finding(finding)
                assert explanation.startswith(("Tæller:", "Tæller ikke:")), explanation
                assert f"Tæller ikke: {finding.reason}." != explanation
    assert seen <= set(REASONS)
    assert {"counts", "negated", "experiencer", "historical"} <= seen


# -- a round scored with custom rules -------------------------------------------------
@pytest.fixture
def custom_rules(tmp_path) -> Path:
    """The shipped rules with hwd renamed and a sixth indicator, 'plans', added."""
    rules = tmp_path / "egne-regler"
    shutil.copytree(default_rules_dir(), rules)
    hwd = rules / "hwd.yaml"
    hwd.write_text(
        hwd.read_text(encoding="utf-8")
        .replace("label: Håb, ønsker og drømme", f"label: {CUSTOM_HWD_LABEL}")
        .replace("short_label: Håb", "short_label: Drøm"),
        encoding="utf-8",
    )
    (rules / "plans.yaml").write_text(
        "schema: casereview.rule/1\nid: plans\norder: 6\nlabel: Planer\nshort_label: Plan\n"
        'colour: "#f0b0a0"\ndescription: Borgerens planer.\nterm_groups: [hwd_nouns]\n',
        encoding="utf-8",
    )
    return rules


@pytest.fixture
def custom_round(tmp_path, custom_rules) -> str:
    """One round imported and scored with the custom rules; the database path."""
    from casereview.ingest.importer import import_round
    from casereview.scoring import EngineSpec, score_rounds
    from casereview.storage.database import open_store

    folder = tmp_path / "runde" / "sag-01"
    folder.mkdir(parents=True)
    (folder / "handleplan.txt").write_text(
        "Borgerens ønsker:\nHun ønsker at få en hund. Hendes drøm er at bo ved havet.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "egne.db")
    store = open_store(db)
    import_round(store, tmp_path / "runde", "Egneby", "baseline")
    score_rounds(store, [1], EngineSpec(rules_dir=str(custom_rules)))
    store.close()
    return db


def test_custom_rules_catalogue_is_stored_with_the_round(custom_round, custom_rules):
    from casereview.analysis import indicator_catalogue
    from casereview.review import ReviewService
    from casereview.storage.database import open_store

    store = open_store(custom_round)
    try:
        catalogue = ReviewService(store, "anne").catalogue(1)
        assert catalogue.ids == [*shipped_catalogue().ids, "plans"]
        assert catalogue.label("hwd") == CUSTOM_HWD_LABEL
        assert catalogue.ruleset_hash == load_ruleset(custom_rules).hash
        assert indicator_catalogue(store, "Egneby") == catalogue
        case = ReviewService(store, "anne").cases(1)[0]
        assert case.suggestions["plans"] is True
    finally:
        store.close()


def test_custom_rules_show_in_compare_agreement_and_export(custom_round, run_cli, tmp_path):
    code, out, err = run_cli("compare", "-m", "Egneby", "--db", custom_round)
    assert code == 0, err
    assert "Drøm" in out and "Plan" in out and "Håb" not in out
    code, out, err = run_cli(
        "agreement", "-m", "Egneby", "-r", "baseline", "-f", "json", "--db", custom_round
    )
    assert code == 0, err
    assert "plans" in {e["indicator"] for e in json.loads(out)["engine"]}
    target = tmp_path / "ud.csv"
    code, out, err = run_cli(
        "export", "-m", "Egneby", "-f", "csv", "-o", str(target), "--db", custom_round
    )
    assert code == 0, err
    exported = target.read_text(encoding="utf-8")
    assert CUSTOM_HWD_LABEL in exported and "Planer" in exported
    assert "Håb, ønsker og drømme" not in exported


@pytest.mark.anyio
async def test_custom_rules_show_in_the_tui(custom_round):
    from textual.widgets import DataTable

    from casereview.storage.database import open_store
    from casereview.tui.app import build_app
    from casereview.tui.widgets.indicator_panel import IndicatorPanel

    store = open_store(custom_round)
    app = build_app(store, "anne", 1)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            headers = [str(c.label) for c in app.screen.query_one(DataTable).columns.values()]
            assert headers[2:] == ["Drøm", "Ress.", "Netv.", "Ord", "Opf.", "Plan"]
            await pilot.press("enter")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            panel = app.screen.query_one(IndicatorPanel)
            assert panel.indicators[-1] == "plans"
            assert CUSTOM_HWD_LABEL in str(panel.render())
    finally:
        store.close()


@pytest.fixture
def anyio_backend():
    return "asyncio"
