"""Rule and lexicon files: validation with Danish messages naming file, entry and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from casereview.engine.loader import RuleProblems, load_ruleset
from casereview.paths import default_lexicons_dir, default_rules_dir


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    rules = tmp_path / "rules"
    lexicons = tmp_path / "lexicons"
    shutil.copytree(default_rules_dir(), rules)
    shutil.copytree(default_lexicons_dir(), lexicons)
    return rules, lexicons


def _problems(rules: Path, lexicons: Path) -> list[str]:
    with pytest.raises(RuleProblems) as info:
        load_ruleset(rules, lexicons)
    return info.value.problems


def test_shipped_rules_load():
    ruleset = load_ruleset()
    assert ruleset.indicator_ids == ["hwd", "resources", "network", "own_words", "follow_up"]
    assert len(ruleset.hash) == 16


def test_missing_field_names_file_rule_and_field(copies):
    rules, lexicons = copies
    path = rules / "hwd.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("label: Håb, ønsker og drømme\n", ""),
        encoding="utf-8",
    )
    (problem,) = _problems(rules, lexicons)
    assert "hwd.yaml" in problem and "label" in problem and "feltet mangler" in problem


def test_all_problems_are_reported_at_once(copies):
    rules, lexicons = copies
    (rules / "hwd.yaml").write_text(
        "schema: casereview.rule/1\nid: hwd\nlabel: x\n", encoding="utf-8"
    )
    (lexicons / "extra.yaml").write_text(
        "schema: casereview.lexicon/1\ncues:\n  - id: neg.new\n    category: forbudt\n    patterns: ['x']\n",
        encoding="utf-8",
    )
    problems = _problems(rules, lexicons)
    assert any("hwd.yaml" in p and "description" in p for p in problems)
    assert any("hwd.yaml" in p and "term_groups" in p for p in problems)
    assert any("extra.yaml" in p and "'neg.new'" in p and "category" in p for p in problems)


def test_unknown_word_list_and_group_are_cross_checked(copies):
    rules, lexicons = copies
    path = lexicons / "hwd.yaml"
    text = path.read_text(encoding="utf-8").replace(
        'patterns: ["håber"', 'patterns: ["@ukendt håber"'
    )
    path.write_text(text, encoding="utf-8")
    rule = rules / "network.yaml"
    rule.write_text(
        rule.read_text(encoding="utf-8").replace("[network_terms]", "[findes_ikke]"),
        encoding="utf-8",
    )
    problems = _problems(rules, lexicons)
    assert any("'@ukendt'" in p and "hwd.hope.haaber" in p for p in problems)
    assert any("findes_ikke" in p and "network.yaml" in p for p in problems)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "filen er tom"),
        (b"schema: [unclosed\n", "ugyldig YAML"),
        (b"\xff\xfe\x00garbage", "ikke UTF-8"),
        (b"- just\n- a list\n", "tabel"),
    ],
)
def test_broken_files(copies, content, expected):
    rules, lexicons = copies
    (rules / "broken.yaml").write_bytes(content)
    problems = _problems(rules, lexicons)
    assert any("broken.yaml" in p and expected in p for p in problems), problems


def test_missing_directory(tmp_path):
    problems = _problems(tmp_path / "nej", tmp_path / "heller_ikke")
    assert any("findes ikke" in p for p in problems)


def test_duplicate_ids_are_refused(copies):
    rules, lexicons = copies
    shutil.copy(lexicons / "follow_up.yaml", lexicons / "follow_up_copy.yaml")
    problems = _problems(rules, lexicons)
    assert any("fu.word" in p and "findes allerede" in p for p in problems)
