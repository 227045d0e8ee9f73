"""Text from the files case systems print: .txt/.md, .docx and .pdf.

Word documents are read with python-docx, paragraphs and tables in document
order; a table row becomes ``cell | cell``, which the engine's section
detector reads as ``Heading | body``. PDFs are read with pypdf; a PDF without
a text layer is a scan, reported as needing OCR rather than imported empty.
Every failure is an :class:`~casereview.errors.InputFileError` naming the file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from casereview.errors import InputFileError
from casereview.textio import decode_text

SUPPORTED = (".txt", ".md", ".docx", ".pdf")


def read_document(path: Path) -> tuple[bytes, str]:
    """The file's bytes (for its checksum) and its text."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError("filen findes ikke", path) from None
    except OSError as exc:
        raise InputFileError(f"filen kan ikke læses ({exc.strerror})", path) from None
    suffix = path.suffix.lower()
    if not data:
        raise InputFileError("filen er tom", path)
    if suffix in {".txt", ".md"}:
        return data, decode_text(data, path)
    if suffix == ".docx":
        return data, _docx_text(data, path)
    if suffix == ".pdf":
        return data, _pdf_text(data, path)
    if suffix in {".doc", ".odt", ".rtf"}:
        raise InputFileError(
            f"filtypen '{suffix}' understøttes ikke; gem dokumentet som .docx, .pdf eller .txt",
            path,
        )
    raise InputFileError(
        f"filtypen '{suffix or '(ingen)'}' understøttes ikke (brug .txt, .md, .docx eller .pdf)",
        path,
    )


def _docx_text(data: bytes, path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputFileError(
            "filen er ikke et gyldigt Word-dokument (.docx); den kan være beskadiget eller krypteret",
            path,
        )
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for broken packages
        raise InputFileError(
            f"Word-dokumentet kan ikke læses ({exc.__class__.__name__})", path
        ) from None
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                cells: list[str] = []
                for cell in row.cells:  # merged cells repeat: keep each once
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                if cells:
                    lines.append(" | ".join(cells))
            lines.append("")
    text = "\n".join(lines).strip()
    if not text:
        raise InputFileError("Word-dokumentet indeholder ingen tekst", path)
    return text + "\n"


def _pdf_text(data: bytes, path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise InputFileError(
                "PDF-filen er krypteret eller kodeordsbeskyttet; gem en kopi uden beskyttelse", path
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputFileError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
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
