"""ConText-style attributes for one target: negated, experiencer, temporality, sleep.

Negation, temporality and the sleep sense work as in medspaCy's ConText: a
cue modifies the targets in its scope (its direction, at most ``max_scope``
tokens, never past a terminator such as *men*, never outside the sentence),
and a cue only applies to the indicators and kinds it names. Negation
depends on the kind: a bare *ikke* before a noun denies that the hope exists
(*har ikke nogen drømme*), while after a wish verb it negates the content
(*ønsker ikke at bo på bosted*: still a wish).

Experiencer is not a scope question in Danish case text but one of the
clause's subject: *Kommunen ønsker*, *Det er personalets ønske*, *Derfor
ønsker han*, *en læge, som ønsker*. :class:`ExperiencerResolver` finds the
subject (or possessor) nearest the target and defaults to the citizen, whom
the document is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from casereview.engine.loader import RuleSet
from casereview.engine.matching import DocMatches, Match, TermInfo
from casereview.engine.schema import Cue, Direction, Kind


@dataclass(slots=True)
class Attributes:
    negated: bool = False
    experiencer: str = "citizen"
    experiencer_word: str | None = None
    temporality: str = "current"
    sleep: bool = False
    cues: list[tuple[Cue, Match]] = field(default_factory=list)


class ExperiencerResolver:
    """Whose hope or resource: the subject or possessor nearest the target."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.words: dict[str, str] = {}
        self.subject_case: set[str] = set()
        self.genitives: dict[str, str] = {}
        self.suffixes: list[tuple[str, str]] = []
        for cue in ruleset.experiencers:
            category = cue.category.value
            for word in cue.words:
                low = word.lower()
                self.words.setdefault(low, category)
                if cue.subject_case:
                    self.subject_case.add(low)
                if cue.genitive:
                    self.genitives.setdefault(
                        low + "'" if low.endswith("s") else low + "s", category
                    )
            for suffix in cue.suffixes:
                self.suffixes.append((suffix.lower(), category))
        wl = ruleset.wordlists
        self.prepositions = wl.get("prepositions", frozenset())
        self.adverbs = wl.get("adverbs", frozenset())
        self.possessive_skip = wl.get("possessive_skip", frozenset())
        self.function_words = wl.get("function_words", frozenset())
        self.pronouns = wl.get("subject_pronouns", frozenset()) & set(self.words)
        self.possessives = wl.get("possessive_pronouns", frozenset())

    def category(self, doc: Doc, i: int, sent_start: int) -> str | None:
        """The experiencer category a token names, if it names one."""
        token = doc[i]
        low = token.lower_
        found = self.words.get(low) or self.genitives.get(low)
        if found:
            return found
        for suffix, category in self.suffixes:
            if low.endswith(suffix) and len(low) > len(suffix) + 2:
                return category
        text = token.text
        if (
            i > sent_start
            and text[:1].isupper()
            and token.is_alpha
            and low not in self.function_words
        ):
            # A proper name in the middle of a sentence: in a document about
            # the citizen, the citizen (relatives are named by their role).
            prev = doc[i - 1]
            if not prev.text[:1].isupper() or prev.is_punct:
                return "citizen"
        if text.endswith("'") and text[:1].isupper():
            return "citizen"  # Anders' eget ønske
        return None

    def _after_preposition(self, doc: Doc, i: int, sent_start: int) -> bool:
        j = i - 1
        while j >= sent_start and (
            doc[j].lower_ in self.possessive_skip or doc[j].lower_ in {"egen", "eget", "egne"}
        ):
            j -= 1
        return j >= sent_start and doc[j].lower_ in self.prepositions

    def _subject(self, doc: Doc, i: int, sent_start: int) -> str | None:
        if self._after_preposition(doc, i, sent_start):
            return None
        if doc[i].lower_ in self.possessives:
            return None  # "Hans kæreste håber": "hans" owns the subject, it is not the subject
        return self.category(doc, i, sent_start)

    def _relative_antecedent(self, doc: Doc, i: int, sent_start: int) -> str:
        """The category of the noun a relative *som* / *der* refers to (citizen when unknown)."""
        j = i - 1
        steps = 0
        while j >= sent_start and steps < 6:
            if not doc[j].is_punct:
                category = self.category(doc, j, sent_start)
                if category:
                    return category
                steps += 1
            j -= 1
        return "citizen"

    def _is_relative(self, doc: Doc, i: int, sent_start: int) -> bool:
        low = doc[i].lower_
        if low == "som":
            return i > sent_start and doc[i - 1].text == ","
        return low == "der" and i > sent_start and doc[i - 1].text == ","

    def resolve(
        self, doc: Doc, start: int, end: int, kind: Kind, sent_start: int, sent_end: int
    ) -> tuple[str, str | None]:
        """(category, the word that decided) for the target at tokens ``start:end``."""
        if kind == Kind.noun:
            if end - start > 1 and (category := self.category(doc, start, start)):
                return category, doc[
                    start
                ].text  # the span starts with its possessor ("kommunens ønske er")
            j = start - 1
            while j >= sent_start and doc[j].lower_ in self.possessive_skip:
                j -= 1
            if j >= sent_start:
                category = self.category(doc, j, sent_start)
                if category:
                    return category, doc[j].text
        else:
            # "vil han gerne", "Nu vil jeg gerne": the pronoun right after the verb.
            if end - start > 2 and doc[start + 1].lower_ in self.pronouns:
                return self.words[doc[start + 1].lower_], doc[start + 1].text
            j = start - 1
            while j >= sent_start and doc[j].lower_ in self.adverbs:
                j -= 1
            if j >= sent_start:
                if self._is_relative(doc, j, sent_start):
                    return self._relative_antecedent(doc, j, sent_start), doc[j].text
                category = self._subject(doc, j, sent_start)
                if category:
                    return category, doc[j].text
                if j > sent_start and doc[j - 1].lower_ in self.possessives and doc[j].is_alpha:
                    return (
                        "other",
                        f"{doc[j - 1].text} {doc[j].text}",
                    )  # "hans arbejdsgiver håber": a third party
            if kind == Kind.verb:
                # Inverted main clause: "Derfor ønsker han ...", "drømmer han om ..."
                k = end
                while k < sent_end and doc[k].lower_ in self.adverbs:
                    k += 1
                if k < sent_end and doc[k].lower_ in self.subject_case:
                    return self.words[doc[k].lower_], doc[k].text
        for j in range(start - 1, sent_start - 1, -1):
            if self._is_relative(doc, j, sent_start):
                return self._relative_antecedent(doc, j, sent_start), doc[j].text
            category = self._subject(doc, j, sent_start)
            if category:
                return category, doc[j].text
        return "citizen", None


