"""The rule engine adapter: the only module that imports durable_rules.

durable_rules 2.0.28 decides every verdict when it can be imported. It is fast C behind a
slow, global Python host (per fired action: objects, datetimes, a JSON round trip; and on
Python 3.12+ a DeprecationWarning per call), so the adapter talks to its C engine directly:
- one C ruleset per versioned ruleset name, created once per process from the JSON
  definition compiled from our `Rule` data (explicit rule ids, so the fired action's name is
  the rule id);
- every question gets a fresh session id and deletes its state in `finally` (the engine
  keeps at most 1,024 live sessions and never frees one on its own);
- every ruleset has an always-true `received` rule, because a fact that matches no rule
  leaves an undeletable session behind (and deleting it crashes the process);
- one process-wide lock serialises all calls into the C engine, so callers may use any
  thread;
- the "action" of a fired rule is `RuleEngine.on_fired`; an exception it raises abandons
  the action, frees the session and reaches the caller as `EngineError`.

Where durable_rules cannot be imported (Python 3.13 built without the CPPFLAGS fix, or no
compiler), the same `Rule`/`Requirement` data runs through `Rule.holds`, the project's own
evaluator. Tests prove the two equal over the whole finite fact space; every Assessment
names the engine that decided it.

Verdicts are pure functions of (ruleset, fact), and of the fact only through the fields the
ruleset's rules read, and indeed only through which of its requirements hold of them (a rule
is their conjunction), so each engine keeps a memo of them keyed by those fields, and on a
miss there gives the answer it had for a fact whose requirements came out alike
(`RulesetSpec.outcomes`), asking the engine only about a new one; the fact space is finite,
so the memo is bounded by construction (and capped besides). Answers
built from verdicts alone (upgrade paths, alternative readings, what a rule lacks) are kept
beside them (`RuleEngine.remember`), so they live and die with the engine that decided them.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, TypeVar, get_args

from pydantic_core import to_json

from alscriteria.errors import EngineError
from alscriteria.rules.rule import Fact, RulesetSpec

#: Id suffix of the rule that every durable ruleset carries so that every fact is handled.
RECEIVED = "received"

#: What makes durable_rules 2.0.28 build on CPython 3.13 (it calls PyEval_CallObject, which
#: 3.13 removed; PyObject_CallObject means the same). Harmless on 3.11 and 3.12.
DURABLE_CPPFLAGS = "-DPyEval_CallObject=PyObject_CallObject"

try:
    import durable_rules_engine as _dre  # type: ignore[import-not-found]
except ImportError as exc:  # not installed, or built without the 3.13 fix
    _dre = None
    _DURABLE_PROBLEM: str | None = f"{type(exc).__name__}: {exc}"
else:
    _DURABLE_PROBLEM = None

Backend = Literal["durable", "python", "durable-host"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class EngineName:
    """The engine that decided a result: durable_rules and its version, or alscriteria's
    own evaluator of the same rule data (`alscriteria-evaluator` and the package version)."""

    name: str
    version: str


@cache
def engine_name(backend: Backend) -> EngineName:
    """The name and version of the engine behind a backend (looked up once, when first used:
    reading package metadata at import time would slow every import)."""
    if backend == "python":
        from alscriteria.version import __version__

        return EngineName("alscriteria-evaluator", __version__)
    version = _version_beside(getattr(_dre, "__file__", None))
    if version is None:
        from importlib import metadata

        try:
            version = metadata.version("durable-rules")
        except metadata.PackageNotFoundError:
            version = "unknown"
    return EngineName("durable_rules", version)


def _version_beside(engine_file: str | None) -> str | None:
    """The version durable-rules' own record gives, read from the one `.dist-info` folder
    beside its C engine (the version of the engine loaded, where a wheel installs both), or
    None where there is not exactly one such folder with a version in it. Looking the
    distribution up by name (`importlib.metadata`) searches every folder on the path and
    parses the whole record: a few milliseconds, the largest part of a process's first
    evaluation, for the same line."""
    if engine_file is None:
        return None
    folder = os.path.dirname(engine_file)
    try:
        records = [
            name
            for name in os.listdir(folder)
            if name.startswith("durable_rules-") and name.endswith(".dist-info")
        ]
        if len(records) != 1:
            return None
        with open(os.path.join(folder, records[0], "METADATA"), encoding="utf-8") as file:
            for line in file:
                if not line.strip():
                    return None  # the headers end at the first blank line
                if line.startswith("Version:"):
                    return line[len("Version:") :].strip() or None
    except OSError:
        return None
    return None


def durable_problem() -> str | None:
    """Why durable_rules cannot be used in this process, or None when it can."""
    return _DURABLE_PROBLEM


@cache
def durable_installed() -> bool:
    """Whether the durable-rules distribution is installed (it may still fail to load)."""
    from importlib import metadata

    try:
        metadata.version("durable-rules")
    except metadata.PackageNotFoundError:
        return False
    return True


def durable_broken() -> str | None:
    """Why an installed durable_rules cannot load (a build without the 3.13 fix, say), or
    None: installed and working, or simply not installed (the base install's choice)."""
    return _DURABLE_PROBLEM if _DURABLE_PROBLEM is not None and durable_installed() else None


def _cppflags() -> str:
    """The build flag this Python needs before a pip command that builds durable_rules."""
    return f"CPPFLAGS={DURABLE_CPPFLAGS} " if sys.version_info >= (3, 13) else ""


def durable_install_command() -> str:
    """The one command that installs a working durable_rules for this Python: no cache, so
    a wheel built earlier without the 3.13 fix cannot be reused."""
    flags = _cppflags()
    return (
        f"{flags}{sys.executable} -m pip install --no-cache-dir --force-reinstall --no-deps "
        "durable-rules==2.0.28"
    )


def engine_in_use() -> EngineName:
    """The engine that decides when the caller passes none: durable_rules where it loads,
    else the project's own evaluator of the same rule data."""
    return engine_name("durable" if _dre is not None else "python")


def engine_summary() -> str:
    """One line naming the engine that decides, and why it is not durable_rules if not."""
    info = engine_in_use()
    said = f"engine {info.name} {info.version}"
    if _dre is not None:
        return said
    if durable_installed():
        return f"{said}: durable_rules is installed but cannot load ({_DURABLE_PROBLEM})"
    return f"{said}: durable_rules is not installed ({_extra_command()})"


#: One lock for every call into durable_rules' C engine (its state is process-global).
_C_LOCK = threading.Lock()
_C_HANDLES: dict[str, Any] = {}
_SESSIONS = itertools.count(1)

#: The tag of a verdict kept by what the rules compare of a fact (`RuleEngine.fire`).
_OUTCOMES = "outcomes"


def _durable_definition(spec: RulesetSpec) -> dict[str, dict[str, Any]]:
    """The spec's rules with the always-true `received` rule every durable ruleset needs."""
    return {**spec.definition(), f"{spec.name}.{RECEIVED}": {"all": [{"m": {"fact": "case"}}]}}


def _c_handle(spec: RulesetSpec) -> Any:
    """The C ruleset for a spec, created on first use (call with `_C_LOCK` held)."""
    handle = _C_HANDLES.get(spec.name)
    if handle is None:
        assert _dre is not None
        handle = _dre.create_ruleset(spec.name, json.dumps(_durable_definition(spec)))
        _C_HANDLES[spec.name] = handle
    return handle


def _fired_rule(pending: str) -> str:
    """The rule id an action is for: the first key of the action's JSON, `{"<id>": {...}}`.

    Read by slicing, because decoding the whole action (which repeats the fact) for its
    first key was a third of each question's cost; an id with an escape in it (ours never
    have one) is decoded properly."""
    if pending.startswith('{"'):
        end = pending.find('"', 2)
        if end > 2 and "\\" not in pending[2:end]:
            return pending[2:end]
    decoded: dict[str, object] = json.loads(pending)
    return next(iter(decoded))


def _fire_durable(spec: RulesetSpec, fact: Fact, on_fired: Callable[[str], None]) -> None:
    """Assert one fact in a fresh session of the C engine, running the action of each rule."""
    assert _dre is not None
    with _C_LOCK:
        handle = _c_handle(spec)
        sid = str(next(_SESSIONS))
        message = to_json({**fact._asdict(), "sid": sid, "fact": "case"}).decode()
        code, state = _dre.assert_fact(handle, message)
        try:
            if code != 0:
                raise EngineError(f"the rule engine did not handle the fact (code {code})")
            started = _dre.start_action_for_state(handle, state)
            pending: str | None = started[1] if started else None
            while pending:
                rule_id = _fired_rule(pending)
                try:
                    on_fired(rule_id)
                except BaseException:
                    _dre.abandon_action(handle, state)
                    raise
                pending = _dre.complete_and_start_action(handle, state)
        finally:
            _dre.delete_state(handle, sid)


def _durable_unavailable() -> str:
    if durable_installed():
        return (
            f"durable_rules is installed but cannot load ({_DURABLE_PROBLEM}); reinstall it "
            f"with: {durable_install_command()}"
        )
    return f"durable_rules is not installed; install alscriteria with its extra: {_extra_command()}"


def _extra_command() -> str:
    """The install of the `durable` extra for this Python: the flag 3.13 needs, and no cache
    (a wheel built earlier without the flag would be reused)."""
    flags = _cppflags()
    return f"{flags}pip install --no-cache-dir 'alscriteria[durable]'"


class _HostBackend:
    """durable_rules through its own Python `Host`: slow, kept to check the thin adapter."""

    def __init__(self) -> None:
        from durable import engine as durable_engine

        class SynchronousHost(durable_engine.Host):  # type: ignore[misc]
            def _run(self) -> None:  # no timer threads: nothing runs behind our back
                return None

        self._host = SynchronousHost()
        self._registered: set[str] = set()
        self._on_fired: Callable[[str], None] | None = None

    def fire(self, spec: RulesetSpec, fact: Fact, on_fired: Callable[[str], None]) -> None:
        name = f"host.{spec.name}"
        with _C_LOCK, warnings.catch_warnings():
            # durable's host calls datetime.utcfromtimestamp, deprecated since Python 3.12
            warnings.simplefilter("ignore", DeprecationWarning)
            if name not in self._registered:
                definition = {
                    rule_id: {**rule, "run": self._action(rule_id)}
                    for rule_id, rule in _durable_definition(spec).items()
                }
                self._host.set_rulesets({name: definition})
                self._registered.add(name)
            sid = str(next(_SESSIONS))
            self._on_fired = on_fired
            try:
                state = self._host.assert_fact(name, {**fact._asdict(), "sid": sid, "fact": "case"})
            finally:
                self._on_fired = None
                self._host.delete_state(name, sid)
        problem = state.get("exception") if isinstance(state, dict) else None
        if problem:
            raise EngineError(f"a rule action failed in ruleset {spec.name}: {problem}")

    def _action(self, rule_id: str) -> Callable[[Any], None]:
        def record(closure: Any) -> None:
            if self._on_fired is not None:
                self._on_fired(rule_id)

        return record


def _fire_python(spec: RulesetSpec, fact: Fact, on_fired: Callable[[str], None]) -> None:
    """The project's own evaluator: each rule's requirements, read as Python comparisons."""
    for rule in spec.rules:
        if rule.holds(fact):
            on_fired(rule.id)


class RuleEngine:
    """Asks a ruleset about one fact; which engine answers is chosen once, at construction.

    `backend`: "durable" (the thin adapter on durable_rules' C engine; the default when it
    can be imported), "python" (the project's own evaluator of the same rule data; the
    default otherwise) or "durable-host" (durable's own Python host; slow, for checking the
    adapter). `memo_size=0` asks the engine every time.
    """

    def __init__(self, memo_size: int = 1 << 17, backend: Backend | None = None) -> None:
        if backend is None:
            backend = "durable" if _dre is not None else "python"
        if backend not in get_args(Backend):
            raise EngineError(
                f"backend: {backend!r} is not an engine; allowed: "
                + ", ".join(get_args(Backend))
                + " (or leave it out: durable where it loads, else python)"
            )
        if backend != "python" and _dre is None:
            raise EngineError(_durable_unavailable())
        self.backend: Backend = backend
        self.info = engine_name("python" if backend == "python" else "durable")
        self._host = _HostBackend() if backend == "durable-host" else None
        self._memo: dict[tuple[str, object], frozenset[str]] = {}
        self._memo_size = memo_size
        self._answers: dict[tuple[str, Hashable], Any] = {}
        self.answers_built: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.engine_calls = 0

    def fire(self, spec: RulesetSpec, fact: Fact) -> frozenset[str]:
        """The ids of the spec's rules that fire on this fact.

        Kept by the fact as the rules read it (`projection`), and, on a miss there, by what
        the rules compare of it (`outcomes`: whether each requirement holds), under which
        the engine's answer on the first such fact is kept for every other: a cold start
        asks durable_rules about a few dozen facts a question, not a thousand (a test holds
        facts alike in their outcomes fired alike by durable_rules over the whole fact
        space of every ruleset, tests/test_plan_questions.py)."""
        key = (spec.asks, spec.projection(fact))  # rulesets that ask alike share answers
        known = self._memo.get(key)
        if known is not None:
            return known
        # tagged: a projection is never a tuple that starts with this string
        alike = (spec.asks, (_OUTCOMES, spec.outcomes(fact)))
        fired = self._memo.get(alike)
        if fired is None:
            fired = self._ask(spec, fact)
        if self._memo_size:
            with self._lock:
                if len(self._memo) >= self._memo_size - 1:
                    self._memo.clear()
                self._memo[key] = fired
                self._memo[alike] = fired
        return fired

    def remember(self, kind: str, key: Hashable, build: Callable[[], T]) -> T:
        """An answer built from this engine's verdicts alone (upgrade paths, alternative
        readings, what a rule lacks), kept beside the verdicts under the same bound.

        The second of the two places results are cached (the first is the per-case
        context): the key must hold everything the answer depends on besides the verdicts,
        and the answer must not be changed by its users. `memo_size=0` builds every time.
        """
        if not self._memo_size:
            return build()
        entry = (kind, key)
        try:
            found: T = self._answers[entry]
            return found
        except KeyError:
            pass
        answer = build()
        with self._lock:
            if len(self._answers) >= self._memo_size:
                self._answers.clear()
            self._answers[entry] = answer
            self.answers_built[kind] += 1
        return answer

    def _ask(self, spec: RulesetSpec, fact: Fact) -> frozenset[str]:
        recorded: list[str] = []

        def action(rule_id: str) -> None:
            self.on_fired(rule_id)
            recorded.append(rule_id)

        with self._lock:
            self.engine_calls += 1
        try:
            if self.backend == "python":
                _fire_python(spec, fact, action)
            elif self._host is not None:
                self._host.fire(spec, fact, action)
            else:
                _fire_durable(spec, fact, action)
        except EngineError:
            raise
        except Exception as exc:
            raise EngineError(f"a rule action failed in ruleset {spec.name}: {exc}") from exc
        if self.backend != "python":
            received = f"{spec.name}.{RECEIVED}"
            if received not in recorded:
                raise EngineError(f"ruleset {spec.name} did not see the fact")
        ids = {rule.id for rule in spec.rules}
        return frozenset(r for r in recorded if r in ids)

    def on_fired(self, rule_id: str) -> None:
        """The action of every fired rule: it only records, so that a verdict is a pure
        function of the fact. Tests override it."""


_shared: RuleEngine | None = None
_shared_lock = threading.Lock()


def shared_engine() -> RuleEngine:
    """The process's engine, created on first use."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = RuleEngine()
    return _shared
