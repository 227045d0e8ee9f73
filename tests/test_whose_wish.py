"""Whose wish or resource, decided from the structure of the document, not from phrases.

Each test states one mechanism of the experiencer resolver (engine/context.py)
with a pair: the same wish words once the citizen's and once someone else's, so
that a test passes only when the mechanism, not a word list, decides.
"""

from __future__ import annotations

import pytest


def _flag(engine, text: str, indicator: str = "hwd") -> bool:
    return engine.score(text).flags[indicator]


def _who(engine, text: str, words: str, indicator: str = "hwd") -> str:
    found = [f for f in engine.score(text).findings if f.indicator == indicator]
    return next(f.experiencer for f in found if words in f.text)


# -- pronouns follow the person they continue --------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moren ringer og er meget bekymret. Hun ønsker, at Oliver flytter hjem.", False),
        ("Oliver ringer og er meget bekymret. Han ønsker at flytte hjem.", True),
        # a first name of the other gender is never continued by the pronoun
        ("Moren håber, at Oliver snart får et job. Hun vil gerne hjælpe ham.", False),
        ("Oliver håber, at moren snart får det bedre. Han vil gerne hjælpe hende.", True),
        # a chain of the same pronoun leads back to the citizen past a subordinate subject
        (
            "Bodil er født i Odense. Hun måtte passe sine søskende, da moren blev syg. "
            "Hun drømmer om at komme til Skagen.",
            True,
        ),
        # a new paragraph is a new topic: the pronoun is the citizen again
        ("Moren ringede i går.\n\nHun ønsker at flytte i egen bolig.", True),
    ],
)
def test_pronoun_continues_the_last_matching_person(engine, text, expected):
    assert _flag(engine, text) is expected


def test_coordinated_clause_continues_the_first_subject(engine):
    text = (
        "Borger: Birgitte Holm\n\nAgnete håber, at Birgitte kan komme med på ferie, "
        "og hun vil gerne betale."
    )
    assert _who(engine, text, "vil gerne") == "other"
    assert _flag(engine, "Far ringede. Han er utilfreds og ønsker et møde.") is False


def test_institutions_are_not_continued_by_han_or_hun(engine):
    assert _flag(engine, "Personalet oplever, at han er hjælpsom.", "resources") is True


# -- the citizen named per document ------------------------------------------
def test_header_names_the_citizen_and_other_names_are_others(engine):
    header = "Bruger: Kim Bundgaard\n\n"
    other = "Kim sad for sig selv. Bo fra gruppen vil gerne starte et fodboldhold."
    own = "Bo sad for sig selv. Kim fra gruppen vil gerne starte et fodboldhold."
    assert _flag(engine, header + other) is False
    assert _flag(engine, header + own) is True


def test_a_role_in_brackets_belongs_to_the_whole_name(engine):
    text = "Deltagere: Ole, Grethe Jensen (mor)\n\nGrethe Jensen ønsker, at Ole flytter på bosted."
    assert _flag(engine, text) is False


def test_a_greeting_names_the_addressee_not_the_citizen(engine):
    text = "Fra: Fatima Yousef\nTil: Jobcenter\n\nHej Bo\nJeg kan godt se mig selv arbejde i en børnehave."
    assert _flag(engine, text) is True


# -- first person by voice ---------------------------------------------------
def test_first_person_in_each_mail_is_its_sender(engine):
    mother = "Fra: Camillas mor, Susanne\nJeg ønsker, at Camilla kommer på et bosted."
    citizen = "Fra: Camilla\nJeg ønsker at flytte i egen lejlighed."
    assert _flag(engine, mother) is False
    assert _flag(engine, citizen) is True


def test_a_peer_workers_own_story_is_not_the_citizens(engine):
    peer = (
        "Peer-notat\nBorger: Frederik\n\nFrederik var stille. Jeg fortalte om mig selv: "
        "I dag arbejder jeg som peer, og jeg drømmer om at tage en uddannelse."
    )
    plan = "Min plan\n\nMine mål\nJeg drømmer om at tage en uddannelse."
    assert _flag(engine, peer) is False
    assert _flag(engine, plan) is True


def test_a_quotation_belongs_to_the_subject_before_it(engine):
    text = (
        'Efter mødet sendte Lærke en sms til kontaktpersonen: "jeg vil gerne starte på '
        'en uddannelse som grafiker"'
    )
    assert _flag(engine, text) is True


