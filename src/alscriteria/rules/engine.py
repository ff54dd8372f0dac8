"""The durable_rules adapter: the only module that imports `durable`.

durable_rules 2.0.28 is fast C with global, leaky state, so this module contains it:
- rulesets are built from JSON definitions with explicit rule ids, registered lazily on one
  host whose background dispatch threads are never started (we run actions synchronously);
- every evaluation gets a fresh session id, deleted in `finally` (the engine keeps at most
  1,024 live sessions and never frees one on its own);
- every ruleset has an always-true `received` rule, because a fact that matches no rule
  leaves an undeletable session behind (and deleting it crashes the process);
- one lock serialises all engine calls, so callers may use any thread;
- an exception raised in an action is stored by the engine, not raised: we raise it.

Verdicts are pure functions of (ruleset, fact), so a bounded memo of them is kept; it never
changes an answer, only how often the engine is asked the same question.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from durable import engine as durable_engine

from alscriteria.errors import EngineError
from alscriteria.rules.rule import FactValue, RulesetSpec

#: Id suffix of the rule that every ruleset carries so that every fact is handled.
RECEIVED = "received"


class _SynchronousHost(durable_engine.Host):  # type: ignore[misc]
    """A host that does not start durable_rules' timer threads: nothing runs behind our back."""

    def _run(self) -> None:
        return None


class RuleEngine:
    def __init__(self, memo_size: int = 32768) -> None:
        self._lock = threading.Lock()
        self._host: Any = None
        self._registered: set[str] = set()
        self._recording: list[str] | None = None
        self._sessions = itertools.count(1)
        self._memo: OrderedDict[tuple[str, tuple[FactValue, ...]], frozenset[str]]
        self._memo = OrderedDict()
        self._memo_size = memo_size
        self.engine_calls = 0

    def fire(self, spec: RulesetSpec, fact: Mapping[str, FactValue]) -> frozenset[str]:
        """Assert one fact in a fresh session; return the ids of the rules that fired."""
        key = (spec.name, tuple(value for _, value in sorted(fact.items())))
        with self._lock:
            known = self._memo.get(key)
            if known is not None:
                self._memo.move_to_end(key)
                return known
            fired = self._fire_once(spec, fact)
            if self._memo_size:
                self._memo[key] = fired
                if len(self._memo) > self._memo_size:
                    self._memo.popitem(last=False)
            return fired

    def _fire_once(self, spec: RulesetSpec, fact: Mapping[str, FactValue]) -> frozenset[str]:
        host = self._host_with(spec)
        sid = str(next(self._sessions))
        recorded: list[str] = []
        self._recording = recorded
        self.engine_calls += 1
        try:
            state = host.assert_fact(spec.name, {**fact, "sid": sid, "fact": "case"})
        except Exception as exc:
            raise EngineError(f"the rule engine failed on ruleset {spec.name}: {exc}") from exc
        finally:
            self._recording = None
            # A session the engine already dropped has nothing left to free.
            with contextlib.suppress(Exception):
                host.delete_state(spec.name, sid)
        problem = state.get("exception") if isinstance(state, dict) else None
        if problem:
            raise EngineError(f"a rule action failed in ruleset {spec.name}: {problem}")
        received = f"{spec.name}.{RECEIVED}"
        if received not in recorded:
            raise EngineError(f"ruleset {spec.name} did not see the fact")
        return frozenset(r for r in recorded if r != received)

    def _host_with(self, spec: RulesetSpec) -> Any:
        if self._host is None:
            self._host = _SynchronousHost()
        if spec.name not in self._registered:
            definition: dict[str, dict[str, Any]] = {}
            for rule_id, rule in spec.definition().items():
                definition[rule_id] = {**rule, "run": self._action(rule_id)}
            received = f"{spec.name}.{RECEIVED}"
            definition[received] = {
                "all": [{"m": {"fact": "case"}}],
                "run": self._action(received),
            }
            self._host.set_rulesets({spec.name: definition})
            self._registered.add(spec.name)
        return self._host

    def _action(self, rule_id: str) -> Callable[[Any], None]:
        def record(closure: Any) -> None:
            self.on_fired(rule_id)

        return record

    def on_fired(self, rule_id: str) -> None:
        """Called by the engine for each rule that fires; only records (DESIGN.md)."""
        if self._recording is not None:
            self._recording.append(rule_id)


_shared: RuleEngine | None = None
_shared_lock = threading.Lock()


def shared_engine() -> RuleEngine:
    """The process's engine, created on first use (durable_rules allows one host)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = RuleEngine()
        return _shared
