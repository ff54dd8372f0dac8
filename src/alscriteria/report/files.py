"""Writing a page whole or not at all.

A report goes into a patient's chart: a half-written file (full disk, interrupted run) must
never stand where the previous report was. The page is written to a temporary file beside
the target and renamed over it only once every byte is on disk.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from alscriteria.errors import AlsCriteriaError


class ReportWriteError(AlsCriteriaError):
    """The page could not be written; the target is left as it was."""


def write_page(path: str | Path, html: str) -> None:
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(html)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise ReportWriteError(
            f"{path}: cannot write the report ({exc.strerror or exc}); no file was written"
        ) from None


__all__ = ["ReportWriteError", "write_page"]
