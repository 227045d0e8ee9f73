"""Loading and checking rule and lexicon files.

All files of a directory are read, validated and cross-checked before any of
them is used, and every problem found is reported at once, each naming the
file, the entry and the field in Danish. The result is an immutable
:class:`RuleSet` with a hash, so stored scores can say which rules made them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from casereview import __version__
from casereview.catalogue import Catalogue, Indicator
from casereview.engine.regex_safety import backtracking_problem
from casereview.engine.schema import (
    Cue,
    ExperiencerCue,
    LexiconFile,
    Placeholders,
    Pseudo,
    Rule,
    SectionType,
    TermGroup,
)
from casereview.errors import RuleFileError
from casereview.paths import default_lexicons_dir, default_rules_dir

M = TypeVar("M", bound=BaseModel)

_PYDANTIC_DA = {
    "missing": "feltet mangler",
    "extra_forbidden": "ukendt felt",
    "string_type": "skal være tekst",
    "list_type": "skal være en liste",
    "dict_type": "skal være en tabel (nøgle: værdi)",
    "int_parsing": "skal være et heltal",
    "bool_parsing": "skal være true eller false",
    "enum": "ugyldig værdi",
    "literal_error": "ugyldig værdi",
    "too_short": "må ikke være tom",
    "string_too_short": "må ikke være tom",
    "string_pattern_mismatch": "har ugyldige tegn (kun a-z og _)",
    "greater_than_equal": "er for lille",
    "less_than_equal": "er for stor",
    "model_type": "skal være en tabel (nøgle: værdi)",
    "value_error": "ugyldig værdi",
}


class RuleProblems(RuleFileError):
    """One or more problems in rule or lexicon files, all reported together."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Regel- eller leksikonfilerne har {len(problems)} fejl:\n{lines}")


@dataclass(frozen=True)
class RuleSet:
    """Everything the engine needs, merged from all files and cross-checked."""

    rules: tuple[Rule, ...]
    wordlists: dict[str, frozenset[str]]
    term_groups: dict[str, TermGroup]
    cues: tuple[Cue, ...]
    pseudo: tuple[Pseudo, ...]
    experiencers: tuple[ExperiencerCue, ...]
    sections: tuple[SectionType, ...]
    placeholders: Placeholders
    hash: str
    sources: dict[str, str] = field(default_factory=dict)  # entry id -> file name
    # The files as read: ("rules" | "lexicons", file name, bytes). A pipeline saved with
    # nlp.to_disk() carries them, so spacy.load() rebuilds the same rule set anywhere.
    files: tuple[tuple[str, str, bytes], ...] = field(default=(), repr=False, compare=False)

    def rule(self, indicator: str) -> Rule:
        for rule in self.rules:
            if rule.id == indicator:
                return rule
        raise KeyError(indicator)

    @property
    def indicator_ids(self) -> list[str]:
        return [r.id for r in self.rules]

    @property
    def catalogue(self) -> Catalogue:
        """The indicators as users see them, tagged with this rule set's hash."""
        return catalogue_of(self.rules, self.hash)

    @property
    def engine_version(self) -> str:
        """Engine version and rule-set hash: what a stored score was made with."""
        return f"{__version__}+rules.{self.hash}"


def catalogue_of(rules: Iterable[Rule], ruleset_hash: str = "") -> Catalogue:
    """The catalogue of these rules, in their display order."""
    return Catalogue(
        tuple(
            Indicator(
                id=rule.id,
                label=rule.label,
                short=rule.short_label or rule.label,
                order=rule.order,
                colour=rule.colour,
                terminal_style=rule.terminal_style,
                emphasis=rule.emphasis,
                mark=rule.mark,
                explain_citizen=rule.explanation.citizen,
                explain_other=rule.explanation.other,
                description=rule.description,
            )
            for rule in sorted(rules, key=lambda r: (r.order, r.id))
        ),
        ruleset_hash,
    )


