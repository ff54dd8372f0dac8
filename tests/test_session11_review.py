"""Session 11 review: hostile checks of this session's speed work (issue 23), on the merged
s11-cat, s11-ser and s11-plan. Each finding is marked R1, R2, ...; the other tests hold what
was attacked and held, so a later change that breaks it fails here:

- R1 (unsafe embedding, output exact): a note naming a muscle the case named itself is kept
  in the engine memo, for every later patient, when the case's name for it begins with a
  catalogue key and " (" ("deltoid (posterior)"): context.py `catalogue_sites` reads a
  site's label up to its first " (", so it takes the case's own muscle for the catalogue's.
  What a case makes up is never kept for others (docs/design.md, the cache table).
- held: the outcome-keyed engine memo gives every category and document whatever the order
  cases come in and however small the memo (fresh engines, `memo_size=40`), for every
  reading, registry input included;
- held: no list or dict reachable from one result is reachable from another (other set, other
  case), and a change to every one of them leaves the other results' documents alone;
- held: a voice installed once the memos are warm words every new result as it would have
  from a cold start.
"""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import alscriteria
from alscriteria.assess.assessment import Assessment
from alscriteria.case.readings import Readings
from alscriteria.rules.engine import RuleEngine
from strategies import any_cases, examples, readings
from strategies.planning import planned_cases
from strategies.variants import reported_cases
from test_session10_review import _containers  # every list and dict a caller can change

EXAMPLES = Path(__file__).parent.parent / "src" / "alscriteria" / "examples"


def _documents(results: dict[str, Assessment]) -> dict[str, str]:
    return {k: a.model_dump_json() for k, a in results.items()}


def _pydantic(a: Assessment) -> str:
    return type(a).__pydantic_serializer__.to_json(a).decode()


def _change_everything(a: Assessment) -> None:
    found: list[list[Any] | dict[str, Any]] = []
    _containers(a, set(), found)
    for container in found:
        if isinstance(container, dict):
            container["changed"] = True
        elif len(container) > 1:
            container.reverse()
        elif container:
            container.append(container[0])


# --- R1: a muscle the case named itself, kept for every case ----------------------------------


def _own_muscle_case(name: str) -> dict[str, Any]:
    """A case whose note names a muscle of its own anatomy beside a catalogue muscle (the
    fasciculation-potentials note names both)."""
    return {
        "id": "R1",
        "progression": True,
        "other_causes_excluded": True,
        "regions": {"cervical": {"umn_signs": ["hoffmann"]}},
        "emg": [
            {
                "muscle": name,
                "region": "cervical",
                "roots": ["C5"],
                "nerve": "axillary",
                "side": "left",
                "fasciculation_potentials": True,
            },
            {"muscle": "biceps_brachii", "side": "left", "fasciculation_potentials": True},
        ],
    }


def _memo_keys_naming(engine: RuleEngine, text: str) -> list[str]:
    return [kind for kind, key in engine._answers if text in repr(key)]


def test_r1_a_note_naming_the_cases_own_muscle_is_not_kept_for_other_cases() -> None:
    """R1 (unsafe embedding; the documents stay exact, as the key holds the whole label):
    `deltoid (posterior)` is a name the case gave a muscle of its own anatomy (validation
    takes it: it is not a catalogue name), and the note naming it must stay the case's
    (CaseContext.shared), as it does for `posterior deltoid`. context.py `catalogue_sites`
    cuts the label "deltoid (posterior) (left)" at its first " (" and finds the catalogue's
    `deltoid`, so the note goes to the engine memo (kind `note`), kept across patients."""
    for name in ("posterior deltoid", "deltoid (posterior)"):
        engine = RuleEngine()
        results = alscriteria.evaluate_all(_own_muscle_case(name), engine=engine)
        documents = _documents(results)
        assert any(name in n for a in results.values() for note in a.notes for n in note.muscles)
        assert all(d == _pydantic(results[k]) for k, d in documents.items())
        assert _memo_keys_naming(engine, name) == [], name


# --- held: the memo's answers in any order, of any size ---------------------------------------


_CASES = st.one_of(any_cases, planned_cases(), reported_cases())


