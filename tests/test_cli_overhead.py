"""What the command line itself costs a call (issue 23). It builds its parser once per
process (rebuilding it was most of what an in-process `alscriteria evaluate --json` cost),
and the shared parser says and does exactly what a new one would: help, usage errors,
defaults, on every call and in threads. It reads a case in small chunks, not into a buffer
of the whole size limit, and still refuses a file past the limit (or a key given twice)."""

from __future__ import annotations

import argparse
import copy
import io
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

import alscriteria
from alscriteria.cli import app
from alscriteria.cli.app import build_parser, main, shared_parser
from alscriteria.cli.common import MAX_CASE_BYTES, READ_CHUNK, read_at_most
from alscriteria.errors import InvalidInputError
from alscriteria.files.json_input import loads
from strategies import examples

ROOT = Path(__file__).resolve().parents[1]
DEFINITE = str(ROOT / "examples" / "definite.json")

#: Help and usage errors of the top level and of every command.
SAID = [
    ["--help"],
    [],
    ["nothing"],
    ["evaluate"],
    ["evaluate", "--help"],
    ["evaluate", DEFINITE, "--criteria", "awaji-shima"],
    ["evaluate", DEFINITE, "--unknown"],
    ["batch", "--help"],
    ["batch", "in.jsonl"],
    ["batch", "in.jsonl", "-o", "out.jsonl", "--jobs", "many"],
    ["walkthrough", "--help"],
    ["timeline", "--help"],
    ["timeline", "h.json", "--delta-fs-cutoffs", "other"],
    ["report", "--help"],
    ["schema", "--help"],
    ["schema", "nothing"],
    ["schema", "--case", "--result"],
    ["muscles", "--region", "arm"],
    ["rules", "--help"],
    ["spec", "--help"],
    ["example", "--help"],
    ["docs", "--help"],
    ["serve", "--help"],
    ["serve", "--port", "x"],
]


def _said(parser: argparse.ArgumentParser, argv: list[str], capsys: Any) -> tuple[Any, str, str]:
    """What parsing `argv` prints and how it exits (None when it parses)."""
    try:
        parser.parse_args(argv)
        code = None
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def fresh_shared() -> Iterator[None]:
    """The shared parser built anew for the test, and again for the tests after it."""
    shared_parser.cache_clear()
    yield
    shared_parser.cache_clear()


def test_main_builds_the_parser_once(
    monkeypatch: pytest.MonkeyPatch, fresh_shared: None, capsys: pytest.CaptureFixture[str]
) -> None:
    built: list[argparse.ArgumentParser] = []

    def counted() -> argparse.ArgumentParser:
        built.append(build_parser())
        return built[-1]

    monkeypatch.setattr(app, "build_parser", counted)
    console = Console(file=StringIO())
    for argv in (["evaluate", DEFINITE, "--json"], ["muscles", "--json"], ["evaluate", DEFINITE]):
        assert main(argv, console=console) == 0
    assert main(["evaluate", "no-such-file.json"], console=console) == 2
    capsys.readouterr()
    assert len(built) == 1


@pytest.mark.parametrize("columns", ["50", "120"])
def test_the_shared_parser_says_what_a_new_one_says(
    columns: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Help is wrapped to the terminal of each call (COLUMNS read when it is written), and
    every message is the same on the first call, the second, and from a new parser."""
    monkeypatch.setenv("COLUMNS", columns)
    for argv in SAID:
        new = _said(build_parser(), argv, capsys)
        assert new[0] is not None, argv  # each is help or an error
        for _ in range(2):
            with pytest.raises(SystemExit) as exit_:
                main(argv, console=Console(file=StringIO()))
            captured = capsys.readouterr()
            assert (exit_.value.code, captured.out, captured.err) == new, argv


def test_help_follows_the_terminal_of_each_call(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = []
    for columns in ("50", "140", "50"):
        monkeypatch.setenv("COLUMNS", columns)
        _, out, _ = _said(shared_parser(), ["evaluate", "--help"], capsys)
        lines.append(out.splitlines())
    assert len(lines[0]) > len(lines[1]) and lines[0] == lines[2]


def _defaults(parser: argparse.ArgumentParser) -> list[Any]:
    """Every action's default, in every subparser, copied."""
    found: list[Any] = []
    for action in parser._actions:
        found.append((action.dest, copy.deepcopy(action.default)))
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((name, _defaults(sub)))
    return found


def test_no_call_leaves_anything_for_the_next(capsys: pytest.CaptureFixture[str]) -> None:
    """A repeatable option given once is not there the next time (its default is no list
    the namespace could share), and no command changes a default."""
    before = _defaults(shared_parser())
    console = Console(file=StringIO())
    argv = ["evaluate", DEFINITE, "--json", "--reading", "probable=aggregate"]
    assert main([*argv, "--criteria", "awaji"], console=console) == 0
    assert main(["rules", "--reading", "gap=unclassified", "--json"], console=console) == 0
    capsys.readouterr()
    args = shared_parser().parse_args(["evaluate", DEFINITE])
    assert args.reading is None and args.criteria is None
    assert _defaults(shared_parser()) == before


def test_threads_may_share_the_parser() -> None:
    """An embedding server may parse in many threads at once: each gets its own answer."""
    parser = shared_parser()
    lines = [
        [
            "evaluate",
            f"case{n}.json",
            "--reading",
            f"probable={'separate' if n % 2 else 'aggregate'}",
        ]
        for n in range(8)
    ]
    expected = [vars(build_parser().parse_args(argv)) for argv in lines]
    wrong: list[int] = []

    def parse(n: int) -> None:
        for _ in range(200):
            got = vars(parser.parse_args(lines[n]))
            if {k: v for k, v in got.items() if k != "handler"} != {
                k: v for k, v in expected[n].items() if k != "handler"
            }:
                wrong.append(n)

    threads = [threading.Thread(target=parse, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


class _Recorded(io.BytesIO):
    """A stream that notes each size asked for and gives at most `most` bytes a read
    (a pipe's short reads)."""

    def __init__(self, data: bytes, most: int) -> None:
        super().__init__(data)
        self.most = most
        self.asked: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.asked.append(-1 if size is None else size)
        return super().read(min(self.most, size) if size is not None and size >= 0 else size)


@pytest.mark.parametrize("size", [0, 1, 1000, READ_CHUNK - 1, READ_CHUNK, 3 * READ_CHUNK + 5])
@pytest.mark.parametrize("most", [7, READ_CHUNK])
def test_a_case_is_read_whole_in_small_chunks(size: int, most: int) -> None:
    data = bytes(range(256)) * (size // 256 + 1)
    stream = _Recorded(data[:size], most)
    assert read_at_most(stream, 10 * READ_CHUNK) == data[:size]
    assert max(stream.asked) <= READ_CHUNK  # never a buffer of the whole limit


@pytest.mark.parametrize("extra", [0, 1, 5000])
def test_reading_stops_one_byte_past_the_limit(extra: int) -> None:
    limit = 2 * READ_CHUNK + 3
    stream = _Recorded(b"x" * (limit + extra), READ_CHUNK)
    got = read_at_most(stream, limit)
    assert len(got) == limit + min(extra, 1)


def test_a_case_file_past_the_limit_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"{}" + b" " * (MAX_CASE_BYTES - 1))
    assert main(["evaluate", str(big), "--json"], console=Console(file=StringIO())) == 2
    assert f"{big}: larger than 8 MiB; not a case file" in capsys.readouterr().err
    whole = tmp_path / "whole.json"  # at the limit exactly: read, then judged as a case
    whole.write_bytes(b"{}" + b" " * (MAX_CASE_BYTES - 2))
    main(["evaluate", str(whole), "--json"], console=Console(file=StringIO()))
    assert "larger than" not in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["evaluate", "--help"], ["nothing"]])
def test_help_and_usage_errors_load_no_rule_engine(argv: list[str]) -> None:
    """The engine (and durable_rules, a C extension) is loaded when a command runs: help
    and a usage error are answered without it (`--version` loads it, to name it)."""
    probe = (
        "import contextlib, io, sys\n"
        "from alscriteria.cli.app import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('alscriteria.rules', 'durable'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.strip() == "[]"


def test_evaluate_json_needs_no_console_and_no_rich() -> None:
    """`evaluate --json` writes plain JSON: no console is made and rich is not imported
    (a quarter of that command's imports); the report still has its console."""
    probe = (
        "import contextlib, io, sys\n"
        "from alscriteria.cli import consoles\n"
        "made = []\n"
        "real = consoles.make_console\n"
        "consoles.make_console = lambda *a, **k: made.append(1) or real(*a, **k)\n"
        "del sys.modules['rich.console']\n"  # consoles imported it; see who imports it again
        "from alscriteria.cli.app import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    code = main(['evaluate', {DEFINITE!r}, '--json'])\n"
        "print(code, len(made), 'rich.console' in sys.modules, out.getvalue().startswith('{'))\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['evaluate', {DEFINITE!r}])\n"
        "print(code, len(made))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.split("\n")[:2] == ["0 0 False True", "0 1"]


def test_evaluate_json_is_the_same_with_or_without_a_console(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from alscriteria.files.json_output import json_text

    outputs = []
    for console in (None, Console(file=StringIO())):
        assert main(["evaluate", DEFINITE, "--json"], console=console) == 0
        outputs.append(capsys.readouterr().out)
    data = json.loads(Path(DEFINITE).read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1] == json_text(alscriteria.evaluate_all(data, plan=True)) + "\n"


@settings(max_examples=examples(300))
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", "é", ""]), st.integers()), max_size=6))
def test_an_object_is_refused_exactly_when_a_key_repeats(pairs: list[tuple[str, int]]) -> None:
    """Strict JSON builds each object in one step and looks for the repeat only when the
    object came out shorter: the same objects and the same first repeat named as before."""
    text = "{" + ", ".join(f"{json.dumps(k)}: {v}" for k, v in pairs) + "}"
    keys = [k for k, _ in pairs]
    repeats = [k for i, k in enumerate(keys) if k in keys[:i]]
    if not repeats:
        assert loads(text, "here") == dict(pairs)
        return
    with pytest.raises(InvalidInputError) as refused:
        loads(text, "here")
    assert str(refused.value).startswith(f"here: the key {repeats[0]!r} appears twice")
