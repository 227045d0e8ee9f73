"""Seeded fuzzing of import and score: mutated PDF, DOCX and TXT files must never give a traceback.

    python benchmarks/fuzz.py [--inputs 1200] [--seed 10]

Each input is a mutation of a real document made here (a Word file with
tables, headers and content controls, a text PDF, UTF-8/UTF-16/cp1252 text):
byte flips, truncation, inserted and duplicated runs, and structure-aware
mutations (the XML inside the .docx rewritten and re-zipped, so the XML
reader is reached rather than the zip checksum; PDF filters, lengths and
object numbers swapped). Every input is imported as its own case, then the
round is scored. An input ends in one of three ways:

* imported (and later scored),
* a clean error: a :class:`~casereview.errors.CasereviewError`, the Danish
  message the user sees,
* a traceback: any other exception. The target is zero.

Prints the counts per format, the slowest input, and every traceback's
exception with its seed, so a failure can be replayed with ``--only SEED``.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casereview.errors import CasereviewError  # noqa: E402
from casereview.ingest.importer import import_round  # noqa: E402
from casereview.scoring import EngineSpec, score_rounds  # noqa: E402
from casereview.storage.database import open_store  # noqa: E402
from casereview.storage.repository import find_rounds  # noqa: E402
from tests.files import make_docx, make_pdf  # noqa: E402

TEXT = (
    "Borgerens ønsker og mål:\nHun drømmer om at male og ønsker egen lejlighed.\n"
    "Ressourcer: Er god til at lave mad. CPR 010190-1234, tlf. 22 33 44 55.\n"
    "Netværk: Ser sin søster hver uge; skriv til lise (at) kommune.dk.\n"
)
TOKENS = [
    b"/FlateDecode",
    b"/JBIG2Decode",
    b"/DCTDecode",
    b"/LZWDecode",
    b"/ASCII85Decode",
    b"/CCITTFaxDecode",
    b"/Length 999999999",
    b"/Count -1",
    b"0 obj",
    b"endobj",
    b"<<",
    b">>",
    b"[",
    b"]",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"<w:sdt><w:sdtContent>",
    b"</w:sdtContent></w:sdt>",
    b"<w:tbl><w:tr><w:tc>",
    b"</w:tc></w:tr></w:tbl>",
    b"<w:br/>",
    b"<w:noBreakHyphen/>",
    b"&amp;",
    b"<!DOCTYPE x [<!ENTITY a 'aaaaaaaa'>]>",
    b"\x1b[2J",
]


def seeds(folder: Path) -> dict[str, bytes]:
    """The unmutated documents, one per format (and per text encoding)."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Sidehoved 010190-1234"
    document.add_paragraph(TEXT)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Ressourcer"
    table.cell(0, 1).text = "God til at lave mad"
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Indre tabel"
    document.save(folder / "seed.docx")
    make_docx(folder / "seed2.docx", TEXT.splitlines(), [["Mål", "Egen lejlighed"]])
    make_pdf(folder / "seed.pdf", TEXT.splitlines())
    return {
        "docx": (folder / "seed.docx").read_bytes(),
        "docx2": (folder / "seed2.docx").read_bytes(),
        "pdf": (folder / "seed.pdf").read_bytes(),
        "txt": TEXT.encode("utf-8"),
        "txt16": TEXT.encode("utf-16"),
        "txt1252": TEXT.encode("cp1252"),
    }


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if not buffer:
            buffer += bytes([rng.randrange(256)])
        choice = rng.randrange(6)
        at = rng.randrange(len(buffer))
        if choice == 0:  # flip bytes
            for i in range(at, min(len(buffer), at + rng.randint(1, 4))):
                buffer[i] = rng.randrange(256)
        elif choice == 1:  # truncate
            del buffer[at:]
        elif choice == 2:  # insert random bytes
            buffer[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif choice == 3:  # duplicate a run
            end = min(len(buffer), at + rng.randint(1, 400))
            buffer[at:at] = buffer[at:end] * rng.randint(1, 20)
        elif choice == 4:  # insert a structural token
            buffer[at:at] = rng.choice(TOKENS)
        else:  # delete a run
            del buffer[at : at + rng.randint(1, 64)]
    return bytes(buffer)


def mutate_docx(data: bytes, rng: random.Random) -> bytes:
    """Mutate one XML part inside the archive and zip it again, so the XML is reached."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    target_name = rng.choice(
        [n for n in names if n.endswith(".xml")] if rng.random() < 0.9 else names
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            body = source.read(name)
            if name == target_name or name == "word/document.xml" and rng.random() < 0.5:
                body = mutate_bytes(body, rng)
            archive.writestr(name, body)
    result = out.getvalue()
    return mutate_bytes(result, rng) if rng.random() < 0.15 else result


def make_input(index: int, seed: int, originals: dict[str, bytes]) -> tuple[str, str, bytes]:
    rng = random.Random(seed * 100_003 + index)
    kind = rng.choice(list(originals))
    data = originals[kind]
    suffix = ".docx" if kind.startswith("docx") else ".pdf" if kind == "pdf" else ".txt"
    mutated = mutate_docx(data, rng) if suffix == ".docx" else mutate_bytes(data, rng)
    return kind, suffix, mutated


def run(inputs: int, seed: int, only: int | None) -> int:
    outcomes: Counter = Counter()
    tracebacks: list[tuple[int, str, str]] = []
    slowest = (0.0, -1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        originals = seeds(folder)
        store = open_store(f"sqlite:///{folder / 'fuzz.db'}")
        indices = [only] if only is not None else range(inputs)
        started = time.perf_counter()
        for index in indices:
            kind, suffix, data = make_input(index, seed, originals)
            case = folder / "runde" / f"sag-{index:05d}"
            case.mkdir(parents=True)
            path = case / f"dokument{suffix}"
            path.write_bytes(data)
            began = time.perf_counter()
            try:
                import_round(store, path, "Fuzz", "baseline", case_ref=f"sag-{index:05d}")
                outcomes[(kind, "importeret")] += 1
            except CasereviewError:
                outcomes[(kind, "ren fejl")] += 1
            except Exception as exc:  # noqa: BLE001 - counting is the point
                outcomes[(kind, "traceback")] += 1
                tracebacks.append((index, kind, "".join(traceback.format_exception_only(exc))))
            slowest = max(slowest, (time.perf_counter() - began, index))
        import_seconds = time.perf_counter() - started
        score_error = None
        try:
            with store.session() as session:
                round_ids = [r.id for _, r in find_rounds(session, "Fuzz", None)]
            report = score_rounds(store, round_ids, EngineSpec(), jobs=1)
        except CasereviewError:  # nothing was imported: nothing to score
            report = None
        except Exception as exc:  # noqa: BLE001
            report, score_error = None, "".join(traceback.format_exception_only(exc))
        store.close()
    total = sum(outcomes.values())
    print(f"Fuzz: {total} muterede filer (seed {seed}), import {import_seconds:.1f} s")
    for kind in sorted({k for k, _ in outcomes}):
        row = {what: outcomes[(kind, what)] for what in ("importeret", "ren fejl", "traceback")}
        print(f"  {kind:<8} " + "  ".join(f"{what}: {n:>4}" for what, n in row.items()))
    imported = sum(n for (_, what), n in outcomes.items() if what == "importeret")
    errors = sum(n for (_, what), n in outcomes.items() if what == "ren fejl")
    print(
        f"  i alt    importeret: {imported:>4}  ren fejl: {errors:>4}  traceback: {len(tracebacks):>4}"
    )
    print(f"  langsomste fil: {slowest[0]:.2f} s (nr. {slowest[1]})")
    if score_error is None and report is not None:
        print(
            f"  scoring: {report.scored} scoret, {len(report.failed)} fejlede, "
            f"{report.seconds:.1f} s; traceback under scoring: 0"
        )
    elif score_error is not None:
        print(f"  scoring: TRACEBACK {score_error}")
    for index, kind, text in tracebacks[:20]:
        print(f"  traceback nr. {index} ({kind}): {text.strip()}")
    return 1 if tracebacks or score_error else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--only", type=int, default=None, help="replay one input by its number")
    args = parser.parse_args()
    sys.exit(run(args.inputs, args.seed, args.only))


if __name__ == "__main__":
    main()
