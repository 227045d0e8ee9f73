"""A deterministic synthetic corpus of Danish case documents for benchmarks.

Documents are assembled from template headings and sentences with slots
filled by a seeded random generator, so every run measures the same text.
The mix follows real documents: many plain sentences, fewer targets, some
traps (negations, other experiencers, sleep, empty headings).
"""

from __future__ import annotations

import random

NAMES = [
    "Anne",
    "Bo",
    "Carina",
    "Dennis",
    "Emma",
    "Frank",
    "Gitte",
    "Hassan",
    "Ida",
    "Jonas",
    "Karen",
    "Lars",
]
PLACES = ["Vejle", "Odense", "Aarhus", "Esbjerg", "Holstebro", "Næstved", "Viborg", "Roskilde"]
ACTIVITIES = [
    "strikke",
    "male",
    "spille fodbold",
    "fiske",
    "gå ture",
    "lave mad",
    "spille guitar",
    "cykle",
]
WISHES = [
    "få sin egen lejlighed",
    "komme i praktik",
    "tage kørekort",
    "få en hund",
    "se sine børn oftere",
    "begynde på en uddannelse",
    "komme ud at rejse",
    "få et fritidsjob",
]
MONTHS = ["januar", "februar", "april", "maj", "august", "oktober", "november"]
HEADINGS = [
    "Borgerens ønsker og mål",
    "Ressourcer",
    "Funktionsevne",
    "Helbred",
    "Netværk",
    "Indsats",
    "Opfølgning",
    "Baggrund",
    "Vurdering",
]
PLACEHOLDERS = ["Udfyldes senere.", "Ikke udfyldt.", "-", "Ikke beskrevet."]
# Plain narrative: most of a real case document describes circumstances and support.
NEUTRAL = [
    "{n} bor i en toværelses lejlighed i {p} og modtager kontanthjælp.",
    "Bostøtten har været på besøg {k} gange i perioden.",
    "{n} er i behandling i Distriktspsykiatrien og får depotmedicin hver fjortende dag.",
    "Der er afholdt møde med jobcentret den {d}. marts, hvor også sagsbehandleren deltog.",
    "{n} har en gæld til boligselskabet, som er ved at blive afviklet via en afdragsordning.",
    "Lejligheden er i perioden blevet gjort ren to gange med hjælp fra bostøtten.",
    "{n} har fået ny kontaktperson i teamet efter sommerferien.",
    "Der er søgt om hjælp til tandbehandling efter serviceloven.",
    "Egen læge har henvist til en psykiatrisk vurdering, som afventes.",
    "{n} har haft to indlæggelser i løbet af det seneste år, senest i {m}.",
    "Indsatsen består af socialpædagogisk støtte {k} timer ugentligt efter SEL § 85.",
    "Bostøtten ledsager {n} til aftaler hos lægen og på apoteket.",
    "Post og regninger gennemgås sammen med bostøtten ved hvert besøg.",
    "{n} tager toget til {p}, når der er aftaler på sygehuset.",
    "Huslejen betales via betalingsservice, og der er ikke restancer for tiden.",
    "Medicinen doseres af hjemmeplejen og afhentes på apoteket hver fredag.",
    "Der er udarbejdet en kriseplan sammen med distriktspsykiatrien.",
    "{n} har i {m} deltaget i et forløb om søvn og struktur.",
    "Sagen er overflyttet fra {p} Kommune i forbindelse med flytningen.",
    "Der er bevilget et midlertidigt ophold efter § 107 i seks måneder.",
    "Bostøtten og {n} har lavet en ugeplan, som hænger på køleskabet.",
    "{n} ryger omkring en pakke cigaretter om dagen og drikker meget kaffe.",
    "Der er kontakt til en psykolog via praktiserende læge en gang om måneden.",
    "Økonomien er stram, og {n} har ansøgt om enkeltydelse til en ny vaskemaskine.",
    "Der er aftalt et netværksmøde i {m} med deltagelse af {n} og sagsbehandleren.",
    "{n} har været syg med influenza i to uger og har aflyst flere besøg.",
    "Handleplanen er sendt til {n} med posten og gennemgået ved besøget.",
    "Bostøtten har hjulpet med at søge boligstøtte og ændre adresse hos folkeregistret.",
]

SENTENCES = [
    "{n} har boet i {p} siden 2019 og modtager bostøtte efter SEL § 85.",
    "{n} har i perioden haft svært ved at overskue post og regninger.",
    "Bostøtten har været på besøg hver uge, og aftalerne er overholdt.",
    "{n} ønsker at {w}.",
    "{n} vil gerne {a} igen.",
    "{n} drømmer om at {w}.",
    "{n} har ingen ønsker for fremtiden.",
    "Kommunen ønsker en lægefaglig vurdering af {n}s situation.",
    "{n} er god til at {a} og er meget hjælpsom.",
    "{n} kan selv handle ind og lave mad.",
    "{n} sover dårligt og har mareridt om natten.",
    "Der ønskes afholdt et møde med jobcentret inden for tre måneder.",
    "{n} har god kontakt til sin søster, som hun ser hver søndag.",
    "Det skal undersøges nærmere, hvilke ønsker {n} har til boform.",
    "{n} har tidligere arbejdet som lagermedarbejder i otte år.",
    "{n} har begrænsede ressourcer og har brug for hjælp til rengøring.",
    "Som ung drømte {n} om at blive kok.",
    "Handleplanen evalueres ved statusmøde i september.",
    "{n} er i behandling i Distriktspsykiatrien og tager sin medicin fast.",
    "Der er ikke kontakt til familien, og {n} har ikke overskud til sociale aktiviteter.",
    "Vi vil ved næste besøg tale med {n} om {n}s drømme.",
    "{n} fortæller, at det hjælper at gå en tur, når tankerne kører.",
]


def document(rng: random.Random) -> str:
    """One case document of roughly 150 to 400 words."""
    parts = []
    for heading in rng.sample(HEADINGS, k=rng.randint(4, len(HEADINGS))):
        parts.append(f"{heading}:")
        if rng.random() < 0.12:
            parts.append(rng.choice(PLACEHOLDERS))
        else:
            for _ in range(rng.randint(2, 6)):
                # About one sentence in five touches an indicator or a trap, as in real notes.
                bank = SENTENCES if rng.random() < 0.2 else NEUTRAL
                parts.append(
                    rng.choice(bank).format(
                        n=rng.choice(NAMES),
                        p=rng.choice(PLACES),
                        a=rng.choice(ACTIVITIES),
                        w=rng.choice(WISHES),
                        k=rng.randint(2, 9),
                        d=rng.randint(1, 28),
                        m=rng.choice(MONTHS),
                    )
                )
        parts.append("")
    return "\n".join(parts)


def corpus(min_words: int = 1_000_000, seed: int = 20241123) -> list[str]:
    """Documents until at least ``min_words`` whitespace-separated words."""
    rng = random.Random(seed)
    docs: list[str] = []
    words = 0
    while words < min_words:
        text = document(rng)
        docs.append(text)
        words += len(text.split())
    return docs
