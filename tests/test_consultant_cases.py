"""A consultant's own ten cases, decided wrong by an earlier engine: each decided right now.

Each sentence is one observed failure; the comment names the rule family that
decides it, so a regression points at the family, not at the sentence.
"""

from __future__ import annotations

import pytest


def _why(result, indicator: str) -> str:
    return "; ".join(
        f"{f.text!r}:{f.reason}:{f.experiencer}:{f.detail}"
        for f in result.findings
        if f.indicator == indicator
    )


def test_pointer_is_neither_a_wish_nor_a_resource(engine):
    # pointer placeholders: a field that only points elsewhere is empty for the review
    result = engine.score("Borgerens ønsker: Se udredning.\nRessourcer: Se udredning.")
    assert not result.flags["hwd"], _why(result, "hwd")
    assert not result.flags["resources"], _why(result, "resources")
    reasons = {f.reason for f in result.findings if f.indicator == "hwd"}
    assert reasons == {"pointer"}


def test_perfect_tense_wish_is_the_verb(engine):
    # verb vs noun reading of ønsket: "har ønsket at" is the perfect of the verb
    result = engine.score("Fatima har ønsket at få hjælp til at søge fleksjob.")
    assert result.flags["hwd"], _why(result, "hwd")


def test_will_after_dream_keeps_the_citizen_as_subject(engine):
    # volition frame with an elided subject after "og": the dreamer is the one who wants
    result = engine.score("Hun drømmer om at blive pædagog og vil gerne starte på HF.")
    wants = [f for f in result.findings if f.indicator == "hwd" and "vil" in f.text]
    assert wants and all(f.experiencer == "citizen" for f in wants), _why(result, "hwd")
    assert result.flags["hwd"]


@pytest.mark.parametrize(
    "text",
    [
        "Han har gennemført 9. klasse med gode karakterer.",
        "Han har spillet guitar siden han var 10 og har skrevet egne sange.",
        "Hun bruger sin mormor som sparringspartner.",
        "Han er ferm med sine hænder.",
        "Han hjælper naboen med havearbejde.",
        "Hun taler tre sprog.",
    ],
)
def test_resources_shown_not_named(engine, text):
    # resources shown: achievements, creations, relations used, qualities, helping, languages
    result = engine.score(text)
    assert result.flags["resources"], _why(result, "resources")


@pytest.mark.parametrize(
    ("text", "indicator"),
    [
        # plain future and prediction are not volition
        ("Det vil tage tid, før hun er klar til at flytte.", "hwd"),
        ("Hun vil blive indkaldt til et nyt møde i marts.", "hwd"),
        ("Medicinen vil hjælpe ham til at sove bedre.", "hwd"),
        ("Det vurderes, at han vil have gavn af et aktivitetstilbud.", "hwd"),
        # a pronoun continues the relative's sentence
        ("Moren ringer og er bekymret. Hun ønsker, at Oliver kommer på et botilbud.", "hwd"),
        ("Far ringede. Han er utilfreds og ønsker, at personalet vækker ham.", "hwd"),
        # another resident named in the citizen's note
        (
            "Borger: Ole Hansen\nOle sov længe i dag. Medbeboer Lene er meget dygtig til at sy.",
            "resources",
        ),
        # a peer worker's own story
        (
            "Peer-notat. Jeg fortalte Ole, at jeg selv drømte om at blive kok, og at jeg i dag "
            "håber at starte min egen café.",
            "hwd",
        ),
    ],
)
def test_someone_else_or_future_is_not_the_citizens(engine, text, indicator):
    result = engine.score(text)
    assert not result.flags[indicator], _why(result, indicator)


@pytest.mark.parametrize(
    "text",
    [
        "Hun vil tilbage til sit gamle kor.",
        "Mest af alt vil hun have sin kat tilbage.",
        "Han siger, at han egentlig helst vil bo på landet.",
        "Hun vil ikke indlægges igen.",
        "Han har sat sig for at tabe sig.",
        "Hun sigter mod en praktikplads.",
        "Han kan godt se sig selv arbejde i en dyrehandel.",
        "Hun venter spændt på at få sin egen nøgle.",
        "Det ville være dejligt at komme ud at rejse, siger hun.",
        "Mit store mål:\nAt arbejde med dyr.",
        "Hvad er vigtigt for dig?\nAt have en hund og et sted at bo.",
    ],
)
def test_will_intention_and_goal_fields(engine, text):
    # volition frames, intentions, anticipation, goal fields under any name
    result = engine.score(text)
    assert result.flags["hwd"], _why(result, "hwd")