# -- a wish inside someone else's hope ---------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Moren håber, at han vil begynde i et aktivitetstilbud.", False),
        ("Borger: Gitte\n\nSusanne håber, at Gitte snart får lyst til at komme med.", False),
        ("Moren ønsker, at Jonas flytter hjem, men Jonas vil selv gerne blive boende.", True),
    ],
)
def test_a_wish_in_anothers_at_clause_is_theirs(engine, text, expected):
    assert _flag(engine, text) is expected


# -- time ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lene kom ned kl. 3 og havde drømt om sin afdøde mand.", False),
        ("Hun havde længe et håb om at komme tilbage til Aleppo, men det har hun opgivet.", False),
        ("Han har længe drømt om at få en hund.", True),
    ],
)
def test_past_of_the_past_and_given_up(engine, text, expected):
    assert _flag(engine, text) is expected


# -- fields --------------------------------------------------------------------
def test_a_table_row_is_decided_by_its_first_cell(engine):
    text = (
        "Mål | Delmål | Hvem | Status\n"
        "Borgerens mål: Flytte i egen lejlighed inden sommeren | Skrive sig op | Mette | "
        "Ikke påbegyndt"
    )
    assert _flag(engine, text) is True


def test_a_field_label_in_running_text_followed_by_a_pointer(engine):
    result = engine.score("Hej, hvordan går det med Jens? Borgers ønsker: Se handleplan.")
    assert not result.flags["hwd"]
    assert {f.reason for f in result.findings if f.indicator == "hwd"} == {"pointer"}


def test_goal_phrase_keeps_its_negation(engine):
    text = 'Borgerens mål (med Tinas ord): "At blive fri for sovepillerne."'
    assert _flag(engine, text) is True
    assert _flag(engine, "Borgerens mål: Ingen.") is False


# -- found on writer L (bostøtte hand-overs, residents' news) -------------------
def test_a_pronoun_of_the_other_gender_than_the_citizen_is_someone_else(engine):
    about_jonas = "Vedr.: Jonas Frederiksen\n\nJonas sad i fælleshuset med Birgitte fra nr. 7. "
    assert (
        _who(engine, about_jonas + "Hun glæder sig til sin datters konfirmation.", "glæder")
        == "other"
    )
    assert (
        _who(engine, about_jonas + "Han glæder sig til sin søsters konfirmation.", "glæder")
        == "citizen"
    )


def test_vedr_names_the_citizen(engine):
    note = "Vedr. Malene Kjær – udtalelse\n\nTorsten skriver. Malene er god til at lytte."
    assert _who(engine, note, "god til", "resources") == "citizen"


def test_own_relative_named_after_min_is_a_relative_unless_a_child(engine):
    citizen_writes = "jeg kan ikke sove. min kusine Maja er god til penge."
    assert _flag(engine, citizen_writes, "resources") is False
    parent_writes = "Borger: Anders Holm\n\nmin søn Anders er god til at lave mad."
    assert _flag(engine, parent_writes, "resources") is True


def test_another_participant_in_apposition_is_someone_else(engine):
    base = "Borger: Henrik Bach\n\nØvrigt:\n"
    assert _flag(engine, base + "En anden deltager, Merete, drømmer om at åbne en butik.") is False
    assert _flag(engine, base + "Henrik drømmer om at åbne en butik.") is True


def test_a_possessive_after_the_verb_is_not_an_inverted_subject(engine):
    note = "Vedr.: Nikolaj Sørensen\n\nSusanne i lejl. 3 glæder sig til sin fødselsdag."
    assert _flag(engine, note) is False
    assert (
        _flag(engine, "Vedr.: Nikolaj Sørensen\n\nNikolaj glæder sig til sin fødselsdag.") is True
    )


# -- found on writer M (night shifts, efterværn, forms) -------------------------
def test_a_resident_named_by_their_flat_is_someone_else(engine):
    note = "Vedr.: Tobias Lund\n\nKl. 03.00 var Annie fra lejlighed 2 oppe. Hun ønsker at flytte."
    assert _flag(engine, note) is False
    assert _flag(engine, "Vedr.: Tobias Lund\n\nKl. 03.00 var Tobias oppe. Han ønsker at flytte.")


def test_coordinated_names_share_their_role_and_any_latin_name_is_a_name(engine):
    header = "Ung: Rannvá Joensen\nDeltagere: Rannvá, plejeforældrene Gitte og Palle Skov\n\n"
    assert _flag(engine, header + "Palle ønsker, at søskendeforholdet bevares.") is False
    assert _flag(engine, header + "Rannvá ønsker at flytte til Tórshavn.") is True