def _describe_validation_error(exc: ValidationError, data: object) -> list[str]:
    problems = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = _entry_label(data, loc)
        message = _PYDANTIC_DA.get(err["type"], err["msg"])
        if err["type"] in {"enum", "literal_error"} and "expected" in err.get("ctx", {}):
            message += f" (tilladt: {err['ctx']['expected']})"
        if err["type"] == "value_error":
            message = str(err.get("ctx", {}).get("error", err["msg"]))
        problems.append(f"{where}: {message}")
    return problems


def _entry_label(data: object, loc: list) -> str:
    """Turn a pydantic location into words: ``regel 'hwd', felt 'label'``."""
    parts = []
    node = data
    for key in loc:
        if isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
            ident = node.get("id") if isinstance(node, dict) else None
            parts.append(f"'{ident}'" if ident else f"nr. {key + 1}")
            continue
        if isinstance(node, dict) and key in node:
            node = node[key]
        else:
            node = None
        parts.append(str(key))
    return "felt " + ".".join(parts) if parts else "filen"


MAX_YAML_DEPTH = 50  # rule files nest four or five levels; a thousand levels is an attack


class _YamlTooDeep(yaml.YAMLError):
    pass


class _DepthLimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting deeper than :data:`MAX_YAML_DEPTH`.

    The composer recurses once per level, so ``[[[[...]]]]`` a few thousand
    deep would end in a RecursionError instead of a message.
    """

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                raise _YamlTooDeep()
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _read_yaml(path: Path) -> object:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RuleProblems([f"{path}: filen kan ikke læses ({exc.strerror})"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleProblems([f"{path}: filen er ikke UTF-8"]) from None
    if not text.strip():
        raise RuleProblems([f"{path}: filen er tom"])
    try:
        return yaml.load(text, Loader=_DepthLimitedLoader)  # noqa: S506 - a SafeLoader
    except (_YamlTooDeep, RecursionError):
        raise RuleProblems(
            [f"{path}: ugyldig YAML: indlejret mere end {MAX_YAML_DEPTH} niveauer"]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (linje {mark.line + 1}, kolonne {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or "ugyldig YAML"
        raise RuleProblems([f"{path}: ugyldig YAML{where}: {problem}"]) from None


def _yaml_files(directory: Path, what: str) -> list[Path]:
    if not directory.exists():
        raise RuleProblems([f"{directory}: mappen med {what} findes ikke"])
    if not directory.is_dir():
        raise RuleProblems([f"{directory}: er ikke en mappe"])
    files = sorted(p for p in directory.iterdir() if p.suffix in {".yaml", ".yml"})
    if not files:
        raise RuleProblems([f"{directory}: mappen indeholder ingen .yaml-filer med {what}"])
    return files


def _parse_all(files: list[Path], model: type[M], problems: list[str]) -> list[tuple[Path, M]]:
    parsed: list[tuple[Path, M]] = []
    for path in files:
        try:
            data = _read_yaml(path)
        except RuleProblems as exc:
            problems.extend(exc.problems)
            continue
        if not isinstance(data, dict):
            problems.append(f"{path}: filen skal indeholde en tabel (nøgle: værdi) øverst")
            continue
        try:
            parsed.append((path, model.model_validate(data)))
        except ValidationError as exc:
            problems.extend(f"{path}: {p}" for p in _describe_validation_error(exc, data))
    return parsed


_WORDLIST_REF = re.compile(r"@([\w.-]+)")


def _check_patterns(patterns: list[str], where: str, wordlists: dict, problems: list[str]) -> None:
    from casereview.engine.patterns import PatternError, parse_pattern

    for pattern in patterns:
        for name in _WORDLIST_REF.findall(pattern):
            if name not in wordlists:
                problems.append(
                    f"{where}: mønsteret '{pattern}' bruger den ukendte ordliste '@{name}'"
                )
        try:
            parse_pattern(pattern)
        except PatternError as exc:
            problems.append(f"{where}: mønsteret '{pattern}' er ugyldigt: {exc}")


def _check_regexes(regexes: list[str], where: str, problems: list[str]) -> None:
    for rx in regexes:
        try:
            re.compile(rx)
        except re.error as exc:
            problems.append(f"{where}: det regulære udtryk '{rx}' er ugyldigt ({exc})")
            continue
        problem = backtracking_problem(rx)
        if problem:
            problems.append(f"{where}: det regulære udtryk '{rx}' afvises: {problem}")


def _hash_files(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _merge_lexicons(parsed: list[tuple[Path, LexiconFile]], problems: list[str]) -> dict:
    merged: dict = {
        "wordlists": {},
        "term_groups": {},
        "cues": [],
        "pseudo": [],
        "experiencers": [],
        "sections": [],
        "prefix": [],
        "pointer": [],
        "whole": [],
        "sources": {},
    }
    seen_ids: dict[str, Path] = {}

    def claim(ident: str, path: Path) -> None:
        if ident in seen_ids:
            problems.append(f"{path}: id '{ident}' findes allerede i {seen_ids[ident].name}")
        seen_ids[ident] = path
        merged["sources"][ident] = path.name

    for path, lex in parsed:
        for name, words in lex.wordlists.items():
            if name in merged["wordlists"]:
                problems.append(f"{path}: ordlisten '{name}' er defineret to gange")
            merged["wordlists"][name] = frozenset(w.lower() for w in words)
        for name, group in lex.term_groups.items():
            if name in merged["term_groups"]:
                problems.append(f"{path}: termgruppen '{name}' er defineret to gange")
            merged["term_groups"][name] = group
            for term in group.terms:
                claim(term.id, path)
        for key in ("cues", "pseudo", "experiencers", "sections"):
            for entry in getattr(lex, key):
                claim(entry.id, path)
                merged[key].append(entry)
        if lex.placeholders:
            merged["prefix"].extend(lex.placeholders.prefix)
            merged["whole"].extend(lex.placeholders.whole)
            merged["pointer"].extend(lex.placeholders.pointer)
    return merged


def _cross_check(
    rules: list[tuple[Path, Rule]],
    merged: dict,
    lex_paths: dict,
    problems: list[str],
    all_rules_parsed: bool,
) -> None:
    groups = merged["term_groups"]
    wordlists = merged["wordlists"]
    for group in groups.values():
        for term in group.terms:
            where = f"{lex_paths.get(term.id, '?')}: term '{term.id}'"
            _check_patterns(term.patterns, where, wordlists, problems)
    for cue in merged["cues"]:
        where = f"{lex_paths.get(cue.id, '?')}: cue '{cue.id}'"
        _check_patterns(cue.patterns, where, wordlists, problems)
        if cue.patterns_from and cue.patterns_from not in groups:
            problems.append(
                f"{where}: patterns_from henviser til den ukendte termgruppe '{cue.patterns_from}'"
            )
        if not cue.patterns and not cue.patterns_from:
            problems.append(f"{where}: har hverken patterns eller patterns_from")
    for pseudo in merged["pseudo"]:
        _check_patterns(
            pseudo.patterns,
            f"{lex_paths.get(pseudo.id, '?')}: pseudo '{pseudo.id}'",
            wordlists,
            problems,
        )
    for section in merged["sections"]:
        _check_regexes(
            section.match, f"{lex_paths.get(section.id, '?')}: sektion '{section.id}'", problems
        )
    _check_regexes(merged["prefix"] + merged["whole"] + merged["pointer"], "placeholders", problems)
    known = {rule.id for _, rule in rules}
    terminators = {c.id for c in merged["cues"] if c.category.value == "terminate"}
    for cue in merged["cues"]:
        for ident in cue.crosses:
            if ident not in terminators:
                problems.append(
                    f"{lex_paths.get(cue.id, '?')}: cue '{cue.id}' krydser den ukendte terminator '{ident}'"
                )
    for path, rule in rules:
        for group in rule.term_groups:
            if group not in groups:
                problems.append(
                    f"{path}: regel '{rule.id}' henviser til den ukendte termgruppe '{group}'"
                )
    if not all_rules_parsed:
        return  # a rule file with errors would make every mention of its indicator look unknown
    for entry in merged["cues"] + merged["pseudo"]:
        for indicator in entry.indicators or []:
            if indicator not in known:
                problems.append(
                    f"{lex_paths.get(entry.id, '?')}: '{entry.id}' nævner den ukendte indikator '{indicator}'"
                )
    seen: dict[str, Path] = {}
    for path, rule in rules:
        if rule.id in seen:
            problems.append(f"{path}: regel '{rule.id}' findes allerede i {seen[rule.id].name}")
        seen[rule.id] = path


def load_catalogue(rules_dir: Path | None = None) -> Catalogue:
    """The catalogue from the rule files alone (no lexicons, no spaCy), validated.

    Used where nothing has been scored yet; a scored round's own catalogue is in the store.
    """
    problems: list[str] = []
    files = _yaml_files(Path(rules_dir) if rules_dir else default_rules_dir(), "regler")
    parsed = _parse_all(files, Rule, problems)
    if problems:
        raise RuleProblems(problems)
    return catalogue_of(rule for _, rule in parsed)


@cache
def shipped_catalogue() -> Catalogue:
    """The catalogue of the rule files that ship with casereview (validated, read once).

    For what has not been scored yet; a scored round's own catalogue is in the store.
    """
    return load_catalogue()


def load_ruleset(rules_dir: Path | None = None, lexicons_dir: Path | None = None) -> RuleSet:
    """Load, validate and cross-check rules and lexicons; raise :class:`RuleProblems` on any error."""
    rules_dir = Path(rules_dir) if rules_dir else default_rules_dir()
    lexicons_dir = Path(lexicons_dir) if lexicons_dir else default_lexicons_dir()
    problems: list[str] = []
    try:
        rule_files = _yaml_files(rules_dir, "regler")
    except RuleProblems as exc:
        problems.extend(exc.problems)
        rule_files = []
    try:
        lex_files = _yaml_files(lexicons_dir, "leksikoner")
    except RuleProblems as exc:
        problems.extend(exc.problems)
        lex_files = []
    if problems:
        # a folder that is missing or empty: every cross-check would only repeat it
        raise RuleProblems(problems)
    rules = _parse_all(rule_files, Rule, problems)
    lexicons = _parse_all(lex_files, LexiconFile, problems)
    merged = _merge_lexicons(lexicons, problems)
    lex_paths = {ident: str(lexicons_dir / name) for ident, name in merged["sources"].items()}
    _cross_check(rules, merged, lex_paths, problems, all_rules_parsed=len(rules) == len(rule_files))
    if problems:
        raise RuleProblems(problems)
    return RuleSet(
        rules=tuple(sorted((r for _, r in rules), key=lambda r: (r.order, r.id))),
        wordlists=merged["wordlists"],
        term_groups=merged["term_groups"],
        cues=tuple(merged["cues"]),
        pseudo=tuple(merged["pseudo"]),
        experiencers=tuple(merged["experiencers"]),
        sections=tuple(sorted(merged["sections"], key=lambda s: -s.priority)),
        placeholders=Placeholders(
            prefix=merged["prefix"], whole=merged["whole"], pointer=merged["pointer"]
        ),
        hash=_hash_files(rule_files + lex_files),
        sources=merged["sources"],
        files=tuple(
            [("rules", p.name, p.read_bytes()) for p in rule_files]
            + [("lexicons", p.name, p.read_bytes()) for p in lex_files]
        ),
    )


def save_ruleset(ruleset: RuleSet, path: Path) -> None:
    """Write the rule set's files under ``path/rules`` and ``path/lexicons``."""
    for kind, name, data in ruleset.files:
        target = Path(path) / kind / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def read_saved_ruleset(path: Path) -> RuleSet:
    """The rule set :func:`save_ruleset` wrote (validated again, same hash)."""
    return load_ruleset(Path(path) / "rules", Path(path) / "lexicons")
