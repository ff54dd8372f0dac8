"""Where things live in the cohort (issue 22): read from the source, so a later change that
puts them back where they were fails here, not in a review."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import alscriteria

PACKAGE = Path(alscriteria.__file__).resolve().parent


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _imports(path: Path) -> Iterator[str]:
    """Every module a file imports, at the top or inside a function."""
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def _calls(path: Path) -> Iterator[str]:
    """Every `module.function` called in a file (`os.replace(...)`)."""
    for node in ast.walk(_tree(path)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
        ):
            yield f"{node.func.value.id}.{node.func.attr}"


def test_the_pool_is_the_only_home_of_processes_signals_and_ctypes_in_the_cohort() -> None:
    low_level = {"multiprocessing", "signal", "ctypes"}
    homes = {
        path.name
        for path in (PACKAGE / "cohort").glob("*.py")
        if {name.split(".")[0] for name in _imports(path)} & low_level
    }
    assert homes == {"pool.py"}


def test_the_core_publisher_does_not_reach_up_into_the_cohort() -> None:
    assert not [m for m in _imports(PACKAGE / "schemas.py") if m.startswith("alscriteria.cohort")]


def test_one_atomic_writer_renames_files_into_place() -> None:
    """Every file the package writes goes through alscriteria/files/atomic.py (O_EXCL|O_NOFOLLOW
    staging, symlinks followed, mode kept, pipes and devices written in place)."""
    placing = {"os.replace", "os.rename", "os.link", "shutil.move"}
    writers = {
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if set(_calls(path)) & placing or "tempfile" in set(_imports(path))
    }
    assert writers == {"files/atomic.py"}


def test_the_batch_command_leaves_the_set_up_to_the_cohort() -> None:
    """cli/batch.py reads arguments and prints; options, files and the summary are made in
    cohort/setup.py, which never prints."""
    setup = set(_imports(PACKAGE / "cohort" / "setup.py"))
    assert not {m for m in setup if m.startswith(("rich", "alscriteria.cli"))}
    assert "alscriteria.cohort.setup" in set(_imports(PACKAGE / "cli" / "batch.py"))


def test_no_cohort_module_is_long_without_saying_why() -> None:
    """Issue 22: a module over about 400 lines says in its docstring why it is one module."""
    long = []
    for path in [*(PACKAGE / "cohort").glob("*.py"), *(PACKAGE / "cli").glob("batch*.py")]:
        text = path.read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(text)) or ""
        if text.count("\n") > 400 and "Why one module" not in doc:
            long.append(path.name)
    assert long == []
