"""From matches to findings and document flags, per indicator rule.

Three sources of findings:

* terms: a target of the rule's term groups, with its ConText attributes;
  pseudo-triggers (*efter eget ønske*) become findings that never count, so a
  reviewer sees what the engine saw and why it set it aside;
* headings: a template field of the rule's category that is empty or only a
  placeholder (never counts), or filled with content (counts, as the rule's
  ``heading_fill`` says);
* quotes: first-person speech in quotation marks, for ``own_words``.

A finding counts when the rule's ``counts_when`` admits its attributes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from casereview.engine.components import RuleSetComponent, ruleset_loader
from casereview.engine.context import Attributes, ContextResolver
from casereview.engine.findings import Cue as FindingCue
from casereview.engine.findings import Finding
from casereview.engine.loader import RuleSet
from casereview.engine.matching import DocMatches, Match, RuleMatcher
from casereview.engine.schema import HeadingFill, Rule
from casereview.engine.sections import Section, SectionMatcher, doc_text
from casereview.engine.spans import set_finding_spans

_QUOTES = re.compile(r'"([^"\n]{3,})"|»([^«\n]{3,})«|„([^“”\n]{3,})[“”]|“([^”\n]{3,})”')
_WORD = re.compile(r"\w+")

for _name in ("cr_findings", "cr_flags", "cr_matches"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


# A question, then the answer after "svarer/sagde ...:" on the same line.
_ANSWER = re.compile(
    r"(?i)\b(?P<question>(?:adspurgt|spurgt|spurgte|spørger|spørgsmålet)\b[^\n]{0,200}?)"
    r"\b(?:svarer|svarede|siger|sagde)\b(?P<between>[^:\n]{0,40}):[ \t]*[\"»“„]?"
    r"(?P<answer>[^\"«”\n]{3,200})"
)
# A bracketed line that speaks to the form's reader ("du", "skriv", "beskriv"): help text
_HELP_WORDS = re.compile(
    r"\b(?:du|dig|din|dit|dine|skriv|beskriv|angiv|udfyld|notér|noter|uddyb)\b", re.IGNORECASE
)


def _in_help_text(text: str, char: int) -> bool:
    """Whether ``char`` stands inside a bracketed line addressed to whoever fills in the form."""
    start = text.rfind("\n", 0, char) + 1
    end = text.find("\n", char)
    line = text[start : end if end != -1 else len(text)].strip(" \t-•*")
    if not (line.startswith("(") and line.rstrip(".").endswith(")")):
        return False
    return bool(_HELP_WORDS.search(line))


class IndicatorScorer:
    """Turns a Doc with sections and sentences into findings and flags."""

    def __init__(self, ruleset: RuleSet, vocab) -> None:
        self.ruleset = ruleset
        self.matcher = RuleMatcher(ruleset, vocab)
        self.context = ContextResolver(ruleset)
        self.sections = SectionMatcher(ruleset)
        self.finite_verbs = ruleset.wordlists.get("finite_verbs", frozenset())
        self.subject_words = ruleset.wordlists.get("subject_pronouns", frozenset())
        self.clause_breaks = ruleset.wordlists.get("clause_breaks", frozenset())
        self.negated_content = ruleset.wordlists.get("negated_content", frozenset())
        self.wish_questions = ruleset.wordlists.get("wish_questions", frozenset())
        self.negative_answers = ruleset.wordlists.get("negative_answers", frozenset())
        self.denials = ruleset.wordlists.get("denials", frozenset())
        first_person = sorted(ruleset.wordlists.get("first_person", frozenset()))
        self.first_person = re.compile(
            rf"\b({'|'.join(map(re.escape, first_person)) or '(?!)'})\b", re.IGNORECASE
        )

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        sections = doc._.cr_sections if doc._.cr_sections is not None else self.sections.find(text)
        generic = [
            (s.heading_start, s.heading_end) for s in sections if s.heading_end > s.heading_start
        ]
        matches = self.matcher(doc, generic)
        sentences = matches.sentence_bounds
        findings: list[Finding] = []
        for rule in self.ruleset.rules:
            own = self._term_findings(doc, rule, matches, sections, sentences)
            self._embedded_in_others(doc, own, matches)
            own += self._heading_findings(doc, rule, sections, matches, own)
            if rule.quoted_first_person:
                own += self._quote_findings(doc, rule, sections)
            if rule.answers_to_questions:
                own += self._answer_findings(doc, rule, sections)
            findings.extend(own)
        findings.sort(key=lambda f: (f.start, f.end, f.indicator))
        doc._.cr_matches = matches
        doc._.cr_findings = findings
        doc._.cr_flags = {
            r.id: any(f.counts for f in findings if f.indicator == r.id) for r in self.ruleset.rules
        }
        return doc

    # -- terms ------------------------------------------------------------
    def _term_findings(
        self, doc, rule: Rule, matches: DocMatches, sections, sentences
    ) -> list[Finding]:
        out = []
        for match in matches.targets.get(rule.id, []):
            section = _section_at(sections, doc[match.start].idx)
            span = doc[match.start : match.end]
            if match.type == "P":
                pseudo = self.matcher.pseudo[match.id]
                out.append(
                    self._finding(
                        rule,
                        span,
                        match.id,
                        "pseudo",
                        Attributes(),
                        section,
                        reason="pseudo",
                        detail=pseudo.reason,
                    )
                )
                continue
            info = self.matcher.terms[match.id]
            bounds = sentences[matches.sent_ids[match.start]]
            if info.not_before and self._followed_by(doc, match.end, bounds[1], info.not_before):
                continue  # "vil blive indkaldt", "vil have gavn af": future, not volition
            defaults = section.defaults if section else None
            attrs = self.context.attributes(doc, match, info, rule.id, matches, bounds, defaults)
            if attrs.experiencer == "none":
                continue  # a volition modal without a person as subject ("det vil tage tid")
            if span.text.endswith(":") and (kind := self._inline_field(doc, span.end_char)):
                # "Hej, hvordan går det? Borgers ønsker: Se handleplan." inside a sentence
                out.append(
                    self._finding(
                        rule,
                        span,
                        match.id,
                        "term",
                        attrs,
                        section,
                        reason=kind,
                        detail=kind_text(doc, span.end_char),
                    )
                )
                continue
            if _in_help_text(doc_text(doc), span.start_char):
                # "(Skriv her, hvad du selv synes, du er god til)": the form's own help text
                help_text = "skabelonens egen hjælpetekst"
                out.append(
                    self._finding(
                        rule, span, match.id, "term", attrs, section, "pseudo", detail=help_text
                    )
                )
                continue
            reason = self._reason(rule, attrs, info.mention_only, info.counts_experiencer)
            detail = attrs.experiencer_word if reason == "experiencer" else None
            out.append(
                self._finding(
                    rule, span, match.id, "term", attrs, section, reason=reason, detail=detail
                )
            )
        return out

    def _embedded_in_others(self, doc, findings: list[Finding], matches: DocMatches) -> None:
        """A wish inside the *at*-clause of someone else's hope is part of that hope:
        *Moren håber, at han vil begynde i et aktivitetstilbud* is the mother's."""
        governors = [
            f
            for f in findings
            if f.source == "term"
            and f.experiencer not in ("citizen", "none")
            and f.rule in self.matcher.terms
            and self.matcher.terms[f.rule].kind.value == "verb"
        ]
        if not governors:
            return
        for n, finding in enumerate(findings):
            if finding.source != "term" or finding.experiencer != "citizen":
                continue
            for gov in governors:
                if gov.end > finding.start:
                    continue
                first = doc.char_span(gov.end, finding.start, alignment_mode="expand")
                if first is None or len(first) > 14:
                    continue
                if first.start >= len(matches.sent_ids) or (
                    matches.sent_ids[first.start]
                    != matches.sent_ids[max(first.end - 1, first.start)]
                ):
                    continue
                if any(t.lower_ in self.clause_breaks for t in first):
                    continue  # "Moren ønsker, at Jonas flytter hjem, men Jonas vil selv gerne ..."
                if any(t.lower_ == "at" for t in first[:4]) or first[0].text == ",":
                    # "Moren håber, at han vil ...", also without "at": "Jeg håber, han vil ..."
                    findings[n] = replace(
                        finding,
                        counts=False,
                        experiencer=gov.experiencer,
                        reason="experiencer",
                        detail=f"del af '{gov.text}' ({gov.detail or gov.experiencer})",
                    )
                    break

    def _inline_field(self, doc, char: int) -> str | None:
        """For a field label inside running text: ``"pointer"`` or ``"empty_heading"``
        when what follows it is only a pointer or a placeholder."""
        kind = self.sections.placeholder_kind(kind_text(doc, char))
        if kind is None:
            return None
        return "pointer" if kind == "pointer" else "empty_heading"

    def _followed_by(self, doc, i: int, sent_end: int, words: frozenset[str]) -> bool:
        """Whether the first word after ``i`` that is not an adverb is one of ``words``;
        after a light verb (*have*, *få*) the word after it decides (*vil have gavn af*)."""
        adverbs = self.context.experiencer.adverbs
        while i < sent_end and (doc[i].lower_ in adverbs or doc[i].is_space):
            i += 1
        if i < sent_end and doc[i].lower_ in {"have", "få"}:
            i += 1
            while i < sent_end and doc[i].lower_ in {"en", "et", "stor", "god", "meget", "mere"}:
                i += 1
        return i < sent_end and doc[i].lower_ in words

    @staticmethod
    def _reason(
        rule: Rule,
        attrs: Attributes,
        mention_only: bool,
        experiencers: tuple[str, ...] | None = None,
    ) -> str:
        wanted = rule.counts_when
        if attrs.sleep:
            return "sleep"
        if attrs.negated and not wanted.negated:
            return "negated"
        if attrs.experiencer not in (experiencers or {e.value for e in wanted.experiencer}):
            return "experiencer"
        if attrs.temporality not in {t.value for t in wanted.temporality}:
            return attrs.temporality
        if mention_only:
            return "no_content"
        return "counts"

    def _finding(
        self, rule, span, rule_id, source, attrs: Attributes, section, reason, detail=None
    ) -> Finding:
        return Finding(
            indicator=rule.id,
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            counts=reason == "counts",
            negated=attrs.negated,
            experiencer=attrs.experiencer,
            temporality=attrs.temporality,
            section=section.title if section else None,
            rule=rule_id,
            cues=[
                FindingCue(
                    c.id,
                    c.category.value,
                    span.doc[m.start : m.end].text,
                    span.doc[m.start].idx,
                    span.doc[m.start : m.end].end_char,
                )
                for c, m in attrs.cues
            ],
            source=source,
            reason=reason,
            detail=detail,
        )

    # -- headings ---------------------------------------------------------
    def _heading_findings(
        self, doc, rule: Rule, sections: list[Section], matches, terms
    ) -> list[Finding]:
        out = []
        for section in sections:
            if section.category not in rule.heading_categories:
                continue
            if section.is_empty:
                start, end = section.heading_start, section.heading_end
                label = doc_text(doc)[start:end].rstrip()
                out.append(
                    Finding(
                        rule.id,
                        start,
                        start + len(label),
                        label,
                        False,
                        False,
                        "citizen",
                        "current",
                        section.title,
                        f"{rule.id}.heading",
                        source="heading",
                        reason="pointer" if section.status == "pointer" else "empty_heading",
                        detail=section.placeholder,
                    )
                )
                continue
            if rule.heading_fill == HeadingFill.none:
                continue
            finding = self._fill_finding(doc, rule, section, matches, terms)
            if finding is not None:
                out.append(finding)
        return out

    def _fill_finding(
        self, doc, rule: Rule, section: Section, matches: DocMatches, terms
    ) -> Finding | None:
        start, end = section.first_start, section.first_end
        if any(start <= f.start < end and f.source == "term" for f in terms):
            return None  # the words in the field speak for themselves ("ressourcesvag" too)
        text = doc_text(doc)[start:end]
        words = [w.lower() for w in _WORD.findall(text)]
        if not words:
            return None
        if rule.heading_fill == HeadingFill.goal and words[0] != "at":
            if words[0] in self.subject_words or any(w in self.finite_verbs for w in words):
                return None  # a statement, not a goal phrase: its own terms decide
        # In an infinitive goal phrase a negation is part of the goal
        # ("At blive fri for sovepillerne", "... uden at gå hjem før frokost").
        skip = {"negated"} if rule.heading_fill == HeadingFill.goal and words[0] == "at" else set()
        reason, cues = self._fill_blocked(doc, rule, start, end, matches, skip)
        experiencer = "citizen"
        if reason is None:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and rule.heading_fill != HeadingFill.any:
                first = span[0]
                category = self.context.experiencer.category(doc, first.i, first.i)
                if category and category != "citizen":
                    reason, experiencer = "experiencer", category
        return Finding(
            rule.id,
            start,
            end,
            text,
            reason is None,
            reason == "negated",
            experiencer,
            "current",
            section.title,
            f"{rule.id}.heading",
            cues=cues,
            source="heading",
            reason=reason or "counts",
            detail=None,
        )

    def _fill_blocked(
        self, doc, rule: Rule, start: int, end: int, matches: DocMatches, skip: set[str]
    ):
        if not rule.fill_blockers:
            return None, []
        for category in rule.fill_blockers:
            if category in skip:
                continue
            for m in matches.cues.get(category, []):
                cue = self.context.cues[m.id]
                if cue.indicators is not None and rule.id not in cue.indicators:
                    continue
                c_start = doc[m.start].idx
                if start <= c_start < end:
                    if (
                        category == "negated"
                        and m.end < len(doc)
                        and doc[m.end].lower_ in self.negated_content
                    ):
                        continue  # "Mine mål: - Ikke flere indlæggelser": a wish not to
                    span = doc[m.start : m.end]
                    return category, [
                        FindingCue(cue.id, category, span.text, span.start_char, span.end_char)
                    ]
        return None, []

    # -- quotes -----------------------------------------------------------
    def _answer_findings(self, doc, rule: Rule, sections) -> list[Finding]:
        """The citizen's answer to a question about wishes or what matters most.

        *Adspurgt om, hvad der er vigtigst for hende, svarer Helin: "At jeg får lov at
        se ham hver uge"* states a wish without a wish word. An answer that denies
        (*"Ikke lige nu"*, *"Ved ikke"*) or that another person gives is no wish.
        """
        text = doc_text(doc)
        resolver = self.context.experiencer
        names = resolver._names(doc)
        out = []
        for m in _ANSWER.finditer(text):
            question = m.group("question").lower()
            if not any(w in question for w in self.wish_questions):
                continue
            answer = m.group("answer")
            words = _WORD.findall(answer.lower())
            if not words or words[0] in self.negative_answers:
                continue
            first_clause = set(_WORD.findall(re.split(r"[,.!?]", answer.lower())[0]))
            around = set(_WORD.findall(f"{question} {m.group('between')}".lower()))
            if (words[0] != "at" and first_clause & self.negative_answers) or (
                around & self.denials
            ):
                continue  # "Det ved jeg ikke", "sagde, at han ikke kan komme i tanke om noget"
            speaker = _WORD.findall(m.group("between"))
            if any(
                resolver.words.get(w.lower(), "citizen") != "citizen"
                or names.get(w, "citizen") != "citizen"
                for w in speaker
            ):
                continue  # "svarer moren: ...", "svarede Gitte (mor): ..."
            start = m.start("answer")
            end = start + len(answer.rstrip(" .!,"))
            section = _section_at(sections, start)
            out.append(
                Finding(
                    rule.id,
                    start,
                    end,
                    text[start:end],
                    True,
                    False,
                    "citizen",
                    "current",
                    section.title if section else None,
                    f"{rule.id}.answer",
                )
            )
        return out

    def _quote_findings(self, doc, rule: Rule, sections) -> list[Finding]:
        out = []
        for m in _QUOTES.finditer(doc_text(doc)):
            group = next(i for i in range(1, 5) if m.group(i) is not None)
            if not self.first_person.search(m.group(group)):
                continue
            start, end = m.start(group), m.end(group)
            section = _section_at(sections, start)
            out.append(
                Finding(
                    rule.id,
                    start,
                    end,
                    m.group(group),
                    True,
                    False,
                    "citizen",
                    "current",
                    section.title if section else None,
                    f"{rule.id}.quote",
                    source="quote",
                )
            )
        return out