def test_jeg_in_a_note_written_by_staff_is_the_writer(engine):
    staff = "Nattevagt, skrevet af Lars (nattevagt)\n\nMerete sov uroligt. "
    assert _who(engine, staff + "Jeg håber, at kontaktpersonen ringer.", "håber") == "professional"
    own = "Mit eget afsnit – skrevet af Kim\n\n"
    assert _who(engine, own + "Jeg håber, at jeg får en lejlighed.", "håber") == "citizen"


def test_a_journal_initial_is_the_citizen(engine):
    journal = "03.04 /CB\nSad i sengen, da dagvagten kom.\nL spørger efter sin kanin. "
    assert _flag(engine, journal + "Det hun allerhelst vil, er at have den med på værelset.")


def test_the_forms_own_help_text_is_not_content(engine):
    form = "3. Hvad er du god til?\n(Skriv her, hvad du selv synes, du er god til)\n"
    assert _flag(engine, form, "resources") is False
    assert _flag(engine, form + "Jeg er god til at lave mad.\n", "resources") is True


# -- found on writer N (contact logs, dual diagnosis, peer notes) ----------------
def test_a_log_lines_label_before_the_colon_is_the_subject(engine):
    log = "Vedr.: Ole Dam\n\n13.06 tlf. kæreste (Gitte): håber bg. kommer med på ferie.\n"
    assert _flag(engine, log) is False
    assert _flag(engine, "Vedr.: Ole Dam\n\n13.06 besøg: bg. håber at komme med på ferie.\n")


def test_an_acronym_in_brackets_is_no_person(engine):
    note = "Borger: Pia Holm\n\nSponsor: Merete (AA) ønsker, at de mødes fast.\n"
    assert _flag(engine, note) is False
    assert _flag(engine, "Borger: Pia Holm\n\nPia (AA) ønsker at mødes fast med sin sponsor.\n")


def test_a_phrase_that_opens_with_jeg_is_the_writers_in_a_peer_note(engine):
    peer = "Peer-notat – Søren Kvist\nSøren sover dårligt.\nJeg vil foreslå, at vi går en tur.\n"
    assert _flag(engine, peer) is False
    own = "Borgerens egne ord\n\ndet jeg gerne vil det er at få et arbejde, han er 9 nu.\n"
    assert _flag(engine, own) is True


def test_a_past_dream_dated_before_an_event_is_past(engine):
    assert (
        _flag(engine, "Hun fortalte, at hun drømte om at blive sygeplejerske, før hun blev syg.")
        is False
    )


def test_a_plural_person_is_never_what_han_continues(engine):
    text = 'Borger: Youssef Amin\n\nHans mål: "At mine to børn kan se mig som far."\nHan har lært at gå en tur, når trangen kommer.'
    assert _who(engine, text, "har lært at", "resources") == "citizen"


def test_abstinence_kept_is_a_resource_and_anothers_is_not(engine):
    assert _flag(engine, "Borger: Mikkel Dahl\n\nMikkel er nu 47 dage uden amfetamin.", "resources")
    other = "Borger: Brian Holm\n\nKæresten Stine har selv været ædru i tre år."
    assert _flag(engine, other, "resources") is False


def test_a_goal_field_that_wishes_something_away_is_a_wish(engine):
    plan = "Mine mål:\n- Ikke flere indlæggelser i år\n"
    assert _flag(engine, plan) is True
    assert _flag(engine, "Mine ønsker:\nIkke noget.\n") is False


def test_the_person_whose_age_is_given_is_the_citizen(engine):
    plan = "Ugeplan – Yonas Tesfay, 19 år\n\nKommentar: Yonas vil have sin egen cykel."
    assert _flag(engine, plan) is True
    assert _flag(engine, "Ugeplan\n\nKommentar: Det vil tage tid at få en cykel.") is False


def test_a_coordinated_verb_inside_an_at_clause_keeps_that_clauses_subject(engine):
    text = (
        "Borger: Sara Lind\n\nSara oplyser, at broderen bor i Aarhus og arbejder som sygeplejerske."
    )
    assert _flag(engine, text, "resources") is False
    back = (
        "Borger: Oliver Krag\n\nMoren ringede. Hun ønsker, at Oliver flytter, og håber på et svar."
    )
    assert _flag(engine, back) is False


def test_an_answer_to_a_question_about_wishes_is_a_wish_unless_it_denies(engine):
    asked = "Borger: Helin Karimi\n\nAdspurgt om, hvad der er vigtigst for hende, svarer Helin: "
    assert _flag(engine, asked + '"At jeg får lov at se ham hver uge."') is True
    assert _flag(engine, asked + '"Det ved jeg ikke."') is False
    mother = "Borger: Helin Karimi\n\nAdspurgt om, hvad der er vigtigst, svarer moren: "
    assert _flag(engine, mother + '"At Helin får et job."') is False
