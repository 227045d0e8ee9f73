"""Hostile rule files: catastrophic regexes and deep YAML are refused with a Danish message."""

from __future__ import annotations

import shutil
import time

import pytest

from casereview.engine.regex_safety import backtracking_problem
from casereview.paths import default_lexicons_dir


@pytest.mark.parametrize(
    "expression", ["^(a+)+$", "(\\w*)*", "(?:a+b?)+x", "((ab)+)+c", "(a{1,20})+"]
)
def test_catastrophic_shapes_are_recognised(expression):
    assert backtracking_problem(expression)


@pytest.mark.parametrize(
    "expression",
    ["^ressource\\w+$", "(\\w+-)*\\w+", "(a|b)+", "^(?:hp|hand)\\w*$", "a{2,5}", "x*y*"],
)
def test_ordinary_expressions_pass(expression):
    assert backtracking_problem(expression) is None


def _lexicons(tmp_path):
    target = tmp_path / "lexicons"
    shutil.copytree(default_lexicons_dir(), target)
    return target


def test_rules_check_refuses_a_catastrophic_lexicon_regex(tmp_path, run_cli):
    lexicons = _lexicons(tmp_path)
    path = lexicons / "hwd.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('["håber", ', '["håber", "re:^(a+)+$", ', 1), encoding="utf-8")
    assert "re:^(a+)+$" in path.read_text(encoding="utf-8")
    started = time.perf_counter()
    code, out, err = run_cli("rules", "check", "--lexicons", str(lexicons))
    assert code == 2 and "hwd.yaml" in err and "(a+)+" in err and "gentagelse" in err
    assert "Traceback" not in err and time.perf_counter() - started < 10


def test_shipped_rules_pass(run_cli):
    code, out, _ = run_cli("rules", "check")
    assert code == 0 and "OK" in out


def test_deep_yaml_is_a_message_not_a_recursion_error(tmp_path, run_cli):
    lexicons = _lexicons(tmp_path)
    (lexicons / "deep.yaml").write_text(
        "schema: casereview.lexicon/1\nwordlists:\n  x: " + "[" * 5000 + "]" * 5000 + "\n",
        encoding="utf-8",
    )
    code, _, err = run_cli("rules", "check", "--lexicons", str(lexicons))
    assert code == 2 and "deep.yaml" in err and "niveauer" in err and "Traceback" not in err
