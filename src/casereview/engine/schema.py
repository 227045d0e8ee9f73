"""Pydantic models for the rule files (``rules/*.yaml``) and lexicons (``lexicons/*.yaml``).

Rules are data, as in medspaCy: a reviewer can change what the engine sees
without touching Python. These models are the contract for those files; a
file that breaks it is refused with a Danish message naming the file, the
entry and the field (see :mod:`casereview.engine.loader`).

Pattern syntax (one string is a sequence of space-separated tokens):

``word``            the lower-cased token equals ``word``
``a|b|c``           one of several words
``@list``           a word from the word list ``list`` (``@list|word`` adds words)
``~lemma``          any surface form of ``lemma`` in the Danish lookup table
``!a|b``            any token except these words
``re:REGEX``        the lower-cased token matches REGEX (anchored with ^$ by you)
``RE:REGEX``        the token as written matches REGEX (case-sensitive)
``*`` / ``*N`` / ``*M..N``  one / 0..N / M..N arbitrary tokens in the same sentence
``TOKEN?``          the token is optional
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from casereview.values import Experiencer, Temporality

SCHEMA_LEXICON = "casereview.lexicon/1"
SCHEMA_RULE = "casereview.rule/1"


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key must not be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Kind(str, Enum):
    """The grammatical shape of a target, which decides the cues that apply to it."""

    verb = "verb"  # ønsker, håber, vil gerne: a bare "ikke" negates the content, not the wish
    noun = "noun"  # ønske, drøm, håb: a bare "ikke" before it denies its existence
    phrase = "phrase"  # any other multi-word expression


class Category(str, Enum):
    """What a context cue says about the targets in its scope."""

    negated = "negated"
    historical = "historical"
    hypothetical = "hypothetical"
    current = "current"
    sleep = "sleep"
    terminate = "terminate"


class Direction(str, Enum):
    forward = "forward"  # the cue modifies targets after it
    backward = "backward"  # the cue modifies targets before it
    bidirectional = "bidirectional"


class Term(Strict):
    """One target expression of an indicator."""

    id: str = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)
    kind: Kind | None = None
    temporality: Temporality | None = None
    mention_only: bool | None = None
    # Word lists (or words) the token before the match must not / must belong to:
    # "sine ønsker" is the noun, "hun ønsker" the verb.
    # Whose resource may count for this term, when it differs from the rule's counts_when
    # ("Moren er en stor støtte for ham" is the citizen's resource).
    counts_experiencer: list[Experiencer] | None = None
    not_after: list[str] = Field(default_factory=list)
    only_after: list[str] = Field(default_factory=list)
    # A volition modal ("vil", "at ville"): a wish only with a person as its subject,
    # found right before or (in V2 inversion) right after it, and not followed by a
    # complement of the listed word lists ("vil blive", "vil have gavn af"): plain future.
    needs_subject: bool = False
    not_before: list[str] = Field(default_factory=list)
    priority: int = 0
    note: str | None = None


class TermGroup(Strict):
    """Targets that share a kind; rules refer to groups by name."""

    kind: Kind = Kind.phrase
    # Mentions without content ("hun har ønsker for fremtiden"): shown, never counted.
    mention_only: bool = False
    terms: list[Term] = Field(min_length=1)


class Cue(Strict):
    """A ConText modifier: a word or phrase that changes the targets in its scope."""

    id: str = Field(min_length=1)
    category: Category
    patterns: list[str] = Field(default_factory=list)
    # Reuse the patterns of a term group (a wish verb scopes a resource as hypothetical).
    patterns_from: str | None = None
    direction: Direction = Direction.forward
    max_scope: int = Field(default=8, ge=0, le=60)
    indicators: list[str] | None = None  # None: all indicators
    kinds: list[Kind] | None = None  # None: all kinds
    # Only targets whose id starts with one of these (sleep words modify dreams, not wishes).
    term_prefixes: list[str] | None = None
    # For backward or bidirectional scope: stop at a comma on the way.
    stop_at_comma: bool = False
    # Terminator cues this cue's scope passes (the night still frames "... og drømmer om ulykken").
    crosses: list[str] = Field(default_factory=list)
    priority: int = 0
    note: str | None = None


class Pseudo(Strict):
    """A fixed phrase that contains a target word but is not a finding (*efter eget ønske*)."""

    id: str = Field(min_length=1)
    patterns: list[str] = Field(min_length=1)
    indicators: list[str] = Field(min_length=1)
    reason: str = Field(min_length=1)  # Danish, shown to reviewers
    priority: int = 10


class ExperiencerCue(Strict):
    """Words naming whose hope or resource it is."""

    id: str = Field(min_length=1)
    category: Experiencer
    words: list[str] = Field(default_factory=list)
    suffixes: list[str] = Field(default_factory=list)
    # Add genitive forms (kommunens, morens) automatically.
    genitive: bool = True
    # Subject-case words may stand after an inverted verb ("drømmer han om").
    subject_case: bool = True


class SectionType(Strict):
    """A kind of template heading and the regular expressions that recognise it."""

    id: str = Field(min_length=1)
    category: str = Field(min_length=1)
    match: list[str] = Field(min_length=1)
    defaults: dict[str, Temporality] = Field(default_factory=dict)
    priority: int = 0

    @field_validator("defaults")
    @classmethod
    def _only_temporality(cls, value: dict[str, Temporality]) -> dict[str, Temporality]:
        unknown = set(value) - {"temporality"}
        if unknown:
            raise ValueError(f"kun 'temporality' kan have en standardværdi, ikke {sorted(unknown)}")
        return value


class Placeholders(Strict):
    """What an empty template field looks like."""

    prefix: list[str] = Field(default_factory=list)
    whole: list[str] = Field(default_factory=list)
    # A body that only points elsewhere ("Se udredning", "Jf. VUM af 3.4.", "Uændret"):
    # not content for the review, though the wish may stand in the document pointed to.
    pointer: list[str] = Field(default_factory=list)


class LexiconFile(Strict):
    """One ``lexicons/*.yaml`` file. Every part is optional; the loader merges files."""

    schema_: Literal["casereview.lexicon/1"] = Field(alias="schema")
    description: str | None = None
    wordlists: dict[str, list[str]] = Field(default_factory=dict)
    term_groups: dict[str, TermGroup] = Field(default_factory=dict)
    cues: list[Cue] = Field(default_factory=list)
    pseudo: list[Pseudo] = Field(default_factory=list)
    experiencers: list[ExperiencerCue] = Field(default_factory=list)
    sections: list[SectionType] = Field(default_factory=list)
    placeholders: Placeholders | None = None


class HeadingFill(str, Enum):
    """When a filled heading of the indicator's category counts by itself."""

    none = "none"  # never: only triggers in the body count
    goal = "goal"  # a goal phrase ("At komme tættere på sin datter") or a noun phrase
    statement = "statement"  # any content that is not negated, a deficit or someone else's
    any = "any"  # any content that is not a placeholder


class CountsWhen(Strict):
    """Which attribute values let a finding count toward the document flag."""

    negated: bool = False
    experiencer: list[Experiencer] = Field(default_factory=lambda: [Experiencer.citizen])
    temporality: list[Temporality] = Field(default_factory=lambda: [Temporality.current])


class Explanation(Strict):
    """The indicator's words in a counting finding's Danish explanation.

    ``citizen``: "Tæller: <citizen>." for the citizen's own finding; ``other``:
    "Tæller: <who> <other>." when the rule lets someone else's finding count.
    Without them the explanation says the expression belongs to the indicator.
    """

    citizen: str | None = Field(default=None, min_length=1)
    other: str | None = Field(default=None, min_length=1)


class Rule(Strict):
    """One indicator (``rules/*.yaml``): what it finds, and how it is shown (the catalogue)."""

    schema_: Literal["casereview.rule/1"] = Field(alias="schema")
    id: str = Field(pattern=r"^[a-z_]+$")
    label: str = Field(min_length=1)
    # A narrow column's heading ("Håb"); the label when missing.
    short_label: str | None = Field(default=None, min_length=1, max_length=8)
    description: str = Field(min_length=1)
    order: int = 0
    # The highlight behind a finding in the TUI, and the CLI's style for it.
    colour: str = Field(default="#c8c8c8", pattern=r"^#[0-9a-fA-F]{6}$")
    terminal_style: str = Field(default="bold", pattern=r"^[a-z_ ]+$")
    emphasis: bool = False  # a main indicator: highlights in bold
    # A second signal besides colour, for readers who cannot tell the colours apart.
    mark: Literal["underline", "italic", "none"] = "none"
    explanation: Explanation = Field(default_factory=Explanation)
    term_groups: list[str] = Field(min_length=1)
    heading_categories: list[str] = Field(default_factory=list)
    heading_fill: HeadingFill = HeadingFill.none
    # A filled heading only counts when its first sentence has no cue of these categories.
    fill_blockers: list[str] = Field(default_factory=list)
    counts_when: CountsWhen = Field(default_factory=CountsWhen)
    # Quoted first-person speech counts as a finding of this indicator.
    quoted_first_person: bool = False
    # An answer to a question about wishes counts ("Adspurgt om ..., svarer hun: 'At ...'").
    answers_to_questions: bool = False