def kind_text(doc, char: int) -> str:
    """The text after a label's colon, up to the end of its sentence or line."""
    rest = doc_text(doc)[char : char + 200]
    end = re.search(r"(?<=[.!?])\s|\n", rest)
    return (rest[: end.start()] if end else rest).strip()


def _section_at(sections: list[Section], char: int) -> Section | None:
    found = None
    for section in sections:
        if section.heading_start <= char:
            found = section
        else:
            break
    if found is not None and char >= found.body_end:
        return None
    return found


class FindingsComponent(RuleSetComponent):
    """Pipeline component: findings as spans in ``doc.spans["casereview"]`` (attributes in
    ``Span._``, see :mod:`casereview.engine.spans`), the same as ``doc._.cr_findings``, and
    the flag per indicator in ``doc._.cr_flags``."""

    def __init__(self, ruleset: RuleSet | Callable[[], RuleSet], vocab: Vocab) -> None:
        self.vocab = vocab
        super().__init__(ruleset)

    def _build(self, ruleset: RuleSet) -> None:
        self.scorer = IndicatorScorer(ruleset, self.vocab)

    def __call__(self, doc: Doc) -> Doc:
        self.ready()
        doc = self.scorer(doc)
        set_finding_spans(doc, doc._.cr_findings)
        return doc


@Language.factory("casereview_findings", default_config={"rules_dir": None, "lexicons_dir": None})
def make_findings(
    nlp: Language, name: str, rules_dir: str | None, lexicons_dir: str | None
) -> FindingsComponent:
    return FindingsComponent(ruleset_loader(rules_dir, lexicons_dir), nlp.vocab)


__all__ = ["FindingsComponent", "IndicatorScorer", "Match"]
