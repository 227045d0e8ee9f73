"""What casereview's pipeline components share: a rule set they own and save with the pipeline.

A component is made from its factory's config (the rule and lexicon
directories, ``None`` for the shipped ones) and loads that rule set the first
time it is needed. ``nlp.to_disk(path)`` writes the rule files the component
was built with into its folder; ``spacy.load(path)`` reads them back in
``from_disk``, so a saved pipeline scores exactly as the one that was saved,
also on a machine without the original rule folders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from casereview.engine.loader import RuleSet, read_saved_ruleset, save_ruleset


def ruleset_loader(rules_dir: str | None, lexicons_dir: str | None) -> Callable[[], RuleSet]:
    """Load (once, validated, shared between components) the rule set of these directories."""

    def load() -> RuleSet:
        from casereview.engine.registry import get_ruleset

        return get_ruleset(rules_dir, lexicons_dir)

    return load


class RuleSetComponent:
    """Base of the components that work from a :class:`RuleSet`."""

    def __init__(self, ruleset: RuleSet | Callable[[], RuleSet]) -> None:
        self._ruleset: RuleSet | None = None
        self._load: Callable[[], RuleSet] | None = None
        if isinstance(ruleset, RuleSet):
            self.use(ruleset)
        else:
            self._load = ruleset

    @property
    def ruleset(self) -> RuleSet:
        self.ready()
        assert self._ruleset is not None
        return self._ruleset

    def ready(self) -> None:
        """Load the rule set now if it has not been loaded (or read from disk) yet."""
        if self._ruleset is None:
            assert self._load is not None
            self.use(self._load())

    def use(self, ruleset: RuleSet) -> None:
        """Work from this rule set from now on."""
        self._ruleset = ruleset
        self._build(ruleset)

    def _build(self, ruleset: RuleSet) -> None:
        """Compile what the component needs from the rule set."""
        raise NotImplementedError

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        save_ruleset(self.ruleset, Path(path))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> RuleSetComponent:
        self.use(read_saved_ruleset(Path(path)))
        return self
