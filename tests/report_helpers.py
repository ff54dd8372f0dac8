"""Reading report pages back the way a test can check them: a small element tree from the
standard library's HTML parser, the visible text, and each inline <svg> as XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "br", "col", "img", "input", "link", "hr", "wbr", "source", "area", "base"}
#: SVG elements written self-closed (<path .../>): they close themselves.
SELF_CLOSED_OK = {"path", "rect", "circle", "line", "stop", "ellipse", "polygon", "polyline"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """The visible words: SVG <title>/<desc> and the page <title> and <style> left out."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("style", "title", "desc", "head"):
                parts.append(" " + child.text() + " ")
        return " ".join("".join(parts).split())

    def all_text(self) -> str:
        """Every word, the accessible names of the pictures included."""
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag != "style":
                parts.append(" " + child.all_text() + " ")
        return " ".join("".join(parts).split())

    def iter(self) -> list[Node]:
        out = [self]
        for child in self.children:
            if isinstance(child, Node):
                out.extend(child.iter())
        return out

    def find_all(self, tag: str, **attrs: str) -> list[Node]:
        found = []
        for node in self.iter():
            if node.tag != tag:
                continue
            if all(
                (v in node.attrs.get(k.rstrip("_"), "").split())
                if k.rstrip("_") == "class"
                else node.attrs.get(k.rstrip("_")) == v
                for k, v in attrs.items()
            ):
                found.append(node)
        return found

    def by_id(self, ident: str) -> Node:
        for node in self.iter():
            if node.attrs.get("id") == ident:
                return node
        raise KeyError(ident)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if self.stack[-1].tag != tag:
            raise AssertionError(
                f"</{tag}> closes <{self.stack[-1].tag}>: the page is not well formed"
            )
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_page(html: str) -> Node:
    """The page as a tree; an unbalanced tag fails the test."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements: " + ", ".join(
        n.tag for n in builder.stack[1:]
    )
    return builder.root


def svg_documents(html: str) -> list[ET.Element]:
    """Each inline <svg> element, parsed as XML (it must be valid XML on its own)."""
    out = []
    for match in re.finditer(r"<svg\b.*?</svg>", html, flags=re.S):
        out.append(ET.fromstring(match.group(0)))
    return out


def words(text: str) -> str:
    return " ".join(text.split())


STYLE_BLOCK = re.compile(r"<style>.*?</style>", re.DOTALL)


def without_stylesheet(html: str) -> str:
    """A page as its golden file keeps it: the inlined stylesheet left out (it has a golden of
    its own, tests/golden/report/report.css, compared in tests/test_report.py), so a CSS change
    rewrites one golden, not every page."""
    return STYLE_BLOCK.sub("<style>/* report.css */</style>", html, count=1)


def outside_audit(tree: Node) -> str:
    """The page's visible words outside the audit section (and outside the stylesheet)."""
    parts: list[str] = []

    def walk(node: Node) -> None:
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag in ("style", "title", "desc", "head") or (
                child.tag == "section" and "audit" in child.attrs.get("class", "").split()
            ):
                continue
            else:
                parts.append(" ")
                walk(child)
                parts.append(" ")

    walk(tree)
    return " ".join("".join(parts).split())
