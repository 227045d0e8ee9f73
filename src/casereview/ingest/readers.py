"""Text from the files case systems print: .txt/.md, .docx and .pdf.

One reader serves ``import``, ``score`` and ``explain``, so a document
reads the same everywhere. Text files are decoded by
:func:`~casereview.textio.decode_text`; Word files are read whole
(:mod:`casereview.ingest.word`); PDFs are read with pypdf, and a PDF without
a text layer is a scan, reported as needing OCR rather than imported empty.
Every text is NFC without control characters, and the size limits of
:mod:`casereview.ingest.limits` are checked before a file is parsed.
Every failure is an :class:`~casereview.errors.InputFileError` naming the
file.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from casereview.errors import InputFileError
from casereview.ingest.limits import MB, current_limits
from casereview.ingest.word import docx_text
from casereview.textio import clean_text, decode_text
from casereview.wording import thousands

SUPPORTED = (".txt", ".md", ".docx", ".pdf")


def read_document(path: Path) -> tuple[bytes, str]:
    """The file's bytes (for its checksum) and its text."""
    limits = current_limits()
    try:
        size = path.stat().st_size
        if size > limits.file_bytes:
            raise InputFileError(
                f"filen fylder {size // MB} MB, mere end grænsen på {limits.file_bytes // MB} MB "
                "(CASEREVIEW_MAX_FILE_MB)",
                path,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError("filen findes ikke", path) from None
    except IsADirectoryError:
        raise InputFileError("stien er en mappe, ikke en fil", path) from None
    except OSError as exc:
        raise InputFileError(f"filen kan ikke læses ({exc.strerror})", path) from None
    suffix = path.suffix.lower()
    if not data:
        raise InputFileError("filen er tom", path)
    if suffix in {".txt", ".md"}:
        text = decode_text(data, path)
    elif suffix == ".docx":
        text = clean_text(docx_text(data, path))
    elif suffix == ".pdf":
        text = clean_text(_pdf_text(data, path))
    elif suffix in {".doc", ".odt", ".rtf"}:
        raise InputFileError(
            f"filtypen '{suffix}' understøttes ikke; gem dokumentet som .docx, .pdf eller .txt",
            path,
        )
    else:
        raise InputFileError(
            f"filtypen '{suffix or '(ingen)'}' understøttes ikke (brug .txt, .md, .docx eller .pdf)",
            path,
        )
    if len(text) > limits.chars:
        raise InputFileError(
            f"dokumentet har {thousands(len(text))} tegn, mere end grænsen på "
            f"{thousands(limits.chars)} (CASEREVIEW_MAX_CHARS)",
            path,
        )
    return data, text


def _pdf_text(data: bytes, path: Path) -> str:
    # pypdf logs its repairs with fragments of the file, case text included: keep them
    # off the terminal; a PDF it cannot read still ends in the Danish error below.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        return _pdf_pages(data, path)
    finally:
        logger.setLevel(level)


def _pdf_pages(data: bytes, path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputFileError(
                "PDF-filen er krypteret eller kodeordsbeskyttet; gem en kopi uden beskyttelse", path
            )
        pages, total, limit = [], 0, current_limits().chars
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            total += len(pages[-1])
            if total > limit:
                raise InputFileError(
                    f"PDF-filen har mere tekst end grænsen på {thousands(limit)} tegn "
                    "(CASEREVIEW_MAX_CHARS)",
                    path,
                )
    except InputFileError:
        raise
    except PdfReadError as exc:
        raise InputFileError(
            f"PDF-filen er beskadiget og kan ikke læses ({exc.__class__.__name__})", path
        ) from None
    except Exception as exc:  # noqa: BLE001 - pypdf on hostile input raises almost anything
        raise InputFileError(
            f"PDF-filen er beskadiget og kan ikke læses ({exc.__class__.__name__})", path
        ) from None
    text = "\n".join(p.strip() for p in pages).strip()
    if not text:
        raise InputFileError(
            "PDF-filen har intet tekstlag (en scannet side); den skal OCR-behandles, før den kan importeres",
            path,
        )
    return text + "\n"


def guess_kind(name: str) -> str:
    """The document kind from a file name: handleplan, udredning, statusnotat or andet."""
    low = name.lower()
    if "handleplan" in low or low.startswith("hp") or "141" in low:
        return "handleplan"
    if "udredning" in low or "vum" in low:
        return "udredning"
    if "status" in low or "notat" in low:
        return "statusnotat"
    return "andet"
