"""Upgrade paths (criteria.md A.4): the smallest additions of evidence that raise the pattern
category, found by asking the engine, never a second copy of the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from functools import cache
from typing import NamedTuple

from alscriteria.anatomy.regions import REGION_ORDER, Region
from alscriteria.assess.models.advice import EvidenceKind, EvidenceNeeded, PathReading, Upgrade
from alscriteria.criteria.base import CriteriaSet, packed
from alscriteria.criteria.category import Category
from alscriteria.regions.masks import EvidenceMasks

#: Thoracic and bulbar EMG are the most specific (criteria.md B.4.3, S29): sought first.
SPECIFICITY = {Region.THORACIC: 0, Region.BULBAR: 1, Region.CERVICAL: 2, Region.LUMBOSACRAL: 3}

#: Clinical signs are sought in the limbs first and in the thoracic region last: absent
#: abdominal reflexes and abdominal-wall weakness are the rarest and least reliable (A.4).
CLINICAL_ORDER = {
    Region.CERVICAL: 0,
    Region.LUMBOSACRAL: 1,
    Region.BULBAR: 2,
    Region.THORACIC: 3,
}

EVIDENCE_KINDS: tuple[EvidenceKind, ...] = ("emg_lmn", "umn", "clinical_lmn")


class Candidate(NamedTuple):
    """A finding the search may add, with what the search reads of it: the region it adds
    (a UMN, clinical LMN or EMG LMN bit, `packed`), its place in a path (`_item_order`),
    and whether EMG can seek it."""

    needed: EvidenceNeeded
    added: int
    order: tuple[int, int, int]
    emg: bool


@cache
def _candidate(region: Region, kind: EvidenceKind) -> Candidate:
    """One of the twelve findings (four regions, three kinds), built once: a path names the
    same frozen item wherever it is added."""
    needed = EvidenceNeeded.built(region=region, evidence=kind)
    bit = 1 << region.order
    added = {"umn": packed(bit, 0, 0), "clinical_lmn": packed(0, bit, 0)}.get(kind)
    if added is None:
        added = packed(0, 0, bit)
    return Candidate(needed, added, _item_order(needed), kind == "emg_lmn")


def _candidates(cset: CriteriaSet, masks: EvidenceMasks) -> list[Candidate]:
    """Each finding not yet present that could still change what this criteria set counts."""
    lmn = cset.lmn_mask(masks)
    clinical = cset.clinical_mask(masks)
    emg = cset.emg_mask(masks)
    out = []
    for region in REGION_ORDER:
        bit = 1 << region.order
        for kind in EVIDENCE_KINDS:
            if kind == "umn" and masks.umn & bit:
                continue
            if kind == "clinical_lmn" and (clinical | lmn) & bit:
                continue
            if kind == "emg_lmn" and (emg & bit or (lmn & bit and cset.emg_counts_as_lmn)):
                continue
            out.append(_candidate(region, kind))
    return out


def _item_order(e: EvidenceNeeded) -> tuple[int, int, int]:
    """EMG first, most specific region first (B.4.3, S29); then clinical findings, limbs
    first and thoracic last (A.4: clinical order)."""
    if e.evidence == "emg_lmn":
        return (0, SPECIFICITY[e.region], 0)
    return (1, CLINICAL_ORDER[e.region], EVIDENCE_KINDS.index(e.evidence))


def path_order(u: Upgrade) -> tuple[int, bool, bool, int]:
    """Shortest paths first, those EMG can reach now before those it cannot, those that hold
    under every reading of A.3.4 before those that rest on one (`reading`: the four kept to
    each category must not all rest on counting EMG by regions while a path by limbs, which
    both readings accept, goes unshown: the session 12 clinical review), then by the order
    of their items (A.4)."""
    return (
        len(u.add),
        not u.emg_obtainable,
        u.reading is not None,
        sum(_item_order(e)[1] for e in u.add),
    )


class Reader(NamedTuple):
    """How a search reads a category. An addition `added` (UMN, clinical LMN and EMG LMN
    regions, `packed`) gives the counts `base | added & 0xFF | by_emg[added >> 8]`, packed
    (`CriteriaSet.counts_after`); `known` holds the rank, in the criteria set's ladder, of
    the pattern category of each such count decided so far (`CriteriaSet.rank`: the
    ladder's entry at that rank is the category), and `decide` gives the rank of a count
    not yet known, which the search then keeps in `known`."""

    base: int
    by_emg: Sequence[int]
    known: dict[int, int]
    decide: Callable[[int], int]


#: Where a search finds a path it builds: `(key, build)` gives the path built by `build`, or
#: one built before under the same key (the engine memo's `upgrade`: `_paths`).
Same = Callable[[Hashable, Callable[[], Upgrade]], Upgrade]


def upgrade_paths(
    cset: CriteriaSet,
    masks: EvidenceMasks,
    current: Category,
    reader: Reader,
    most: int = 4,
    without_gap: Reader | None = None,
    by_limbs: Reader | None = None,
    same: Same | None = None,
) -> list[Upgrade]:
    """The smallest additions (up to three findings) that reach a higher category.

    Each addition is set arithmetic on the region masks; the engine says what each gives.
    The answer depends on the masks alone, so callers may share it between cases.
    `without_gap` reads the category with the 'gap' reading set to unclassified (the same
    counts: it changes no region count): a path that reaches its category only under the
    gap reading says so (A.3.4). `by_limbs` reads it with the laboratory-supported EMG
    counted by limbs (`lab_supported_emg=limbs`, its own counts: each limb region a path
    adds is one positive limb, a pair on one side, as the search adds it): a path that
    reaches its category only by counting regions, the default, says so (A.3.4, B.7 A1).

    An addition is kept when it raises the category and no addition one finding smaller
    inside it reaches as high. Additions are asked smallest first, each size in the order
    of `itertools.combinations` (which the order of equal paths keeps); the three findings
    only when no smaller addition reaches the top. tests/plan_helpers.py holds the search
    as first written (every combination a set of indices, every kept one built), and the
    property tests hold this one equal to it for every masks, criteria set and reading.
    `same`, where given, finds each path among those built before (see `_paths`).
    """
    if current is cset.top:
        return []
    candidates = _candidates(cset, masks)
    kept = _search(cset, [c.added for c in candidates], cset.rank(current), reader)
    return _paths(cset, candidates, kept, most, without_gap, by_limbs, same)


#: An addition kept by the search: its candidates' indices (ascending), the rank of the
#: category it reaches, and the counts it gives (`packed`, as the reader reads them).
Kept = tuple[tuple[int, ...], int, int]


def _search(cset: CriteriaSet, added: list[int], floor: int, reader: Reader) -> list[Kept]:
    """The additions that rise above `floor` and above every addition one smaller inside
    them, in the order the combinations come (see `upgrade_paths`): each size's ranks kept
    by index (a list, then a table) for the next size's comparison. Each addition's counts
    and rank are read in line (`Reader`: three operations and a look-up), as the search's
    time is mostly the reading of its eighty-odd additions."""
    base, by_emg, known, decide = reader
    get = known.get
    n = len(added)
    kept: list[Kept] = []
    ones = []
    for i, a in enumerate(added):
        counts = base | a & 0xFF | by_emg[a >> 8]
        got = get(counts)
        if got is None:
            got = known[counts] = decide(counts)
        ones.append(got)
        if got > floor:
            kept.append(((i,), got, counts))
    twos = [[0] * n for _ in range(n)]
    for i in range(n):
        ai = added[i]
        row = twos[i]
        first = ones[i]
        for j in range(i + 1, n):
            a = ai | added[j]
            counts = base | a & 0xFF | by_emg[a >> 8]
            got = get(counts)
            if got is None:
                got = known[counts] = decide(counts)
            row[j] = got
            if got > floor and first < got and ones[j] < got:
                kept.append(((i, j), got, counts))
    top = len(cset.ladder) - 1
    if any(got == top for _, got, _ in kept):
        return kept
    for i in range(n - 2):
        ai = added[i]
        row = twos[i]
        for j in range(i + 1, n - 1):
            aij = ai | added[j]
            below = max(floor, row[j])
            after_j = twos[j]
            for k in range(j + 1, n):
                a = aij | added[k]
                counts = base | a & 0xFF | by_emg[a >> 8]
                got = get(counts)
                if got is None:
                    got = known[counts] = decide(counts)
                if got > below and row[k] < got and after_j[k] < got:
                    kept.append(((i, j, k), got, counts))
    return kept


def _paths(
    cset: CriteriaSet,
    candidates: list[Candidate],
    kept: list[Kept],
    most: int,
    without_gap: Reader | None,
    by_limbs: Reader | None = None,
    same: Same | None = None,
) -> list[Upgrade]:
    """The kept additions as paths in `path_order` (then the higher category first), the
    best `most` to each category, so short paths to a lower category never crowd out the
    paths to the top one. A path is built only once it is sure to be kept; each is asked
    about the readings it may rest on first, as that orders it (`path_order`). With
    `same`, a path is one object for every search that finds it, keyed by every field it
    has (the category, its findings, by the region and kind each adds (`Candidate.added`,
    packed), whether EMG can reach it now and the reading): the memo keeps the answers, and
    one search's paths recur in many (a path is a few objects the garbage collector
    tracks; a search's answer is then one tuple of paths already kept)."""
    # path_order of an addition, by its indices: its size, whether an item needs a clinical
    # sign (EMG cannot reach it now), whether it rests on a reading, and the sum of its
    # items' places
    clinical = [0 if c.emg else 1 for c in candidates]
    place = [c.order[1] for c in candidates]
    asks = without_gap is not None or by_limbs is not None
    ranked = []
    for entry in kept:
        combo, got, counts = entry
        reading = (
            _resting_on([candidates[i] for i in combo], got, counts, without_gap, by_limbs)
            if asks
            else None
        )
        rests = reading is not None
        if len(combo) == 1:
            (i,) = combo
            key = (1, clinical[i], rests, place[i], -got)
        elif len(combo) == 2:
            i, j = combo
            key = (2, clinical[i] | clinical[j], rests, place[i] + place[j], -got)
        else:
            i, j, k = combo
            both = clinical[i] | clinical[j] | clinical[k]
            key = (3, both, rests, place[i] + place[j] + place[k], -got)
        ranked.append((key, entry, reading))
    ranked.sort(key=_first)  # stable: equal paths keep the search's order
    per_rank: dict[int, int] = {}
    out = []
    for key, (combo, got, _), reading in ranked:
        count = per_rank.get(got, 0)
        if count >= most:
            continue
        per_rank[got] = count + 1
        items = sorted([candidates[i] for i in combo], key=_order)
        to = cset.ladder[got]

        emg = not key[1]

        def build(
            to: Category = to,
            items: list[Candidate] = items,
            emg: bool = emg,
            reading: PathReading | None = reading,
        ) -> Upgrade:
            return Upgrade.built(
                to=to,
                add=[c.needed for c in items],
                emg_obtainable=emg,
                needle_barred=[],
                reading=reading,
                waits_on=None,
            )

        if same is None:
            out.append(build())
        else:
            out.append(same((to, tuple([c.added for c in items]), emg, reading), build))
    return out


def _resting_on(
    items: Sequence[Candidate],
    got: int,
    counts: int,
    without_gap: Reader | None,
    by_limbs: Reader | None,
) -> PathReading | None:
    """The reading a path's category rests on (A.3.4), if any: 'gap' where the gap reading
    set to unclassified gives less on the same counts; else 'lab_supported_emg' where the
    laboratory-supported EMG counted by limbs gives less on the counts the path's additions
    give under that reading (revised El Escorial, where regions are counted, the default)."""
    if without_gap is not None and _rank_of(without_gap, counts) < got:
        return "gap"
    if by_limbs is None:
        return None
    added = 0
    for c in items:
        added |= c.added
    limbs = by_limbs.base | added & 0xFF | by_limbs.by_emg[added >> 8]
    return "lab_supported_emg" if _rank_of(by_limbs, limbs) < got else None


def _rank_of(reader: Reader, counts: int) -> int:
    """The rank the reader gives these counts (`packed`), kept in its table."""
    got = reader.known.get(counts)
    if got is None:
        got = reader.known[counts] = reader.decide(counts)
    return got


def _first(
    entry: tuple[tuple[int, int, bool, int, int], Kept, PathReading | None],
) -> tuple[int, int, bool, int, int]:
    return entry[0]


def _order(candidate: Candidate) -> tuple[int, int, int]:
    return candidate.order
