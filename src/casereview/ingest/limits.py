"""Size limits for documents, so that no file can exhaust memory or time.

A Word file is a zip archive: 600 KB can unpack to gigabytes (a zip bomb).
The limits are checked before anything is unpacked or parsed, and each can
be raised through an environment variable for the rare genuine giant:

``CASEREVIEW_MAX_FILE_MB``      size of a file on disk (default 50)
``CASEREVIEW_MAX_UNPACKED_MB``  unpacked size of the parts of a .docx read (default 100)
``CASEREVIEW_MAX_CHARS``        characters of text in one document (default 5,000,000)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

MB = 1024 * 1024


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        value = int(raw)
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    unpacked_bytes: int
    chars: int


def current_limits() -> Limits:
    """The limits in force (environment variables read at each call, so tests can set them)."""
    return Limits(
        file_bytes=_env_int("CASEREVIEW_MAX_FILE_MB", 50) * MB,
        unpacked_bytes=_env_int("CASEREVIEW_MAX_UNPACKED_MB", 100) * MB,
        chars=_env_int("CASEREVIEW_MAX_CHARS", 5_000_000),
    )
