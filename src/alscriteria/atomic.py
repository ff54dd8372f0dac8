"""Writing a text file whole or not at all.

A saved case or a report goes into a patient's record: a half-written file (full disk,
interrupted run) must never stand where the previous one was. The text goes to a temporary
file beside the target and is renamed over it only once every byte is on disk.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def replace_text(path: str | Path, text: str, make_parent: bool = False) -> None:
    """Put `text` at `path` (UTF-8, LF line ends). Raises OSError with the target as it was."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        if make_parent:
            target.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


__all__ = ["replace_text"]
