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

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from casereview.engine.compiling import TermInfo
from casereview.engine.loader import RuleSet
from casereview.engine.matching import DocMatches, Match, sentence_ids
from casereview.engine.schema import Cue, Direction, Kind
from casereview.engine.sections import doc_text

# Names in any Latin script (Rannvá, Łukasz, Ayşe): an upper-case first letter, then lower case.
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LOWER = "a-zß-öø-ÿĀ-ſ"
_CAPITALISED = re.compile(rf"(?<![\w-])[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}]?[{_LOWER}]+)?(?![\w-])")
# A person named with their age: "Yonas Tesfay, 19 år", "Ayaan Hassan (35 år)"
_AGE_NAMED = re.compile(
    rf"(?<![\w-])(?P<name>[{_UPPER}][{_LOWER}]+(?:[ -][{_UPPER}][{_LOWER}]+){{0,3}})"
    r",? \(?\d{1,3} år\b"
)
# "Annie fra lejlighed 2", "Ramazan i lejl. 8": a resident named by their flat or room
_RESIDENT = re.compile(
    r"[ \t]+(?:fra|i|på)[ \t]+(?:lejlighed|lejl\.|værelse|vær\.|bolig|nr\.|stue|hus)[ \t]*\d",
    re.IGNORECASE,
)
_PREVIOUS = re.compile(r"(?P<word>[\w'æøåÆØÅ]+|[^\w\s])(?P<gap>[\s:,]*)$")
_BRACKET = re.compile(r" \(([\wæøåÆØÅ-]+)\)")
_BOUNDARY = frozenset('.!?:•-–"»„“|')
_ADDRESS_LINE = re.compile(
    r"[ \t>]*(fra|til|cc|bcc|sendt|from|to|afsender|modtager)[ \t]*:", re.IGNORECASE
)


_LABEL_LINE = re.compile(r"[ \t]*[\wæøåÆØÅ. ]{1,30}?[ \t]*(:|\|)[ \t]*\n?[ \t]*$")


def _header_gap(gap: str, text: str, line_start: int, name_start: int) -> bool:
    """Whether the text from the line's start to a name is a field label ("Borgerens navn: ",
    "Borger | "), or the label stands alone on the line before ("Borger:\nIngrid")."""
    if ":" not in gap and "|" not in text[line_start:name_start]:
        return False
    if line_start == 0 or text[line_start:name_start].strip():
        return bool(_LABEL_LINE.fullmatch(text, line_start, name_start))
    previous = text.rfind("\n", 0, line_start - 1) + 1
    return bool(_LABEL_LINE.fullmatch(text, previous, name_start))


def _mid_sentence_text(before: str, prev: re.Match | None, greetings: frozenset[str]) -> bool:
    """Whether a word after ``before`` stands inside a sentence (a name, not an opener):
    not after a line break or sentence punctuation, and not a greeting's addressee."""
    if prev is None or "\n" in prev.group("gap") or ":" in prev.group("gap"):
        return False
    word = prev.group("word")
    return word[-1] not in _BOUNDARY and word.lower() not in greetings


def _genitive(doc: Doc, k: int) -> bool:
    """A capitalised genitive before a lower-case noun: *Ingrids nevø*, *Tommys mor*."""
    text = doc[k].text
    return (
        text[:1].isupper()
        and text.endswith(("s", "'"))
        and k + 1 < len(doc)
        and doc[k + 1].is_alpha
        and doc[k + 1].text.islower()
    )


