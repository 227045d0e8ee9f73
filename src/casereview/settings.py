"""Per-user settings: the reviewer's name (asked once) and blind double coding.

Stored as JSON in the user config directory (``CASEREVIEW_CONFIG_DIR``
overrides it, which the tests use). Written owner-only like the database.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass
class Settings:
    reviewer: str | None = None
    # With two reviewers on one round, see the other's judgement only after setting your own.
    blind: bool = True


def config_path() -> Path:
    folder = os.environ.get("CASEREVIEW_CONFIG_DIR")
    if folder:
        return Path(folder) / "settings.json"
    from platformdirs import user_config_dir

    return Path(user_config_dir("casereview", appauthor=False)) / "settings.json"


def load_settings() -> Settings:
    path = config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    return Settings(reviewer=data.get("reviewer") or None, blind=bool(data.get("blind", True)))


def save_settings(settings: Settings) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(asdict(settings), handle, ensure_ascii=False)
    os.replace(tmp, path)
