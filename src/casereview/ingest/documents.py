"""The documents given to ``score`` and ``explain``: read, masked, skipped with a reason.

The same reader as ``import`` (:func:`~casereview.ingest.readers.read_document`)
and the same masking, so a document scores the same from a file as from the
store, and no CPR number reaches the screen or an output file. A folder is
walked by :func:`~casereview.ingest.walk.walk_files`; what it passes by is
handed to ``on_skip`` with its reason instead of disappearing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from casereview.errors import InputFileError
from casereview.ingest.masking import mask_text
from casereview.ingest.readers import SUPPORTED, read_document
from casereview.ingest.walk import Skipped, walk_files
from casereview.textio import JSONL_SUFFIXES, TextDocument, clean_text, iter_jsonl_documents

OnSkip = Callable[[Skipped], None]


def read_masked(path: Path) -> str:
    """One document's text, read like an import and masked."""
    return mask_text(read_document(path)[1])


def _folder(folder: Path, on_skip: OnSkip | None) -> Iterator[TextDocument]:
    found = False
    for item in walk_files(folder, frozenset(SUPPORTED)):
        if isinstance(item, Skipped):
            if on_skip:
                on_skip(item)
            continue
        found = True
        yield TextDocument(
            id=str(item.relative_to(folder)), text=read_masked(item), source=str(item)
        )
    if not found:
        raise InputFileError("mappen indeholder ingen .txt-, .md-, .docx- eller .pdf-filer", folder)


def iter_documents(paths: Iterable[Path], on_skip: OnSkip | None = None) -> Iterator[TextDocument]:
    """Yield masked documents from files, folders and .jsonl files, lazily and in order."""
    for path in paths:
        if path.is_dir():
            yield from _folder(path, on_skip)
        elif path.suffix.lower() in JSONL_SUFFIXES:
            for document in iter_jsonl_documents(path):
                yield TextDocument(
                    document.id, mask_text(clean_text(document.text)), document.source
                )
        elif not path.exists():
            raise InputFileError("filen findes ikke", path)
        elif path.suffix.lower() in SUPPORTED:
            yield TextDocument(id=path.name, text=read_masked(path), source=str(path))
        else:
            raise InputFileError(
                f"filtypen '{path.suffix or '(ingen)'}' kan ikke scores; brug .txt, .md, .docx, "
                ".pdf, .jsonl eller en mappe",
                path,
            )