_UNSET = object()
# "Mor: Jeg håber ...", "Ole (borger): Jeg vil ...": a speaker label opens a line of minutes.
_SPEAKER_LINE = re.compile(
    r"(?m)^[ \t•*-]*(?P<label>[A-ZÆØÅ][\wæøåÆØÅ.\- ]{0,30}?)(?: \([^)\n]{1,30}\))?:[ \t]+(?P<body>.+)$"
)
# "skrevet af Lars (nattevagt)", "Udarbejdet af: Trine, bostøtte": who wrote the note
_WRITTEN_BY = re.compile(
    r"(?im)\b(?:skrevet|udarbejdet|ført|noteret)\s+af\s*:?[ \t]*(?P<who>[^\n;–]{1,60})"
)
# After a quotation: the speech verb and who speaks ('", siger Bodil', '" fortæller moren').
_SPEECH_AFTER = re.compile(
    r"[\s,]*(?:siger|sagde|fortæller|fortalte|skriver|skrev|tilføjer|udtaler|svarer|svarede)"
    r"\s+(?P<who>[^\s,.!?]+(?: [A-ZÆØÅ][\wæøå]+)?)"
)
_SENDER = re.compile(r"(?im)^[ \t>]*(fra|afsender|from)[ \t]*:[ \t]*(?P<who>[^\n]*)$")
_QUOTED = re.compile(r'"[^"\n]{3,}"|»[^«\n]{3,}«|„[^“”\n]{3,}[“”]|“[^”\n]{3,}”')
_PEER = re.compile(
    r"(?i)\b(peer|peer-?medarbejder\w*|peerstøtte\w*|erfaringskonsulent\w*|recoverymentor\w*|"
    r"medarbejder med levet erfaring|egne erfaringer med psykisk)\b"
)
# A document in the citizen's own voice: the first person there is the citizen's.
_OWN_VOICE = re.compile(
    r"(?im)^[ \t#*]*(min plan|mine mål|mit mål|mine drømme|mine ønsker|det vil jeg|det drømmer jeg om|"
    r"hvad er vigtigt for mig|om mig|mine ressourcer|det er jeg god til|jeg er god til|mit liv|min hverdag|"
    r"det ser jeg frem til|skrevet af borgeren|borgerens egen tekst|borgerens egne ord|mit eget afsnit|"
    r"[^\n]*skrevet af [\wæøåÆØÅ]+ selv)\b"
)


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
        # one alternation, longest first, for "...kommunen", "...centret" (category per suffix)
        self.suffix_category = {suffix: category for suffix, category in reversed(self.suffixes)}
        ordered = sorted(self.suffix_category, key=len, reverse=True)
        self.suffix_re = (
            re.compile("(?:" + "|".join(map(re.escape, ordered)) + ")$") if ordered else None
        )
        wl = ruleset.wordlists
        self.prepositions = wl.get("prepositions", frozenset())
        self.adverbs = wl.get("adverbs", frozenset())
        self.possessive_skip = wl.get("possessive_skip", frozenset())
        self.function_words = wl.get("function_words", frozenset())
        self.first_person_words = wl.get("first_person", frozenset())
        self.third_person_words = wl.get("third_person", frozenset())
        self.greetings = wl.get("greetings", frozenset())
        self.pronouns = wl.get("subject_pronouns", frozenset()) & set(self.words)
        self.possessives = wl.get("possessive_pronouns", frozenset())
        self.female = wl.get("female_persons", frozenset())
        self.male = wl.get("male_persons", frozenset())
        self.finite_verbs = wl.get("finite_verbs", frozenset())
        self.clause_openers = wl.get("clause_openers", frozenset())
        self.determiners = wl.get("determiners", frozenset())
        self.not_antecedents = wl.get("not_antecedents", frozenset())
        self.citizen_headers = wl.get("citizen_headers", frozenset())
        self.female_names = wl.get("female_names", frozenset())
        self.male_names = wl.get("male_names", frozenset())
        self.first_names = self.female_names | self.male_names
        self.about_labels = wl.get("about_labels", frozenset())
        self.child_nouns = wl.get("child_nouns", frozenset())
        self.other_markers = wl.get("other_markers", frozenset())
        self.plural_persons = wl.get("plural_persons", frozenset())

    # -- who is named in the document -------------------------------------
    def _names(self, doc: Doc) -> dict[str, str]:
        """Proper names in the document with the category of the person they name.

        A name right after a role word is that person's (*Sagsbehandler: Signe
        Holmboe*, *Medbeboer Lene*, *Moren, Hanne,*). The citizen is the person a
        header names (*Borger: Oliver Krag*), else the name mentioned most often;
        once the citizen is known, any other name is someone else (*Bo vil gerne
        ...* in Ole's note is another resident's wish). Computed once per document.
        """
        cached = doc.user_data.get("cr_names")
        if cached is not None:
            return cached
        text = doc_text(doc)
        names: dict[str, str] = {}
        counts: dict[str, int] = {}
        last: tuple[int, str | None] = (-1, None)  # end of the previous name and its role
        last_word = ""
        for m in _CAPITALISED.finditer(text):
            word, low = m.group(), m.group().lower()
            if low in self.words or word.isupper() or low in self.citizen_headers:
                continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            if _ADDRESS_LINE.match(text, line_start):
                continue  # "Fra: ...", "Til: ...": who writes and who reads, not who it is about
            before = text[max(0, m.start() - 48) : m.start()]
            prev = _PREVIOUS.search(before)
            if prev and prev.group("word") == "|":  # "Borger | Torben": the label before the bar
                prev = _PREVIOUS.search(before[: prev.start()].rstrip()) or prev
            if prev and prev.group("word") == "(":  # "søn (Kim):", "sponsor (Rasmus)"
                role_word = _PREVIOUS.search(before[: prev.start()].rstrip())
                if role_word and role_word.group("word").lower() in self.words:
                    prev = role_word
            about = None
            if prev and prev.group("word") == ".":  # "Vedr. Malene Kjær", "Vedr.: Jonas"
                about = _PREVIOUS.search(before[: prev.start()])
                if not (about and about.group("word").lower() in self.about_labels):
                    about = None
            prev_word = prev.group("word") if prev else ""
            gap = prev.group("gap") if prev else "\n"
            role = None
            if last[0] == m.start() - 1 and last[1]:
                role = last[1]  # "Signe Holmboe": the surname keeps the role
            elif last[1] and text[last[0] : m.start()] == " og ":
                role = last[1]  # "plejeforældrene Gitte og Palle": both carry the role
            elif about is not None and "\n" not in gap:
                role = "citizen"  # "Vedr.: Jonas Frederiksen": the person the note is about
            elif prev is not None and prev_word and "\n\n" not in gap:
                label = prev_word.lower()
                owner = _PREVIOUS.search(before[: prev.start()])
                owner_word = owner.group("word").lower() if owner else ""
                if owner_word in self.other_markers and "," in gap:
                    role = "other"  # "En anden deltager, Merete, drømmer om ..."
                elif label in self.citizen_headers and _header_gap(
                    gap, text, line_start, m.start()
                ):
                    role = "citizen"  # "Borger: Kim Bundgaard", "Borgerens navn:\nEmil", "Borger | Torben"
                elif label in self.words and ("\n" not in gap or ":" in gap):
                    role = self.words[label]
                    if owner_word in {"min", "mit", "mine", "vores"} and label in self.child_nouns:
                        role = None  # "Min søn Anders" in a parent's letter: the citizen
            bracket = _BRACKET.match(text, m.end())
            if bracket and (bracket_role := self.words.get(bracket.group(1).lower())):
                role = names[word] = bracket_role  # "Grethe Jensen (mor)": the whole name
                if last[0] == m.start() - 1:
                    names[last_word] = role
            if role is None and _RESIDENT.match(text, m.end()):
                role = "other"  # a co-resident, named by the flat they live in
            if role:
                names.setdefault(word, role)
            elif low not in self.function_words and _mid_sentence_text(
                before, prev, self.greetings
            ):
                counts[word] = counts.get(word, 0) + 1
            elif low in self.female_names or low in self.male_names:
                counts.setdefault(word, 0)  # a first name opening a sentence is a person too
            last, last_word = (m.end(), role), word
        citizen = {n for n, c in names.items() if c == "citizen"}
        if not citizen:
            # "Ugeplan – Yonas Tesfay, 19 år", "Helin Karimi, 20 år, mor til Aras": the
            # person whose age the document states, when no label names the citizen
            for m in _AGE_NAMED.finditer(text):
                first = m.group("name").split()[0]
                if names.get(first) is None and first.lower() not in self.words:
                    citizen = {first, *m.group("name").split()[1:]}
                    break
        if not citizen and counts:
            # the name mentioned most; among equals, what reads as a first name
            top = max(counts.values())
            if top >= 2:
                citizen = {n for n, c in counts.items() if c == top}
                citizen = {n for n in citizen if n.lower() in self.first_names} or citizen
        citizen -= {n for n, c in names.items() if c != "citizen"}
        for name in citizen:
            names[name] = "citizen"
        if citizen:
            for name in counts:
                # only what reads as a person: a first name, or a name seen as a subject
                if name.lower() in self.first_names:
                    names.setdefault(name, "other")
        doc.user_data["cr_names"] = names
        doc.user_data["cr_mid_names"] = frozenset(counts)
        return names

    def _header_label(self, doc: Doc, i: int) -> bool:
        """A line that starts with a citizen header label and a colon ("Borger:", "Elev:")."""
        if doc[i].lower_ not in self.citizen_headers:
            return False
        at_line_start = i == 0 or (doc[i - 1].is_space and "\n" in doc[i - 1].text)
        return at_line_start and i + 1 < len(doc) and doc[i + 1].text == ":"

    def _bracket_role(self, doc: Doc, i: int) -> str | None:
        """The role in brackets right after a name: "Grethe (mor)", "Marianne (DPC)"."""
        if i + 3 < len(doc) and doc[i + 1].text == "(" and doc[i + 3].text.startswith(")"):
            return self.words.get(doc[i + 2].lower_)
        return None

    @staticmethod
    def _mid_sentence(doc: Doc, i: int) -> bool:
        if i == 0:
            return False
        prev = doc[i - 1]
        if prev.is_space or prev.text[-1:] in {
            ".",
            "!",
            "?",
            ":",
            "•",
            "-",
            "–",
            '"',
            "»",
            "„",
            "“",
        }:
            return False
        # "Hej Bo", "Kære Jannie": the addressee of a letter, not the person it is about
        return prev.lower_ not in {"hej", "kære", "hi", "dear", "til", "cc"}

    # -- first person: whose "jeg" ----------------------------------------
    def _voices(self, doc: Doc) -> tuple[list[tuple[int, int, str]], bool]:
        """Spans of reported first person with their speaker, and whether the
        document is written in the citizen's own voice (*Min plan*, *Mine mål*)."""
        cached = doc.user_data.get("cr_voices")
        if cached is not None:
            return cached
        text = doc.text
        spans: list[tuple[int, int, str]] = []
        senders = list(_SENDER.finditer(text))
        for n, m in enumerate(senders):
            # an e-mail thread: the first person of each mail is its sender's
            end = senders[n + 1].start() if n + 1 < len(senders) else len(text)
            spans.append((m.end(), end, self._label_category(doc, m.group("who"))))
        for m in _SPEAKER_LINE.finditer(text):
            label = m.group("label").strip()
            words = label.lower().split()
            if (
                len(words) > 4
                or words[0] in self.first_person_words
                or words[0] in {"fra", "til", "cc"}
            ):
                continue
            category = self.words.get(label.lower()) or self.words.get(words[0])
            if category is None and label in self._names(doc):
                category = self._names(doc)[label]
            if category is not None:
                spans.append((m.start("body"), m.end("body"), category))
        for m in _QUOTED.finditer(text):
            after = _SPEECH_AFTER.match(text, m.end())  # '"Jeg håber ...", siger Bodil.'
            speaker = (
                self._label_category(doc, after.group("who"))
                if after
                else self._speaker_before(doc, m.start())
            )
            spans.append((m.start(), m.end(), speaker))
        own_voice = bool(_OWN_VOICE.search(text))
        doc.user_data["cr_voices"] = (spans, own_voice)
        return spans, own_voice

    def speaker_at(self, doc: Doc, char: int) -> tuple[str, str] | None:
        """The (category, label) of the minutes' speaker line that holds ``char``, if any."""
        for start, end, category, label in self._speakers(doc):
            if start <= char < end:
                return category, label
        return None

    def _speaker_matches(self, speaker: tuple[str, str], pronoun: str) -> bool:
        """Whether a *han*/*hun* in a speaker's line can be the speaker (by first name)."""
        first = speaker[1].split()[0].lower()
        gender = "f" if first in self.female_names else "m" if first in self.male_names else None
        return gender == ("m" if pronoun.lower() == "han" else "f")

    def _speakers(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        cached = doc.user_data.get("cr_speakers")
        if cached is not None:
            return cached
        out = []
        for m in _SPEAKER_LINE.finditer(doc_text(doc)):
            label = m.group("label").strip()
            words = label.lower().split()
            if (
                len(words) > 3
                or words[0] in self.first_person_words
                or words[0] in {"fra", "til", "cc"}
            ):
                continue
            names = self._names(doc)
            first = label.split()[0]
            category = names.get(first) or self.words.get(label.lower()) or self.words.get(words[0])
            if (
                category is None
                and "citizen" in names.values()
                and (first.lower() in self.first_names or first in doc.user_data["cr_mid_names"])
            ):
                category = "other"  # "Karim: ..." in minutes about Aya (not "Ressourcer: ...")
            if category is not None and category != "citizen":
                out.append((m.start("body"), m.end("body"), category, label))
        doc.user_data["cr_speakers"] = out
        return out

    def _label_category(self, doc: Doc, label: str) -> str:
        """Who an e-mail's sender line names: a role word, else a known name, else the citizen."""
        names = self._names(doc)
        found = None
        for word in re.findall(r"[\wæøåÆØÅ-]+", label):
            category = self.words.get(word.lower()) or names.get(word)
            if category == "other" and word in names:
                category = None  # only inferred as "not the citizen": a sender may be the citizen
            if category and category != "citizen":
                return category
            found = found or category
        return found or "citizen"

    def _speaker_before(self, doc: Doc, char: int) -> str:
        """Who speaks a quotation: the person named before it in its sentence (default the citizen)."""
        span = doc.char_span(0, char, alignment_mode="contract")
        if span is None:
            return "citizen"
        i = span.end - 1
        steps = 0
        while i >= 0 and steps < 12 and not (doc[i].is_space and "\n" in doc[i].text):
            if doc[i].text in {".", "!", "?"}:
                break
            if doc[i].lower_ not in self.first_person_words:
                category = self._subject(doc, i, -1)  # "Lærke sendte en sms til kontaktpersonen:"
                if category:
                    return category
            i -= 1
            steps += 1
        return "citizen"

    def first_person(self, doc: Doc, i: int) -> str:
        """*jeg* is the citizen only in the citizen's own words: a quotation or speaker
        line of theirs, or a plan the citizen writes (*Min plan*); elsewhere it is the
        writer, a staff member or a peer worker telling their own story."""
        spans, own_voice = self._voices(doc)
        idx = doc[i].idx
        for start, end, category in spans:
            if start <= idx < end:
                return category
        if own_voice:
            return "citizen"
        if _PEER.search(doc_text(doc)):
            return "professional"  # a peer worker's own story in a peer-support note
        if self._third_person_beside(doc, i):
            return "professional"  # "Jeg håber, vi kan få ham med": the writer, about him
        if self._staff_writer(doc) and not self._in_citizen_section(doc, idx):
            return "professional"  # a night-shift note "skrevet af Lars (nattevagt)": his jeg
        return "citizen"

    def _staff_writer(self, doc: Doc) -> bool:
        """Whether the document says a staff member wrote it (*skrevet af Lars
        (nattevagt)*); a citizen's own text (*skrevet af Kim*) does not."""
        cached = doc.user_data.get("cr_staff_writer")
        if cached is None:
            cached = False
            for m in _WRITTEN_BY.finditer(doc_text(doc)):
                if self._label_category(doc, m.group("who")) == "professional":
                    cached = True
                    break
            doc.user_data["cr_staff_writer"] = cached
        return cached

    @staticmethod
    def _in_citizen_section(doc: Doc, char: int) -> bool:
        """Whether ``char`` stands under a heading for the citizen's own words, wishes or
        resources (*Borgerens perspektiv:*), where a staff writer copies the citizen's jeg."""
        for section in doc._.cr_sections or ():
            if section.body_start <= char < section.body_end:
                return section.category in {"own_words", "hwd", "resources"}
        return False

    def _third_person_beside(self, doc: Doc, i: int) -> bool:
        """Whether the sentence of an unquoted *jeg* also speaks of someone in the third
        person: then *jeg* is the note's writer, not the citizen it is about."""
        ids = self._sent_ids(doc)
        start = self._sentence_start(doc, i)
        j = start
        while j < len(doc) and ids[j] == ids[i]:
            if doc[j].lower_ in self.third_person_words:
                return True
            j += 1
        return False

    def _gender(self, doc: Doc, i: int) -> str | None:
        low = doc[i].lower_
        if low in self.female:
            return "f"
        if low in self.male:
            return "m"
        if doc[i].text[:1].isupper():
            if low in self.female_names:
                return "f"
            if low in self.male_names:
                return "m"
        return None

    def _subject_position(self, doc: Doc, i: int) -> bool:
        """Whether the mention at ``i`` opens its clause or follows a finite verb (V2)."""
        k = i - 1
        steps = 0
        while (
            k >= 0
            and steps < 2
            and (
                doc[k].lower_ in self.determiners
                or doc[k].lower_ in self.possessives
                or (doc[k].text[:1].isupper() and doc[k].text.endswith(("s", "'")))  # Tommys mor
            )
        ):
            k -= 1
            steps += 1
        if k < 0 or not self._same_sentence(doc, i, k):
            return True  # it opens its sentence
        prev = doc[k]
        return (
            prev.is_space
            or prev.text
            in {".", "!", "?", ":", ";", "•", "-", "–", "—", "*", '"', "»", "«", "“", "”"}
            or prev.lower_ in self.clause_openers
            or prev.lower_ in self.finite_verbs
        )

    def antecedent(self, doc: Doc, i: int) -> tuple[str, str] | None:
        """For a third-person pronoun at ``i``: the last person of matching gender named
        as a subject before it in the paragraph (*Moren ringer. Hun ønsker ...*)."""
        gender = {"han": "m", "hans": "m", "hun": "f", "hendes": "f"}.get(doc[i].lower_)
        if gender is None:
            return None
        k = i - 1
        while k >= 0 and doc[k].text == ",":
            k -= 1
        if k >= 0 and doc[k].lower_ in {"og", "men"}:
            # "Agnete håber, at Birgitte kan komme med, og hun har selv tilbudt ...":
            # a coordinated main clause continues the sentence's first subject
            start = self._sentence_start(doc, i)
            if (first := self._first_subject(doc, start, k)) is not None:
                index = next(t.i for t in doc[start:k] if t.text == first[1])
                if doc[index].lower_ not in self.not_antecedents and self._gender(doc, index) in (
                    None,
                    gender,
                ):
                    return first
        # Sentence by sentence back through the paragraph: a pronoun continues the
        # main-clause subject of the sentence before it ("Hun måtte passe sine
        # søskende, da moren blev syg. Hun arbejdede ..." is still the citizen),
        # and a chain of the same pronoun leads back to the person it started with.
        sentence_end = i
        for _ in range(5):
            if sentence_end != i and self._paragraph_break(doc, sentence_end):
                return None  # a new paragraph: a new topic
            if sentence_end == i and self._sentence_start(doc, i) == i:
                if i == 0 or self._paragraph_break(doc, i):
                    return None
            start = self._sentence_start(doc, max(sentence_end - 1, 0))
            best = None
            for n, (j, category) in enumerate(self._subject_mentions(doc, start, sentence_end, i)):
                pronoun = doc[j].lower_ in {"han", "hun"}
                mention = (
                    ("m" if doc[j].lower_ == "han" else "f") if pronoun else self._gender(doc, j)
                )
                if mention not in (None, gender):
                    continue
                # a person of known matching gender beats one of unknown gender, and a
                # staff role is the weakest: the citizen is what case notes are about
                rank = (mention is None, category == "professional", n)
                if best is None or rank < best[0]:
                    best = (rank, j, category, pronoun)
            if best is not None:
                _, j, category, pronoun = best
                if not pronoun:
                    return category, doc[j].text
                # the same pronoun again: follow the chain to the sentence before
            if start == 0:
                return None
            sentence_end = start
        return None

    def _subject_mentions(self, doc: Doc, start: int, end: int, pronoun: int):
        """Persons (and third-person pronouns) in subject position in ``doc[start:end]``, in order."""
        out = []
        for j in range(start, end):
            low = doc[j].lower_
            if j == pronoun or low in self.possessives:
                continue
            if low in {"han", "hun"}:
                if self._subject_position(doc, j) or (
                    j > start and doc[j - 1].lower_ in self.finite_verbs
                ):
                    out.append((j, "citizen"))
                continue
            if low in self.not_antecedents or low in self.plural_persons:
                continue  # "mine to børn ... Han": a plural is never a han or a hun
            if j > start and doc[j - 1].lower_ == "som" and (j + 1 >= end or doc[j + 1].is_punct):
                continue  # "se mig som far.": a predicate, not a person acting
            category = self.category(doc, j, start)
            if category is None and j == start and self._is_name(doc, j):
                category = "citizen"  # "Emil er ikke afvisende": a first name opening the sentence
            if category == "professional" and self._same_sentence(doc, pronoun, j):
                category = None  # "Sagsbehandleren vurderer, at hun ...": the citizen
            if category and (j == start or self._subject_position(doc, j)):
                out.append((j, category))
        return out

    @staticmethod
    def _paragraph_break(doc: Doc, start: int) -> bool:
        """Whether a blank line stands right before token ``start``."""
        k = start
        while k < len(doc) and doc[k].is_space:  # the blank line may open the sentence
            if doc[k].text.count("\n") >= 2:
                return True
            k += 1
        k = start - 1
        while k >= 0 and doc[k].is_space:
            if doc[k].text.count("\n") >= 2:
                return True
            k -= 1
        return False

    @staticmethod
    def _sent_ids(doc: Doc):
        ids = doc.user_data.get("cr_sent_ids")
        if ids is None:
            ids = doc.user_data["cr_sent_ids"] = sentence_ids(doc)
        return ids

    def _same_sentence(self, doc: Doc, i: int, j: int) -> bool:
        ids = self._sent_ids(doc)
        return bool(ids[i] == ids[j])

    def _sentence_start(self, doc: Doc, i: int) -> int:
        ids = self._sent_ids(doc)
        while i > 0 and ids[i - 1] == ids[i]:
            i -= 1
        return i

    def explicit_subject(
        self, doc: Doc, start: int, end: int, sent_start: int, sent_end: int
    ) -> tuple[str, str | None] | None:
        """The person subject of a volition modal, right before it or, in V2 inversion,
        right after it; None when the subject is impersonal or not a person
        (*det vil tage tid*, *medicinen vil hjælpe*)."""
        if doc[start].lower_ == "at":
            # "har talt om at ville søge": the infinitive's subject is the clause's
            return self._resolve(doc, start, end, Kind.verb, sent_start, sent_end)
        k = end
        while k < sent_end and doc[k].lower_ in self.adverbs:
            k += 1
        if k < sent_end and doc[k].lower_ in self.pronouns - {"de", "i"}:
            # V2 inversion: "... og mest af alt vil han have sin egen hund"
            return self.category(doc, k, sent_start) or "citizen", doc[k].text
        j = self._skip_adverbs_back(doc, start - 1, sent_start)
        if j >= sent_start:
            low = doc[j].lower_
            if self._is_relative(doc, j, sent_start):
                return self._relative_antecedent(doc, j, sent_start), doc[j].text
            if low in {"og", "men", "samt", "at", "eller"}:
                # elided subject ("... og vil i gang igen", "talt om at ville søge"):
                # the first clause's subject ("Han ønsker at hun får en kat og vil
                # hjælpe"), else the nearest one before it
                if low != "at" and (first := self._first_subject(doc, sent_start, j)):
                    return first
                for k in range(j - 1, sent_start - 1, -1):
                    if self._is_relative(doc, k, sent_start):
                        return self._relative_antecedent(doc, k, sent_start), doc[k].text
                    category = self._subject(doc, k, sent_start)
                    if category:
                        return category, doc[k].text
                return None
            category = self._subject(doc, j, sent_start)
            if category is None and j == sent_start and doc[j].text in self._names(doc):
                category = self._names(doc)[doc[j].text]
            if (
                category is None
                and j == sent_start
                and self._names(doc) is not None
                and self._is_name(doc, j)
            ):
                category = "citizen"
            if category:
                return category, doc[j].text
        k = end
        while k < sent_end and doc[k].lower_ in self.adverbs:
            k += 1
        if k < sent_end and (category := self.category(doc, k, sent_start)):
            if doc[k].lower_ not in self.possessives:
                return category, doc[k].text
        return None

    def _first_subject(self, doc: Doc, sent_start: int, stop: int) -> tuple[str, str] | None:
        """The subject of a sentence's first clause: the first person word in subject position."""
        for k in range(sent_start, min(stop, sent_start + 8)):
            if doc[k].lower_ in self.possessives or doc[k].is_punct or doc[k].is_space:
                continue
            if _genitive(doc, k):
                continue  # "Ingrids nevø er ...": the possessor, not the subject
            self._names(doc)  # computes the document's names once
            category = self.category(doc, k, sent_start) or (
                "citizen" if k == sent_start and self._is_name(doc, k) else None
            )
            if category and (k == sent_start or self._subject_position(doc, k)):
                return category, doc[k].text
        return None

    def _skip_adverbs_back(self, doc: Doc, j: int, sent_start: int) -> int:
        """Step back over sentence adverbs, also "mest af alt" and "først og fremmest"."""
        while j >= sent_start:
            low = doc[j].lower_
            if low in self.adverbs:
                j -= 1
            elif low == "alt" and j - 2 >= sent_start and doc[j - 2].lower_ == "mest":
                j -= 3
            elif low == "fremmest" and j - 2 >= sent_start and doc[j - 2].lower_ == "først":
                j -= 3
            else:
                break
        return j

    def _is_name(self, doc: Doc, i: int) -> bool:
        """A capitalised word that the document also writes capitalised mid-sentence."""
        token = doc[i]
        if not (token.is_alpha and token.text[:1].isupper()) or token.lower_ in self.function_words:
            return False
        return token.text in doc.user_data.get("cr_mid_names", ()) or (
            token.lower_ in self.female_names or token.lower_ in self.male_names
        )

    def category(self, doc: Doc, i: int, sent_start: int) -> str | None:
        """The experiencer category a token names, if it names one."""
        cache = doc.user_data.get("cr_categories")
        if cache is None:
            cache = doc.user_data["cr_categories"] = {}
        found = cache.get(i, _UNSET)
        if found is _UNSET:
            found = cache[i] = self._token_category(doc, i)
        if found is not None:
            return found
        token = doc[i]
        text = token.text
        if text.isupper() and len(text) > 1:
            return None  # an acronym ("AA", "VUC") is no person
        if i > sent_start and text[:1].isupper() and token.is_alpha:
            if token.lower_ not in self.function_words:
                # A proper name in the middle of a sentence: in a document about
                # the citizen, the citizen (relatives are named by their role).
                prev = doc[i - 1]
                if not prev.text[:1].isupper() or prev.is_punct:
                    return "citizen"
        return None

    def _token_category(self, doc: Doc, i: int) -> str | None:
        """What a token names by itself, wherever it stands (cached per document)."""
        token = doc[i]
        low = token.lower_
        if low in self.first_person_words:
            return self.first_person(doc, i)
        found = self.words.get(low) or self.genitives.get(low)
        if found:
            return found
        text = token.text
        names = self._names(doc)
        named = names.get(text) or names.get(text.capitalize())  # also lower-case "bent"
        if named:
            return named
        match = self.suffix_re.search(low, 3) if self.suffix_re else None  # a longer word
        if match:
            return self.suffix_category[match.group()]
        if text.endswith("'") and text[:1].isupper():
            return "citizen"  # Anders' eget ønske
        if len(text) == 1 and text.isupper() and text != "I" and token.is_alpha:
            return "citizen"  # a journal's initial for the citizen: "L spørger efter sin kanin"
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
        if low not in {"som", "der"} or i <= sent_start:
            return False
        return doc[i - 1].text.endswith(",")  # "(Ole), som drømmer om": "),"

    def resolve(
        self,
        doc: Doc,
        start: int,
        end: int,
        kind: Kind,
        sent_start: int,
        sent_end: int,
        needs_subject: bool = False,
    ) -> tuple[str, str | None]:
        """(category, the word that decided) for the target at tokens ``start:end``.

        A third-person pronoun is followed back to the person it continues:
        after *Moren ringer*, *Hun ønsker ...* is the mother's wish. With
        ``needs_subject`` the category is ``"none"`` when no person is the subject.
        """
        if needs_subject:
            found = self.explicit_subject(doc, start, end, sent_start, sent_end)
            category, word = found if found else ("none", None)
        else:
            category, word = self._resolve(doc, start, end, kind, sent_start, sent_end)
        if word is None or word.lower() in {"han", "hun"}:
            # minutes: "Gitte (socialområdet): Håber at kunne bevilge ...", "Karim: ... Han
            # drømmer om ...": no other subject in the speaker's line, so the speaker
            speaker = self.speaker_at(doc, doc[start].idx)
            if speaker is not None and (word is None or self._speaker_matches(speaker, word)):
                return speaker[0], speaker[1]
        if category == "citizen" and word is not None:
            index = self._word_index(doc, start, end, sent_start, sent_end, word)
            found = self.antecedent(doc, index) if index is not None else None
            if found and found[0] != "citizen":
                return found[0], f"{word} → {found[1]}"
            if found is None and word.lower() in {"han", "hun"}:
                gender = self.citizen_gender(doc)
                if gender is not None and gender != ("m" if word.lower() == "han" else "f"):
                    # "Hun glæder sig ..." in a note about Jonas, with no woman named
                    # as a subject before it: somebody else, never the citizen
                    return "other", f"{word} ≠ borgeren"
        return category, word

    def citizen_gender(self, doc: Doc) -> str | None:
        """The citizen's gender when the first names the document gives the citizen agree."""
        cached = doc.user_data.get("cr_citizen_gender", _UNSET)
        if cached is not _UNSET:
            return cached
        genders = set()
        for name, category in self._names(doc).items():
            low = name.lower()
            if category == "citizen" and low in self.first_names:
                genders.add("f" if low in self.female_names else "m")
        gender = genders.pop() if len(genders) == 1 else None
        doc.user_data["cr_citizen_gender"] = gender
        return gender

    @staticmethod
    def _word_index(doc, start, end, sent_start, sent_end, word) -> int | None:
        """The token index of the deciding word nearest the target."""
        best = None
        for i in range(sent_start, sent_end):
            if doc[i].text == word and (best is None or abs(i - start) < abs(best - start)):
                best = i
        return best

    def _resolve(
        self, doc: Doc, start: int, end: int, kind: Kind, sent_start: int, sent_end: int
    ) -> tuple[str, str | None]:
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
            if end - start > 1 and doc[start].lower_ in self.pronouns - {"de", "i"}:
                # the phrase opens with its own subject: "Jeg vil ...", "Han ønsker ..."
                category = self.category(doc, start, sent_start) or self.words[doc[start].lower_]
                return category, doc[start].text
            if start > sent_start and doc[start - 1].text.endswith(":"):
                # "tlf. kæreste (Gitte): håber bg. kommer med": a log line's elided
                # subject is whoever the label before the colon names
                first = start - 1 if doc[start - 1].text != ":" else start - 2
                for k in range(first, max(sent_start, start - 6) - 1, -1):
                    word = doc[k].text.strip("():")
                    if word and (category := self.category(doc, k, sent_start)):
                        return category, doc[k].text
            # "vil han gerne", "Nu vil jeg gerne": the pronoun right after the verb.
            # "I dag arbejder jeg som peer": the inverted subject inside a phrase too.
            second = doc[start + 1].lower_ if start + 1 < end else ""
            if (
                (
                    (kind == Kind.verb and end - start > 2)
                    or (kind == Kind.phrase and end - start > 1)
                )
                and second in self.pronouns
                and second not in {"de", "i"}
            ):
                category = self.category(doc, start + 1, sent_start) or self.words[second]
                return category, doc[start + 1].text
            j = start - 1
            while j >= sent_start and doc[j].lower_ in self.adverbs:
                j -= 1
            if j >= sent_start and doc[j].lower_ in {"og", "men", "samt", "eller"}:
                # "Han er utilfreds ... og ønsker at": the first clause's subject; inside
                # an at-clause, that clause's ("Sara oplyser, at broderen bor i Aarhus og
                # arbejder som sygeplejerske" is the brother's work)
                opener = None
                if not doc[j - 1].text.endswith(","):  # ", og håber": back to the main clause
                    for k in range(j - 1, sent_start, -1):
                        if doc[k].text.endswith(","):
                            break
                        if doc[k].lower_ == "at" and doc[k - 1].text.endswith(","):
                            opener = k  # ", at broderen bor ... og arbejder"
                            break
                if (
                    opener is not None
                    and (subject := self._first_subject(doc, opener + 1, j)) is not None
                ):
                    return subject
                if (subject := self._first_subject(doc, sent_start, j)) is not None:
                    return subject
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
                if (
                    k < sent_end
                    and doc[k].lower_ in self.subject_case
                    and doc[k].lower_ not in self.possessives  # "glæder sig til sin ..."
                ):
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
            doc, target.start, target.end, info.kind, sent_start, sent_end, info.needs_subject
        )
        return attrs
