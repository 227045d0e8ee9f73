"""Reading case text from plain files, folders and JSON Lines.

Case documents exported from Danish case systems arrive as UTF-8, UTF-8 with
a byte-order mark, UTF-16/32 with one, or Windows-1252. Every failure becomes an
:class:`~casereview.errors.InputFileError` with a Danish message that names
the file, so that the CLI can stop cleanly instead of showing a traceback.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from casereview.errors import InputFileError

JSONL_SUFFIXES = frozenset({".jsonl"})

# Bytes that never occur in Danish text written in cp1252 but do occur in
# binary files: a file with any of them is not a text document.
_BINARY_BYTES = frozenset(range(0, 9)) | {11, 12} | frozenset(range(14, 32)) - {27}


@dataclass(frozen=True, slots=True)
class TextDocument:
    """One document to score: an id for the report and its text."""

    id: str
    text: str
    source: str


_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE mark
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
# C0 and C1 control characters other than tab and line breaks, and escape sequences:
# they carry no text, and an ESC sequence reaching a terminal can rewrite the screen.
_CONTROL = re.compile(
    r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)


def clean_text(text: str) -> str:
    """NFC, Unix line breaks, and no NUL, control characters or terminal escape sequences."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", _CONTROL.sub("", text))


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode bytes of a text document: UTF-8/16/32 by byte-order mark, else UTF-8 or cp1252.

    cp1252 is tried only for lines that are not valid UTF-8: any valid UTF-8
    with Danish letters would also decode as cp1252, but into mojibake. A file
    whose lines mix the two (a cp1252 note pasted into a UTF-8 file) is
    decoded line by line. The result is NFC without control characters.
    """
    if not data.strip():
        raise InputFileError("filen er tom", path)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError:
                raise InputFileError(
                    f"filen siger, den er {name}, men indeholder ugyldige tegn", path
                ) from None
            return _normalise(text, path)
    if b"\x00" in data[:8192] or sum(b in _BINARY_BYTES for b in data[:8192]) > 8:
        raise InputFileError("filen ligner en binær fil, ikke tekst", path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = "".join(_decode_line(line, path) for line in data.splitlines(keepends=True))
    return _normalise(text, path)


def _decode_line(line: bytes, path: str | Path) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"filen er hverken UTF-8 eller Windows-1252 (ukendt byte 0x{line[exc.start]:02x})",
            path,
        ) from None


def _normalise(text: str, path: str | Path) -> str:
    text = clean_text(text)
    if not text.strip():
        raise InputFileError("filen er tom", path)
    return text


def iter_jsonl_objects(path: Path, what: str = "filen") -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-empty line of a JSON Lines file, read lazily.

    Every problem is an InputFileError naming the file and the line; a file
    without any object is "tom" (empty).
    """
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise InputFileError(f"{what} findes ikke", path) from None
    except OSError as exc:
        raise InputFileError(f"{what} kan ikke læses ({exc.strerror})", path) from None
    with handle:
        seen_any = False
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8-sig"))
            except UnicodeDecodeError:
                raise InputFileError(f"linje {number} er ikke UTF-8", path) from None
            except json.JSONDecodeError as exc:
                raise InputFileError(
                    f"linje {number} er ikke gyldig JSON ({exc.msg})", path
                ) from None
            if not isinstance(obj, dict):
                raise InputFileError(f"linje {number} skal være et JSON-objekt", path)
            seen_any = True
            yield number, obj
        if not seen_any:
            raise InputFileError(f"{what} er tom", path)


def iter_jsonl_documents(path: Path) -> Iterator[TextDocument]:
    """Yield ``{"id", "text"}`` objects from a JSON Lines file, one at a time."""
    for number, obj in iter_jsonl_objects(path):
        if not isinstance(obj.get("text"), str):
            raise InputFileError(f'linje {number} mangler feltet "text" (tekst)', path)
        doc_id = obj.get("id", f"{path.stem}:{number}")
        yield TextDocument(id=str(doc_id), text=obj["text"], source=f"{path}:{number}")
