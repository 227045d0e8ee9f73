"""Fictitious case documents for "Demokommune", written for casereview's demo.

Every person, place and event here is invented. Documents are composed from
hand-written Danish sentences, deterministically (one seed), so the demo is
the same on every machine. The baseline round reads as case files often do
before a course: empty template fields, the professionals' wishes, deficits.
The endline round shows plausible progress: the citizen's own hopes and
resources written down, often in their own words. Both rounds carry the
guidelines' hard cases (procedural *efter eget ønske*, nightmares, *Der
ønskes*, *ressourceforløb*, past-only dreams, wishes still to be explored).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

MUNICIPALITY = "Demokommune"
NAMES = [
    "Anja",
    "Bent",
    "Camilla",
    "Dennis",
    "Ella",
    "Frederik",
    "Gitte",
    "Hussein",
    "Ida",
    "Jesper",
    "Karina",
    "Lasse",
    "Maria",
    "Niklas",
    "Olivia",
    "Palle",
    "Rikke",
    "Sune",
    "Tina",
    "Ulrik",
]

WISHES = [
    "få sin egen lejlighed",
    "komme i praktik i en genbrugsbutik",
    "tage kørekort",
    "få en hund",
    "se sine børn hver anden weekend",
    "begynde på en uddannelse som pædagogmedhjælper",
    "komme med på værestedets tur til Bornholm",
    "få et fritidsjob i en cykelbutik",
    "begynde at gå til svømning",
    "lære at lave mad til flere personer",
    "flytte tættere på sin søster",
]
OWN_WORDS = [
    "Jeg vil gerne have et sted, hvor jeg kan lukke døren.",
    "Jeg vil gerne kunne klare mig uden bostøtte.",
    "Jeg har lyst til at møde nogle mennesker igen.",
    "Jeg drømmer om at komme ud at arbejde igen.",
    "Jeg vil gerne være en god far for min søn.",
]
RESOURCES = [
    "er god til at reparere cykler",
    "er omsorgsfuld og hjælpsom over for de andre beboere",
    "er uddannet tømrer og har arbejdet som svend i flere år",
    "interesserer sig meget for fodbold",
    "kan selv handle ind og lave mad",
    "har god kontakt til sin søster og ser hende hver søndag",
    "ved, hvad der hjælper, når angsten kommer: en tur med hunden",
    "er vedholdende og humoristisk",
    "har erfaring fra lagerarbejde",
    "er glad for at male og har malet billeder til hele opgangen",
]
DEFICITS = [
    "har svært ved at overskue post og regninger",
    "har ikke overskud til rengøring",
    "kan ikke selv tage kontakt til lægen",
    "har brug for hjælp til at holde aftaler",
    "mangler struktur i hverdagen",
    "har begrænsede ressourcer i forhold til praktiske opgaver",
]
TRAPS = [
    "{n} flyttede efter eget ønske fra bostedet til egen bolig.",
    "{n} sover dårligt og har ofte mareridt.",
    "Der ønskes en lægefaglig vurdering inden næste møde.",
    "Jobcentret har indstillet {n} til ressourceforløb.",
    "Som ung drømte {n} om at blive kok.",
    "Kommunen ønsker, at der etableres kontakt til jobcentret.",
    "Det skal undersøges nærmere, hvilke ønsker {n} har til boform.",
    "Moren ønsker, at {n} flytter hjem igen.",
    "Bostøtten ønsker at øge antallet af besøg.",
    "{n} vågner om natten af urolige drømme.",
]
PLACEHOLDERS = [
    "Udfyldes senere.",
    "Ikke udfyldt.",
    "-",
    "Ikke beskrevet.",
    "Se tidligere handleplan.",
]
NEUTRAL = [
    "{n} bor alene i en toværelses lejlighed og modtager kontanthjælp.",
    "{n} er i behandling i distriktspsykiatrien og får depotmedicin.",
    "Bostøtten har været på besøg en gang om ugen i perioden.",
    "Der har været to korte indlæggelser det seneste år.",
    "Post og regninger gennemgås sammen med bostøtten ved hvert besøg.",
    "{n} har en kriseplan, som er lavet sammen med distriktspsykiatrien.",
]
FOLLOW_UP = [
    "Handleplanen evalueres ved statusmøde om tre måneder.",
    "Næste status om seks måneder.",
    "Opfølgning ved møde i september.",
]


@dataclass(frozen=True)
class DemoDocument:
    case: str
    kind: str
    name: str
    text: str


def _choice(rng: random.Random, items: list[str], name: str) -> str:
    return rng.choice(items).replace("{n}", name)


def _handleplan(rng: random.Random, name: str, progress: float) -> str:
    lines = [
        "HANDLEPLAN (SEL § 141)",
        f"Borger: {name} (fiktiv)",
        "",
        "Baggrund:",
        f"{_choice(rng, NEUTRAL, name)} {_choice(rng, TRAPS, name)}",
        "",
        "Borgerens ønsker og mål:",
    ]
    if rng.random() < progress:
        wish = rng.choice(WISHES)
        lines.append(
            rng.choice([f"At {wish}.", f"{name} ønsker at {wish}.", f"{name} vil gerne {wish}."])
        )
        if rng.random() < progress:
            lines.append(f'{name} siger selv: "{rng.choice(OWN_WORDS)}"')
    else:
        lines.append(rng.choice(PLACEHOLDERS))
    lines += ["", "Ressourcer:"]
    if rng.random() < progress:
        lines.append(f"{name} {rng.choice(RESOURCES)}.")
    else:
        lines.append(rng.choice(PLACEHOLDERS))
    lines += [
        "",
        "Funktionsevne:",
        f"{name} {rng.choice(DEFICITS)}.",
        "",
        "Indsats:",
        "Socialpædagogisk støtte efter SEL § 85, tre timer ugentligt.",
        "",
    ]
    if rng.random() < 0.3 + progress / 2:
        lines += ["Opfølgning:", rng.choice(FOLLOW_UP)]
    return "\n".join(lines) + "\n"


def _udredning(rng: random.Random, name: str, progress: float) -> str:
    lines = [
        "UDREDNING – VUM 2.0",
        f"Borger: {name} (fiktiv)",
        "",
        "BAGGRUND",
        _choice(rng, NEUTRAL, name),
        "",
        "BORGERENS ØNSKER FOR FREMTIDEN",
    ]
    if rng.random() < progress:
        lines.append(
            f"{name} kunne godt tænke sig at {rng.choice(WISHES)}. {_choice(rng, TRAPS, name)}"
        )
    else:
        lines.append("(beskrivelse med borgerens egne ord)")
    lines += [
        "",
        "FUNKTIONSEVNE",
        f"{name} {rng.choice(DEFICITS)}, men {rng.choice(RESOURCES)}."
        if rng.random() < progress
        else f"{name} {rng.choice(DEFICITS)}.",
        "",
        "VURDERING",
        _choice(rng, TRAPS, name),
    ]
    return "\n".join(lines) + "\n"


def _statusnotat(rng: random.Random, name: str, progress: float) -> str:
    lines = [
        "Statusnotat – bostøtte",
        f"Borger: {name} (fiktiv)",
        "",
        _choice(rng, NEUTRAL, name),
        _choice(rng, TRAPS, name),
    ]
    if rng.random() < progress:
        lines.append(
            rng.choice(
                [
                    f"{name} glæder sig til at {rng.choice(WISHES)}.",
                    f"{name} ser frem til at {rng.choice(WISHES)}.",
                ]
            )
        )
    if rng.random() < progress:
        lines.append(f"{name} {rng.choice(RESOURCES)}.")
    lines.append(rng.choice(FOLLOW_UP))
    return "\n".join(lines) + "\n"


KINDS = {"handleplan": _handleplan, "udredning": _udredning, "statusnotat": _statusnotat}


def demo_documents(kind: str, seed: int = 2026) -> list[DemoDocument]:
    """The documents of the demo round ``baseline`` or ``endline``."""
    rng = random.Random(f"{seed}-{kind}")
    progress = 0.35 if kind == "baseline" else 0.8
    names = NAMES[:10] if kind == "baseline" else NAMES[10:]
    out = []
    for n, name in enumerate(names, start=1):
        case = f"sag-{n:02d}"
        kinds = ["handleplan"] + rng.sample(["udredning", "statusnotat"], k=rng.randint(0, 2))
        for doc_kind in kinds:
            out.append(
                DemoDocument(
                    case, doc_kind, f"{doc_kind}.txt", KINDS[doc_kind](rng, name, progress)
                )
            )
    return out
