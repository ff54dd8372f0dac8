"""The muscle catalogue (criteria.md B.4.3), shipped as package data from muscles.csv.

Roots and nerve decide whether two abnormal limb muscles are independent, so every muscle
the engine reasons about comes from here, or carries its own region, roots and nerve.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from alscriteria.anatomy.regions import REGION_ORDER, Region

ROOT_PATTERN = re.compile(r"^(CN(1[0-2]|[1-9])|C[1-8]|T(1[0-2]|[1-9])|L[1-5]|S[1-5])$")

#: Innervated by the spinal accessory nerve; A.3.4 lets a clinic count them as cervical.
ACCESSORY_MUSCLES = frozenset({"sternocleidomastoid", "trapezius"})


@dataclass(frozen=True, slots=True)
class Muscle:
    key: str
    name: str
    region: Region
    roots: frozenset[str]
    nerve: str
    notes: str = ""

    @property
    def roots_text(self) -> str:
        return ", ".join(sorted(self.roots, key=root_sort_key))

    def counted_in(self, accessory_region: str) -> Region:
        """The region the muscle counts in under the accessory-muscles reading (A.3.4): the
        sternocleidomastoid and trapezius in the region the reading names, every other
        muscle in its own."""
        return Region(accessory_region) if self.key in ACCESSORY_MUSCLES else self.region


def root_sort_key(root: str) -> tuple[int, int]:
    """Order roots down the neuraxis: cranial nerves, then C, T, L, S."""
    if root.startswith("CN"):
        return (0, int(root[2:]))
    return ("CTLS".index(root[0]) + 1, int(root[1:]))


def _root_ordinal(root: str) -> tuple[int, int]:
    """Spinal roots numbered down the cord (C8 is next to T1); cranial nerves apart."""
    segment, number = root_sort_key(root)
    if segment == 0:
        return (0, number)
    offsets = {1: 0, 2: 8, 3: 20, 4: 25}  # C1-C8, T1-T12, L1-L5, S1-S5
    return (1, offsets[segment] + number)


def root_span(roots: frozenset[str] | tuple[str, ...]) -> str:
    """Roots as a clinician writes them: neighbours down the cord as a span (C5, C6, C7, C8,
    T1 is C5-T1), the rest listed. A cranial nerve never spans into the cord: the
    sternocleidomastoid's CN11, C2 and C3 is "CN11, C2-C3", never "CN11-C3"."""
    groups: list[list[str]] = []
    for root in sorted(roots, key=root_sort_key):
        if groups:
            (ls, ln), (rs, rn) = _root_ordinal(groups[-1][-1]), _root_ordinal(root)
            if ls == rs and rn == ln + 1:
                groups[-1].append(root)
                continue
        groups.append([root])
    return ", ".join(g[0] if len(g) == 1 else f"{g[0]}-{g[-1]}" for g in groups)


class Catalogue(Mapping[str, Muscle]):
    """Read-only mapping from catalogue key to muscle, in the file's order."""

    def __init__(self, muscles: list[Muscle]) -> None:
        self._muscles = {m.key: m for m in muscles}

    def __getitem__(self, key: str) -> Muscle:
        return self._muscles[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._muscles)

    def __len__(self) -> int:
        return len(self._muscles)

    def in_region(self, region: Region) -> list[Muscle]:
        return [m for m in self._muscles.values() if m.region is region]


def parse_catalogue(text: str) -> Catalogue:
    muscles: list[Muscle] = []
    for row in csv.DictReader(io.StringIO(text)):
        roots = frozenset(r.strip() for r in row["roots"].split(";") if r.strip())
        bad = sorted(r for r in roots if not ROOT_PATTERN.match(r))
        if bad:
            raise ValueError(f"muscle {row['key']}: roots {bad} are not root names")
        muscles.append(
            Muscle(
                key=row["key"],
                name=row["name"],
                region=Region(row["region"]),
                roots=roots,
                nerve=row["nerve"],
                notes=row.get("notes") or "",
            )
        )
    return Catalogue(muscles)


def muscle_key_form(name: str) -> str:
    """How a muscle name is written as a catalogue key: "Tib Ant" -> "tib_ant"."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def alias_form(name: str) -> str:
    """ "Tib. Ant.", "tib_ant" and "TIB-ANT" are one name: lower case, no dots, one space."""
    return " ".join(re.sub(r"[._\-()]", " ", name.lower()).split())


@cache
def muscle_aliases() -> Mapping[str, tuple[str, ...]]:
    """Each catalogue key's other names, as written in data/muscle_aliases.json."""
    text = resources.files("alscriteria").joinpath("data/muscle_aliases.json").read_text("utf-8")
    loaded: dict[str, list[str]] = json.loads(text)["aliases"]
    return {key: tuple(names) for key, names in loaded.items()}


@cache
def _names_index() -> dict[str, str]:
    """Every accepted name of a catalogue muscle (key, catalogue name, alias) -> its key.

    Built and checked once: a name that would mean two muscles is a data error, refused at
    load rather than resolved silently to whichever came last.
    """
    known = catalogue()
    index: dict[str, str] = {}

    def add(name: str, key: str) -> None:
        form = alias_form(name)
        if index.setdefault(form, key) != key:
            raise ValueError(f"muscle name {name!r} would mean both {index[form]} and {key}")

    for key, muscle in known.items():
        add(key, key)
        add(muscle.name, key)
    for key, names in muscle_aliases().items():
        if key not in known:
            raise ValueError(f"data/muscle_aliases.json: {key!r} is not a catalogue key")
        for name in names:
            add(name, key)
    return index


def resolve_muscle(name: str) -> str | None:
    """The catalogue key a report's name for a muscle means ("FDI", "tib ant"), or None."""
    return _names_index().get(alias_form(name))


def nearest_muscle(name: str) -> str | None:
    """The catalogue key whose name or alias is closest to a misspelling, if any is close:
    each word given must be a misspelling or a shortening of one of the name's words, so
    that a suggestion never swaps a muscle for another that shares a word with it
    ("serratus anterior" is not "tibialis anterior", nor "extensor carpi radialis" the
    flexor: a user who takes the suggestion would record the wrong muscle)."""
    index = _names_index()
    given = alias_form(name)
    for found in difflib.get_close_matches(given, list(index), n=5):
        if _same_words(given.split(), found.split()):
            return index[found]
    return None


def _same_words(given: list[str], candidate: list[str]) -> bool:
    """Every word given is one of the candidate's words misspelt or shortened."""
    return all(
        any(
            theirs.startswith(mine)
            or difflib.SequenceMatcher(None, mine, theirs).ratio() >= _WORD_LIKENESS
            for theirs in candidate
        )
        for mine in given
    )


#: How alike a word must be to one of a catalogue name's words to be its misspelling
#: ("deltiod": 0.86; "extensor" beside "flexor": 0.57).
_WORD_LIKENESS = 0.75


@cache
def region_roots() -> dict[Region, frozenset[str]]:
    """The roots a muscle of each region can have (data/anatomy.json)."""
    text = resources.files("alscriteria").joinpath("data/anatomy.json").read_text("utf-8")
    loaded = json.loads(text)["region_roots"]
    return {Region(name): frozenset(roots) for name, roots in loaded.items()}


@cache
def case_limits() -> dict[str, int]:
    """The documented size limits of one case (data/anatomy.json)."""
    text = resources.files("alscriteria").joinpath("data/anatomy.json").read_text("utf-8")
    return {k: int(v) for k, v in json.loads(text)["limits"].items()}


@cache
def catalogue() -> Catalogue:
    """The shipped catalogue, parsed once per process (it is immutable)."""
    text = resources.files("alscriteria").joinpath("data/muscles.csv").read_text("utf-8")
    return parse_catalogue(text)


__all__ = [
    "ACCESSORY_MUSCLES",
    "REGION_ORDER",
    "Catalogue",
    "Muscle",
    "alias_form",
    "catalogue",
    "muscle_aliases",
    "nearest_muscle",
    "resolve_muscle",
]


def muscle_label(key: str, side: str | None) -> str:
    """A needle site as results list it: "deltoid (right)", or the key alone without a side
    (the core's lists and the words made from them write sites one way)."""
    return f"{key} ({side})" if side else key
