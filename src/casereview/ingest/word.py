"""Every piece of text in a Word file, in reading order.

python-docx's ``Document.paragraphs`` skips content controls (``w:sdt``),
text boxes, nested tables, headers and footers, and case systems put real
content in all of them (a whole handleplan can sit in content controls). So
the package parts are read directly: headers first, then the body, then
footnotes and endnotes, then footers. In the body every paragraph is read
wherever it sits, a table row becomes ``cell | cell`` (the section detector
reads ``Heading | body``), a nested table becomes lines inside its cell, and
a text box follows the paragraph that anchors it. Manual line breaks are
line breaks, Word's non-breaking hyphen is a hyphen and deleted text
(tracked changes) is left out.

The archive is checked before it is unpacked: the unpacked size of the
parts read must stay under the configured limit (zip bombs), and XML is
parsed without entity expansion or network access.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from casereview.errors import InputFileError, printable
from casereview.ingest.limits import MB, current_limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {W + "delText", W + "instrText", W + "rPr", W + "pPr", MC_FALLBACK}
_PART_ORDER = (
    (re.compile(r"word/header\d*\.xml$"), 0),
    (re.compile(r"word/document\d*\.xml$"), 1),
    (re.compile(r"word/(?:footnotes|endnotes)\.xml$"), 2),
    (re.compile(r"word/footer\d*\.xml$"), 3),
)


def _parser():
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True
    )


def _parts(archive: zipfile.ZipFile, path: Path) -> list[zipfile.ZipInfo]:
    chosen = []
    for info in archive.infolist():
        for pattern, rank in _PART_ORDER:
            if pattern.fullmatch(info.filename):
                chosen.append((rank, _natural(info.filename), info))
    if not any(rank == 1 for rank, _, _ in chosen):
        raise InputFileError(
            "filen er ikke et gyldigt Word-dokument (.docx); den mangler dokumentdelen", path
        )
    limit = current_limits().unpacked_bytes
    unpacked = sum(info.file_size for *_, info in chosen)
    if unpacked > limit:
        raise InputFileError(
            f"Word-dokumentet fylder {unpacked // MB} MB udpakket, mere end grænsen på "
            f"{limit // MB} MB (CASEREVIEW_MAX_UNPACKED_MB); det kan være en zip-bombe",
            path,
        )
    return [info for *_, info in sorted(chosen, key=lambda item: item[:2])]


def _natural(name: str) -> tuple:
    return tuple(int(t) if t.isdigit() else t for t in re.split(r"(\d+)", name))


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    """The part's bytes, never more than it declared (a lying header cannot inflate it)."""
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise InputFileError("Word-dokumentet er beskadiget (forkert størrelse i arkivet)", path)
    return data


def docx_text(data: bytes, path: Path) -> str:
    """The text of a .docx file, every part in reading order."""
    from lxml import etree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputFileError(
            "filen er ikke et gyldigt Word-dokument (.docx); den kan være beskadiget eller krypteret",
            path,
        ) from None
    blocks: list[str] = []
    seen_parts: set[str] = set()
    with archive:
        for info in _parts(archive, path):
            try:
                root = etree.fromstring(_read_part(archive, info, path), _parser())
            except InputFileError:
                raise
            except Exception as exc:  # noqa: BLE001 - zlib, zipfile and lxml on hostile input
                raise InputFileError(
                    f"Word-dokumentet kan ikke læses ({exc.__class__.__name__} i "
                    f"{printable(info.filename)})",
                    path,
                ) from None
            lines: list[str] = []
            _walk(root, lines)
            text = "\n".join(lines).strip()
            if text and text not in seen_parts:  # the same header on every section
                seen_parts.add(text)
                blocks.append(text)
    text = "\n\n".join(blocks).strip()
    if not text:
        raise InputFileError("Word-dokumentet indeholder ingen tekst", path)
    return text + "\n"


def _walk(element, lines: list[str]) -> None:
    """Append the block-level text under ``element`` (paragraphs, tables) to ``lines``."""
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "p":
            boxes: list[str] = []
            lines.append(_paragraph(child, boxes))
            lines.extend(boxes)
        elif tag == W + "tbl":
            _table(child, lines)
            lines.append("")
        else:  # w:sdt, w:sdtContent, w:body, w:hdr, w:txbxContent, w:customXml, ...
            _walk(child, lines)


def _paragraph(paragraph, boxes: list[str]) -> str:
    """A paragraph's own text; text boxes anchored in it go to ``boxes``."""
    parts: list[str] = []

    def visit(element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "txbxContent":
                inner: list[str] = []
                _walk(child, inner)
                boxes.extend(line for line in inner if line.strip())
            else:
                visit(child)

    visit(paragraph)
    return "".join(parts)


def _table(table, lines: list[str]) -> None:
    for row in table.iter(W + "tr"):
        if _owner_table(row) is not table:
            continue
        cells: list[str] = []
        for cell in row:
            if cell.tag == W + "sdt":  # a content control around a cell
                cell = next(cell.iter(W + "tc"), None)
            if cell is None or cell.tag != W + "tc":
                continue
            inner: list[str] = []
            _walk(cell, inner)
            text = "\n".join(line for line in inner if line.strip()).strip()
            if text and (not cells or cells[-1] != text):  # merged cells: keep each once
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))


def _owner_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != W + "tbl":
        parent = parent.getparent()
    return parent