@settings(max_examples=examples(40), deadline=None)
@given(
    st.lists(st.tuples(_CASES, readings, st.booleans()), min_size=2, max_size=6),
    st.randoms(use_true_random=False),
)
def test_documents_do_not_depend_on_the_order_or_the_memo(
    batch: list[tuple[dict[str, Any], Readings, bool]], rng: random.Random
) -> None:
    """The engine memo keys a fact first met by the outcomes of its ruleset's requirements
    (`RulesetSpec.outcomes`): every document is the same in the given order on one engine,
    in another order on a small one (`memo_size=40`, cleared often), and on one without a
    memo."""
    first = RuleEngine()
    expected = [
        _documents(alscriteria.evaluate_all(c, r, plan=p, engine=first)) for c, r, p in batch
    ]
    order = list(range(len(batch)))
    rng.shuffle(order)
    small, none = RuleEngine(memo_size=40), RuleEngine(memo_size=0)
    for i in order:
        case, chosen, plan = batch[i]
        assert (
            _documents(alscriteria.evaluate_all(case, chosen, plan=plan, engine=small))
            == (expected[i])
        )
        assert (
            _documents(alscriteria.evaluate_all(case, chosen, plan=plan, engine=none))
            == (expected[i])
        )


# --- held: no result shares a container with another, nor with a memo -------------------------


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.tuples(_CASES, st.booleans()), min_size=2, max_size=4))
def test_results_share_no_container_and_a_change_reaches_no_other(
    batch: list[tuple[dict[str, Any], bool]],
) -> None:
    engine = RuleEngine()
    fresh = [_documents(alscriteria.evaluate_all(c, plan=p, engine=RuleEngine())) for c, p in batch]
    owner: dict[int, tuple[int, str]] = {}
    held = []
    for i, (case, plan) in enumerate(batch):
        results = alscriteria.evaluate_all(case, plan=plan, engine=engine)
        first, *others = list(results)
        if i % 2:
            results[first].model_dump_json()
        _change_everything(results[first])
        for name in others:
            assert results[name].model_dump_json() == fresh[i][name]
        for name, a in results.items():
            found: list[list[Any] | dict[str, Any]] = []
            _containers(a, set(), found)
            held.append(found)
            for container in found:
                assert owner.setdefault(id(container), (i, name)) == (i, name)


# --- held: threads on a small memo -------------------------------------------------------------


def test_threads_on_a_small_memo_give_the_single_threaded_documents() -> None:
    import sys

    cases = [json.loads(p.read_text()) for p in sorted(EXAMPLES.glob("*.json"))]
    cases = [c for c in cases if "visits" not in c]
    choices = [Readings(), Readings(gap="unclassified", accessory_muscles="cervical")]
    work = [(c, r, p) for c in cases for r in choices for p in (False, True)]
    expected = [_documents(alscriteria.evaluate_all(c, r, plan=p)) for c, r, p in work]
    engine = RuleEngine(memo_size=40)
    wrong: list[int] = []

    def run(part: int) -> None:
        for i in range(part, len(work) * 3, 8):
            c, r, p = work[i % len(work)]
            if (
                _documents(alscriteria.evaluate_all(c, r, plan=p, engine=engine))
                != expected[i % len(work)]
            ):
                wrong.append(i)

    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        threads = [threading.Thread(target=run, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(before)
    assert wrong == []


# --- held: a voice installed once the memos are warm ------------------------------------------


def test_a_voice_installed_after_the_memos_are_warm_words_every_new_result() -> None:
    from alscriteria import voice as core_voice
    from alscriteria.wording.voice import english

    class Loud:
        def __init__(self) -> None:
            self.english = english()

        def say(self, kind: str, fields: Any) -> dict[str, Any]:
            said = self.english.say(kind, fields)
            return {k: f"LOUD {v}" if isinstance(v, str) else v for k, v in said.items()}

    cases = [json.loads((EXAMPLES / f"{n}.json").read_text()) for n in ("possible", "als")]
    for case in cases:  # the memos warm, in English
        _documents(alscriteria.evaluate_all(case, plan=True))
    saved = (core_voice._loader, core_voice._voice)
    try:
        core_voice.install(Loud)
        for case in cases:
            warm = alscriteria.evaluate_all(case, plan=True)
            cold = alscriteria.evaluate_all(case, plan=True, engine=RuleEngine())
            assert _documents(warm) == _documents(cold)
            for a in warm.values():
                for text in _texts(json.loads(a.model_dump_json())):
                    assert text.startswith("LOUD "), text
    finally:
        core_voice._loader, core_voice._voice = saved


def _texts(value: Any) -> list[str]:
    """Every `text` and `reason_text` of a document (the worded fields the voice makes)."""
    if isinstance(value, dict):
        own = [v for k, v in value.items() if k in ("text", "reason_text") and isinstance(v, str)]
        return own + [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []
