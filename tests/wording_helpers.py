"""What the reader sees, as plain text: the terminal at 80 columns without colour and the
HTML page's blocks without their small print, and what makes a sentence broken."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

from alscriteria.assess.assessment import Assessment
from alscriteria.cli.render import full_report
from report_helpers import Node, parse_page

#: A code word: lower-case words joined by underscores ("possible_one_region").
_SNAKE = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+")
#: File names in a source ("docs/criteria.md", "needle_cautions.csv") are not code words.
_FILE = re.compile(r"[\w./-]+\.(?:csv|json|md)\b")
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)  # words, not numbers
#: A sentence that breaks off before its parenthesis: "the lumbosacral region is (A.2".
_DANGLING = re.compile(r"\b(?:is|are)\s+\(")
_PLACEHOLDER = re.compile(r"\{\w*\}")


def problems(text: str) -> list[str]:
    """What is wrong with one piece of reader text (empty when it is clean)."""
    plain = _FILE.sub("", text)
    found = [f"code word {m!r}" for m in _SNAKE.findall(plain)]
    found += [f"doubled word {m.group(0)!r}" for m in _DOUBLED.finditer(plain)]
    found += [f"dangling {m.group(0)!r}" for m in _DANGLING.finditer(plain)]
    found += [f"unfilled {m!r}" for m in _PLACEHOLDER.findall(plain)]
    return found


BOX = re.compile(r"[\u2500-\u257f]")


def terminal_text(results: Mapping[str, Assessment]) -> str:
    """What `alscriteria evaluate` prints (red flags, each criteria set's panel and plan, the
    needling cautions) at 80 columns without colour, joined into one run of words; the
    region grid, a table of yes and no, is left out."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=80, no_color=True, color_system=None)
    for part in full_report(results).renderables:
        if not isinstance(part, Table):
            console.print(part)
    return " ".join(BOX.sub(" ", buffer.getvalue()).split())


def json_texts(value: Any, key: str = "") -> Iterator[str]:
    """Every reader's text field of the Assessment JSON (codes and ids are other fields)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "reason" and isinstance(v, str) and "reason_code" not in value:
                continue  # a plan's reason is its code; a muscle's reason is its words
            yield from json_texts(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from json_texts(item, key)
    elif isinstance(value, str) and key in ("text", "reason_text", "reason"):
        yield value


#: The page's small print of codes and its audit block are for auditors, not sentences.
_BLOCKS = ("p", "li", "td", "th", "h2", "h3", "h4", "caption", "figcaption", "dd")


_HIDDEN = ("code", "style", "title", "desc", "head", "script")


def _reader_text(node: Node) -> str:
    parts: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag in _HIDDEN or "codes" in child.attrs.get("class", "").split():
            continue
        else:
            parts.append(" " + _reader_text(child) + " ")
    return " ".join("".join(parts).split())


def page_texts(html: str) -> Iterator[str]:
    """The text of each block of the page a reader reads, the audit section left out."""
    tree = parse_page(html)
    audit = {id(n) for s in tree.find_all("section", class_="audit") for n in s.iter()}
    for node in tree.iter():
        if node.tag in _BLOCKS and id(node) not in audit:
            yield _reader_text(node)