class ContextResolver:
    """Applies the cues of a document to each target."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.cues = {c.id: c for c in ruleset.cues}
        self.experiencer = ExperiencerResolver(ruleset)

    def applies(self, cue: Cue, indicator: str, info: TermInfo | None) -> bool:
        if cue.indicators is not None and indicator not in cue.indicators:
            return False
        if info is None:
            return cue.term_prefixes is None
        if cue.kinds is not None and info.kind not in cue.kinds:
            return False
        if cue.term_prefixes is not None and not info.id.startswith(tuple(cue.term_prefixes)):
            return False
        return True

    @staticmethod
    def in_scope(
        cue: Cue, c: Match, start: int, end: int, doc: Doc, terminators: list[Match]
    ) -> bool:
        """Whether cue match ``c`` reaches the target at tokens ``start:end``."""
        if c.start < end and start < c.end:
            return True  # inside or overlapping the target ("er ikke god til")
        if c.end <= start:
            if cue.direction == Direction.backward or start - c.end > cue.max_scope:
                return False
            lo, hi = c.end, start
        else:
            if cue.direction == Direction.forward or c.start - end > cue.max_scope:
                return False
            lo, hi = end, c.start
        if any(lo <= t.start < hi and t.id not in cue.crosses for t in terminators):
            return False
        if cue.stop_at_comma and any(doc[i].text in {",", ";", ":"} for i in range(lo, hi)):
            return False
        return True

    @staticmethod
    def sentence_cues(matches: DocMatches, sent: int) -> list[Match]:
        return matches.cues_by_sentence.get(sent, [])

    def attributes(
        self,
        doc: Doc,
        target: Match,
        info: TermInfo,
        indicator: str,
        matches: DocMatches,
        sentence: tuple[int, int],
        section_defaults: dict | None = None,
    ) -> Attributes:
        sent_start, sent_end = sentence
        sent = matches.sent_ids[target.start]
        attrs = Attributes()
        cues = self.sentence_cues(matches, sent)
        terminators = [c for c in cues if self.cues[c.id].category.value == "terminate"]
        hits: dict[str, list[tuple[Cue, Match]]] = {}
        for c in cues:
            cue = self.cues[c.id]
            category = cue.category.value
            if category == "terminate" or not self.applies(cue, indicator, info):
                continue
            if self.in_scope(cue, c, target.start, target.end, doc, terminators):
                hits.setdefault(category, []).append((cue, c))
        attrs.negated = "negated" in hits
        attrs.sleep = "sleep" in hits
        if "hypothetical" in hits:
            attrs.temporality = "hypothetical"
        elif "historical" in hits:
            attrs.temporality = "historical"
        elif (
            "current" not in hits
            and info.temporality is not None
            and info.temporality.value != "current"
        ):
            attrs.temporality = info.temporality.value
        elif "current" not in hits and section_defaults and "temporality" in section_defaults:
            attrs.temporality = section_defaults["temporality"].value
        for category in ("negated", "sleep", "hypothetical", "historical", "current"):
            attrs.cues.extend(hits.get(category, []))
        attrs.experiencer, attrs.experiencer_word = self.experiencer.resolve(
            doc, target.start, target.end, info.kind, sent_start, sent_end
        )
        return attrs
