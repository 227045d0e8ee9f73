"""Reading case text from plain files, folders and JSON Lines.

Case documents exported from Danish case systems arrive as UTF-8, UTF-8 with
a byte-order mark, or Windows-1252. Every failure becomes an
:class:`~casereview.errors.InputFileError` with a Danish message that names
the file, so that the CLI can stop cleanly instead of showing a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casereview.errors import InputFileError

TEXT_SUFFIXES = frozenset({".txt", ".md"})
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


def decode_text(data: bytes, path: str | Path) -> str:
    """Decode bytes of a text document: UTF-8 (with or without BOM), UTF-16 with BOM, or cp1252.

    cp1252 is tried only when the bytes are not valid UTF-8: any valid UTF-8
    with Danish letters would also decode as cp1252, but into mojibake.
    """
    if not data.strip():
        raise InputFileError("filen er tom", path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Word's "Unicode text" export
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputFileError(
                "filen siger, den er UTF-16, men indeholder ugyldige tegn", path
            ) from None
        return _normalise(text, path)
    if b"\x00" in data[:8192] or sum(b in _BINARY_BYTES for b in data[:8192]) > 8:
        raise InputFileError("filen ligner en binær fil, ikke tekst", path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise InputFileError(
                f"filen er hverken UTF-8 eller Windows-1252 (ukendt byte ved position {exc.start})",
                path,
            ) from None
    return _normalise(text, path)


def _normalise(text: str, path: str | Path) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputFileError("filen er tom", path)
    return text


def read_text_file(path: Path) -> str:
    """Read one .txt/.md file as text (see :func:`decode_text`)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError("filen findes ikke", path) from None
    except IsADirectoryError:
        raise InputFileError("stien er en mappe, ikke en fil", path) from None
    except OSError as exc:
        raise InputFileError(f"filen kan ikke læses ({exc.strerror})", path) from None
    return decode_text(data, path)


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


def _folder_files(folder: Path) -> list[Path]:
    files = sorted(
        p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES
    )
    if not files:
        raise InputFileError("mappen indeholder ingen .txt- eller .md-filer", folder)
    return files


def iter_documents(paths: Iterable[Path]) -> Iterator[TextDocument]:
    """Yield documents from files, folders and .jsonl files, lazily and in order."""
    for path in paths:
        if path.is_dir():
            for file in _folder_files(path):
                yield TextDocument(
                    id=str(file.relative_to(path)), text=read_text_file(file), source=str(file)
                )
        elif path.suffix.lower() in JSONL_SUFFIXES:
            yield from iter_jsonl_documents(path)
        elif not path.exists():
            raise InputFileError("filen findes ikke", path)
        elif path.suffix.lower() in TEXT_SUFFIXES:
            yield TextDocument(id=path.name, text=read_text_file(path), source=str(path))
        else:
            raise InputFileError(
                f"filtypen '{path.suffix or '(ingen)'}' kan ikke scores; brug .txt, .md, .jsonl eller en mappe",
                path,
            )
