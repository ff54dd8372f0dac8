"""Writing a page whole or not at all.

A report goes into a patient's chart: a half-written file must never stand where the
previous report was (alscriteria.files.atomic); a failure becomes a message, not a traceback.
"""

from __future__ import annotations

from pathlib import Path

from alscriteria.errors import AlsCriteriaError
from alscriteria.files.atomic import ReaderClosedError, replace_text


class ReportWriteError(AlsCriteriaError):
    """The page could not be written; the target is left as it was."""


def write_page(path: str | Path, html: str) -> None:
    try:
        replace_text(path, html)
    except ReaderClosedError:
        raise  # a pipe's reader left (`-o /dev/stdout | head`): a quiet stop, not an error
    except OSError as exc:
        raise ReportWriteError(
            f"{path}: cannot write the report ({exc.strerror or exc}); no file was written"
        ) from None


__all__ = ["ReportWriteError", "write_page"]
