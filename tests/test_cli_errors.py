"""Every command-line mistake a consultant makes: one short Danish line, exit 2, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

MISTAKES = [
    (
        ("import", "sager", "-m", "Vejle", "-r", "slut"),
        ["'slut'", "--round", "baseline, endline eller other"],
    ),
    (("export", "-f", "xls"), ["'xls'", "--format", "jsonl, csv eller xlsx", "mente du xlsx?"]),
    (("score", "-f", "csv", "x.txt"), ["'csv'", "--format", "table eller jsonl"]),
    (("agreement", "-r", "baseline"), ["--municipality (-m) mangler"]),
    (("import", "sager", "-r", "baseline"), ["--municipality (-m) mangler"]),
    (("improt",), ["ukendt kommando 'improt'", "mente du import?"]),
    (("score", "--formt", "jsonl"), ["ukendt tilvalg --formt", "mente du --format?"]),
    (("score", "-j", "0", "-m", "Vejle"), ["'0'", "--jobs", "mindst 1"]),
    (("score", "-j", "mange", "-m", "Vejle"), ["'mange'", "skal være et tal"]),
    (("export", "-m"), ["-m skal have en værdi"]),
    (("status", "ekstra"), ["for mange argumenter: ekstra"]),
]


@pytest.mark.parametrize(("args", "expected"), MISTAKES, ids=[" ".join(a) for a, _ in MISTAKES])
def test_usage_mistake_is_one_danish_line(run_cli, args, expected):
    code, out, err = run_cli(*args)
    assert code == 2
    assert "Traceback" not in err and "Error" not in err and "Invalid" not in err
    assert err.startswith("Fejl: ")
    for text in expected:
        assert text in err, err
    assert "-h' for hjælp." in err
    assert len(err.strip().splitlines()) == 1


def test_casereview_error_is_caught_at_the_boundary(run_cli, tmp_path):
    code, _, err = run_cli("explain", str(tmp_path / "findes-ikke.txt"))
    assert code == 2 and err.startswith("Fejl: ") and "Traceback" not in err


def test_the_installed_script_has_no_traceback_either():
    proc = subprocess.run(
        [sys.executable, "-m", "casereview", "export", "-f", "xls"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "'xls'" in proc.stderr


def _all_commands() -> list[tuple[str, ...]]:
    """Every command and sub-command of the real tree, so a new command is checked too."""
    from casereview.cli import command

    found: list[tuple[str, ...]] = []

    def walk(cmd, path: tuple[str, ...]) -> None:
        found.append(path)
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, (*path, name))

    walk(command(), ())
    return found


COMMANDS = _all_commands()


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "casereview" for c in COMMANDS])
def test_help_is_danish_with_h_and_help(run_cli, command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # one line per option: assert on whole sentences
    code, short, _ = run_cli(*command, "-h")
    assert code == 0
    code, long, _ = run_cli(*command, "--help")
    assert code == 0 and short == long
    assert "Brug: casereview" in short and "Vis denne hjælp og afslut." in short
    for english in (
        "Show this message",
        "Usage:",
        "<bool>",
        "<str>",
        "<path>",
        "[default:",
        "Options",
        "Arguments",
        "Commands",
    ):
        assert english not in short, english


def test_bare_command_shows_help_and_succeeds(run_cli):
    code, out, _ = run_cli()
    assert code == 0 and "Kommandoer" in out and "import" in out


def test_typer_is_within_the_pinned_range():
    from importlib.metadata import version

    major, minor, *_ = (int(p) for p in version("typer").split(".")[:3])
    assert (major, minor) == (0, 29)


def test_every_option_has_a_danish_help_text():
    from casereview.cli import command

    missing = []

    def walk(cmd, path):
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])
        missing.extend(
            f"{' '.join(path)} {p.opts[0]}"
            for p in cmd.params
            if p.param_type_name == "option" and not p.help
        )

    walk(command(), ["casereview"])
    assert missing == []
