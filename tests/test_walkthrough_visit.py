"""The walkthrough's visit mode (issues 25 and 27): one visit of a patient history, with the
ALSFRS-R and the staging milestones only when the clinician asks for them.

Driven through the real prompts: a scripted reader for most tests, and the installed command
in a pseudo-terminal of 24 rows and 80 columns with NO_COLOR for one whole visit.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from alscriteria.cli.app import main
from alscriteria.cli.walkthrough.function_form import FunctionForm
from alscriteria.cli.walkthrough.visit import VisitWalkthrough, open_visit
from alscriteria.history import evaluate_history, parse_history
from test_walkthrough import SAFETY_CLEAR, _rows, _spawn

EXAMPLE = Path(__file__).parents[1] / "examples" / "history-limb-onset.json"
DAY = "2025-01-20"  # after the example's last visit (2024-10-14)

#: The case of the new visit: progression left to the history (skip), the rest carried
#: over (Enter), new signs in the right leg, no EMG at this visit.
CASE = [
    "skip",
    "",
    "",  # progression, other causes excluded, motor symptoms
    "",
    "",
    "none",  # bulbar UMN, LMN (carried), no EMG
    "",
    "",
    "none",  # cervical
    "",
    "",
    "none",  # thoracic
    "",
    "weakness r, wasting r",
    "none",  # lumbosacral: new LMN signs on the right leg
    *SAFETY_CLEAR,
]
#: The ALSFRS-R as typed, a bad value (7) and a word (x) re-asked at salivation; item 5
#: scored as 5b; then the milestones.
FORM = [
    "y",
    "3",
    "7",
    "x",
    "4",
    "4",
    "2",
    "b",
    "1",
    "2",
    "2",
    "2",
    "1",
    "2",
    "3",
    "4",
    "provided",
    "2025-01-05",
    "trial",
    "2025-01-10",
    "upper limb, lower limb, bulbar",
]
CTRL_C = "<Ctrl-C>"  # the scripted reader raises KeyboardInterrupt here, as `input` does
#: The example's last visit continued: its case is complete but for the skips it asks again
#: (progression and the rest), so ten skips reach the ALSFRS-R question.
LAST = "2024-10-14"
TO_FORM = ["skip"] * 10
ITEMS_TYPED = {
    "speech": 3,
    "salivation": 4,
    "swallowing": 4,
    "handwriting": 2,
    "cutting_food": 1,
    "dressing_hygiene": 2,
    "turning_in_bed": 2,
    "walking": 2,
    "climbing_stairs": 1,
    "dyspnea": 2,
    "orthopnea": 3,
    "respiratory_insufficiency": 4,
}


class Run:
    def __init__(self, walk: VisitWalkthrough, code: int, out: str, prompts: list[str]) -> None:
        self.walk, self.code, self.out, self.prompts = walk, code, out, prompts
        self.flat = " ".join(out.split())

    def __contains__(self, text: str) -> bool:
        return " ".join(text.split()) in self.flat


def drive_visit(script: Iterable[str], path: Path, day: str = DAY, onset: str | None = None) -> Run:
    console = Console(file=StringIO(), width=80, no_color=True)
    feed = iter(script)
    prompts: list[str] = []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        item = next(feed, None)
        if item is None:
            raise EOFError
        if item == CTRL_C:
            raise KeyboardInterrupt
        return item

    visit = open_visit(path, day, onset)
    new = visit.history is None and onset is None
    walk = VisitWalkthrough(console, read, visit, echo=True, onset_given=not new)
    code = walk.run()
    assert isinstance(console.file, StringIO)
    out = console.file.getvalue()
    assert all(len(line.rstrip()) <= 80 or str(path.parent) in line for line in out.splitlines())
    assert "\x1b[" not in out
    return Run(walk, code, out, prompts)


def split_at(script: list[str], prompt: str, tmp_path: Path) -> tuple[list[str], list[str]]:
    """`script` cut where the visit first asks the question with this prompt (found by
    running it on a copy of the example): tests name questions, not positions."""
    dry = tmp_path / "dry"
    dry.mkdir(exist_ok=True)
    prompts = drive_visit(script, _copy(dry)).prompts
    i = next(n for n, asked in enumerate(prompts) if asked.startswith(f"{prompt} ["))
    return script[:i], script[i:]


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "history.json"
    shutil.copyfile(EXAMPLE, target)
    return target


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_a_visit_with_the_alsfrs_r_is_added_to_the_example_history(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = _load(path)
    run = drive_visit([*CASE, *FORM], path)
    assert run.code == 0
    assert "Answers are carried over from the visit of 2024-10-14" in run
    assert "Carried over from the visit of 2024-10-14: Hyperreflexia, Hoffmann sign." in run
    assert "Cervical UMN signs [Enter: as before]> " in run.prompts
    assert "Recorded: Cervical LMN signs: Weakness, Wasting (atrophy), Fasciculations" in run
    assert "Lumbosacral EMG muscles> " in run.prompts  # EMG is never carried over
    # a bad score is asked again, the allowed values named
    assert "'7' is not a score for salivation; allowed: 0, 1, 2, 3 or 4" in run
    assert "'x' is not a score for salivation" in run
    assert run.prompts.count("Salivation (0-4)> ") == 3
    assert "ALSFRS-R item 5b of 12: Cutting food and handling utensils (5b, with" in run
    assert "Recorded at earlier visits (kept, not asked again):" in run
    assert "Diagnosis date> " not in run.prompts  # the example recorded it at visit 2
    saved = _load(path)
    assert saved["visits"][:3] == before["visits"]  # the other visits as written
    visit = saved["visits"][3]
    assert visit["date"] == DAY
    assert visit["alsfrs_r"] == {**ITEMS_TYPED, "gastrostomy": True}
    assert visit["gastrostomy"] == {"status": "provided", "date": "2025-01-05"}
    assert visit["niv"] == {"status": "trialled", "date": "2025-01-10"}
    assert visit["functional_involvement"] == ["bulbar", "upper_limb", "lower_limb"]
    # skipped: null, read as not given, so the history derives it (A.5) and a resume of
    # this visit does not ask it again
    assert visit["progression"] is None
    assert visit["regions"]["lumbosacral"]["right"] == {"lmn_signs": ["weakness", "wasting"]}
    assert visit["emg"] == []
    history = parse_history(saved)
    result = evaluate_history(history)
    last = result.visits[3]
    assert last.alsfrs_r_total == sum(ITEMS_TYPED.values()) == 30
    assert last.kings_stage == "4B" and last.mitos_stage == 0
    # the end shows the visit's function line in the history's own words (timeline's)
    assert last.staging is not None
    assert f"Visit 4 ({DAY}): {last.staging.text}" in run
    assert "ALSFRS-R 30/48" in run and "ΔFS 1.15 points a month from onset (fast" in run


def test_no_at_the_alsfrs_r_question_asks_nothing_more(tmp_path: Path) -> None:
    """Issue 27: the form does not lengthen the walkthrough for those who do not want it:
    one answer (Enter) more than the case, and no function key in the visit."""
    path = _copy(tmp_path)
    run = drive_visit([*CASE, ""], path)
    assert run.code == 0
    assert run.prompts[-1] == "ALSFRS-R at this visit? [y/N]> "
    assert len(run.prompts) == len(CASE) + 1
    visit = _load(path)["visits"][3]
    assert not {"alsfrs_r", "gastrostomy", "niv", "functional_involvement"} & set(visit)
    # with no form at this visit, the function line is the milestones' King's stage
    assert "King's stage" in run and "ALSFRS-R 30/48" not in run


def test_the_visit_of_a_date_in_the_file_is_continued_not_duplicated(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    head, rest = split_at(CASE, "Cervical LMN signs", tmp_path)
    drive_visit(head, path)  # stopped at cervical LMN: saved, partial
    partial = _load(path)["visits"][3]
    assert partial["regions"] == {
        "bulbar": {"umn_signs": [], "lmn_signs": []},
        "cervical": {"umn_signs": ["hyperreflexia", "hoffmann"]},
    }
    run = drive_visit([*rest, "n"], path)
    assert run.code == 0
    # progression, skipped before the stop, is in the file (null) and not asked again: the
    # first question is the one the file leaves open, its answer carried over from before
    assert run.prompts[0] == "Cervical LMN signs [Enter: as before]> "
    assert "Progression documented: unknown / none (or skipped)" in run
    assert "Resumed from" in run
    saved = _load(path)
    assert len(saved["visits"]) == 4
    # the same date once more: the case asks nothing; the form is offered again
    again = drive_visit(["n"], path)
    assert again.prompts == ["ALSFRS-R at this visit? [y/N]> "]
    assert _load(path) == saved


def test_a_new_history_asks_the_onset_and_takes_the_patient_id(tmp_path: Path) -> None:
    path = tmp_path / "new" / "patient.json"
    script = [
        "2025-03-01",
        "2024-02-30",
        "2024-06-01",
        "P-77",
        "yes",
        "yes",
        "yes",
        *["none", "none", "none"] * 4,
        *SAFETY_CLEAR,
        "y",
        *["4"] * 4,
        "",
        *["4"] * 7,
        "skip",
        "",
        "",
        "",
        "bulbar",
    ]
    run = drive_visit(script, path, day="2025-02-01")
    assert run.code == 0
    assert "onset: 2025-03-01 is after this visit (2025-02-01)" in run
    assert "onset: '2024-02-30' is not a calendar date (YYYY-MM-DD)" in run
    saved = _load(path)
    assert saved["id"] == "P-77" and saved["onset"] == "2024-06-01"
    visit = saved["visits"][0]
    assert "id" not in visit  # the patient's id is given once, at the top of the history
    assert visit["alsfrs_r"] == {i: 4 for i in ITEMS_TYPED if i != "respiratory_insufficiency"}
    assert visit["functional_involvement"] == ["bulbar"]
    assert "diagnosis_date" not in visit and "gastrostomy" not in visit
    result = evaluate_history(parse_history(saved))
    staging = result.visits[0].staging
    assert staging is not None and "respiratory insufficiency" in staging.text  # not scored
    assert result.visits[0].alsfrs_r_total is None  # a partial form has no total


def test_milestone_dates_after_the_visit_and_a_trialled_gastrostomy_are_asked_again(
    tmp_path: Path,
) -> None:
    form = FunctionForm(visit=date(2025, 1, 20))
    for score in ["4"] * 4 + ["a"] + ["4"] * 8:
        form.answer(score)
    with pytest.raises(ValueError, match="'trialled' is not a milestone for a gastrostomy"):
        form.answer("trialled")
    form.answer("refused")
    with pytest.raises(ValueError, match=r"gastrostomy\.date: 2025-02-01 is after the visit"):
        form.answer("2025-02-01")
    with pytest.raises(ValueError, match="not a date; write it YYYY-MM-DD"):
        form.answer("next week")
    form.answer("2025-01-02")
    assert form.back() and form.question() is not None
    assert form.question().step == "gastrostomy_date"  # type: ignore[union-attr]
    form.answer("2025-01-03")
    form.answer("")  # no NIV
    form.answer("2024-01-01")  # the diagnosis date
    with pytest.raises(ValueError, match="respiration is not a region"):
        form.answer("respiratory")
    form.answer("none")
    assert form.record() == {
        "alsfrs_r": dict.fromkeys(ITEMS_TYPED, 4),
        "gastrostomy": {"status": "refused", "date": "2025-01-03"},
        "diagnosis_date": "2024-01-01",
        "functional_involvement": [],
    }


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--visit-date", "2023-09-01"],
            "onset (2023-10-02) is after the first visit (visits[0], 2023-09-01)",
        ),
        (["--visit-date", "2024-13-01"], "--visit-date: '2024-13-01' is not a calendar date"),
        (["--visit-date", "15/01/2025"], "--visit-date: '15/01/2025' is not a date"),
        ([], "--history needs --visit-date YYYY-MM-DD"),
        (["--visit-date", DAY, "--save", "x.json"], "it does not take --resume or --save"),
        (["--visit-date", DAY, "--onset", "2023-01-01"], "--onset: "),
    ],
)
def test_a_visit_date_or_option_outside_the_rules_exits_2_naming_the_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    path = _copy(tmp_path)
    assert main(["walkthrough", "--history", str(path), *args]) == 2
    assert said in " ".join(capsys.readouterr().err.split())
    assert _load(path) == json.loads(EXAMPLE.read_text())  # nothing written


def test_visit_options_without_a_history_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["walkthrough", "--visit-date", DAY]) == 2
    assert "give --history FILE" in capsys.readouterr().err


def test_at_80x24_a_visit_is_added_with_its_alsfrs_r(tmp_path: Path) -> None:
    """The whole visit through a real terminal: every item's anchors on the rows right
    above its prompt, a bad score asked again, and the saved history evaluated."""
    pexpect = pytest.importorskip("pexpect")
    path = _copy(tmp_path)
    child = _spawn(tmp_path, "--history", "history.json", "--visit-date", DAY)
    screens: list[list[str]] = []
    try:
        for answer in [*CASE, *FORM]:
            child.expect(r"> $")
            screens.append(_rows(child.before or ""))
            child.sendline(answer)
        child.expect(pexpect.EOF)
        tail = _rows(child.before or "")
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    for rows in screens:
        assert len(rows) <= 24, "\n".join(rows)
    items = [rows for rows in screens if re.fullmatch(r".+ \(0-4\)", rows[-1])]
    assert len(items) == 12 + 2  # twelve items, salivation asked twice more
    first = [rows for rows in items if any(r.startswith("ALSFRS-R item ") for r in rows)]
    assert len(first) == 12
    for rows in first:  # the item and its anchors, 4 down to 0, right above the prompt
        assert rows[-7].startswith("ALSFRS-R item ") or rows[-8].startswith("ALSFRS-R item ")
        assert [row[:5] for row in rows[-6:-1]] == ["  4  ", "  3  ", "  2  ", "  1  ", "  0  "]
    bad = next(rows for rows in screens if "'7' is not a score for salivation" in " ".join(rows))
    assert bad[-1] == "Salivation (0-4)"
    assert "allowed: 0, 1, 2, 3 or 4" in " ".join(bad)
    assert "ALSFRS-R 30/48" in " ".join(tail)
    saved = _load(path)
    assert saved["visits"][3]["alsfrs_r"] == {**ITEMS_TYPED, "gastrostomy": True}
    assert evaluate_history(parse_history(saved)).visits[3].kings_stage == "4B"


def test_a_history_the_parser_would_refuse_is_never_written(tmp_path: Path) -> None:
    """The last check before the rename: a visit the history parser refuses (here a case
    field the file gave with a bad value, kept as given) is said and not written."""
    path = _copy(tmp_path)
    visit = open_visit(path, DAY, None)
    walk = VisitWalkthrough(Console(file=StringIO(), width=80), lambda _: "", visit)
    walk.session.state.extras["alternative_diagnosis"] = 3  # no Case accepts it
    assert not walk._write(path)
    assert _load(path) == json.loads(EXAMPLE.read_text())
    assert isinstance(walk.console.file, StringIO)
    assert "The history would not be valid with this visit" in walk.console.file.getvalue()


def _recovery_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("alscriteria-walkthrough-*.json"))


def test_ctrl_c_in_the_form_asks_before_saving_and_no_leaves_the_file_as_it_was(
    tmp_path: Path,
) -> None:
    """Review C3: Ctrl-C once said "Saved the visit" and wiped the visit's full ALSFRS-R and
    its functional involvement; now it asks, and no writes nothing."""
    path = _copy(tmp_path)
    before = path.read_bytes()
    run = drive_visit([*TO_FORM, "y", CTRL_C, "no"], path, day=LAST)
    assert run.code == 130
    assert run.prompts[-1] == f"Save this visit into {path}? (yes/no)> "
    assert f"Not saved: {path} is as it was." in run
    assert "Saved the visit" not in run
    assert path.read_bytes() == before
    assert not _recovery_files(tmp_path)


def test_a_slip_then_ctrl_c_is_not_saved_without_a_yes(tmp_path: Path) -> None:
    """Review C3: `n` at progression then Ctrl-C once saved progression: false."""
    path = _copy(tmp_path)
    before = path.read_bytes()
    run = drive_visit(["n", CTRL_C, "n"], path, day=LAST)
    assert run.code == 130 and path.read_bytes() == before


def test_a_form_stopped_keeps_what_the_visit_recorded_for_the_items_not_reached(
    tmp_path: Path,
) -> None:
    """Review C3 and 8: the recorded scores are the defaults (Enter keeps), and a form
    stopped after two items, saved on a yes, keeps the other ten and the regions."""
    path = _copy(tmp_path)
    recorded = _load(path)["visits"][2]
    run = drive_visit([*TO_FORM, "y", "2", "", CTRL_C, "yes"], path, day=LAST)
    assert run.code == 130
    assert "yes goes through it with each recorded answer as the default" in run
    assert "Speech (0-4) [Enter: 3, as recorded]> " in run.prompts
    assert "Kept as recorded: salivation: 4." in run
    visit = _load(path)["visits"][2]
    assert visit["alsfrs_r"] == {**recorded["alsfrs_r"], "speech": 2}
    assert visit["functional_involvement"] == recorded["functional_involvement"]
    result = evaluate_history(parse_history(_load(path)))
    assert result.visits[2].kings_stage == "3"


def test_end_of_input_in_the_form_does_not_wipe_the_recorded_form(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    recorded = _load(path)["visits"][2]
    run = drive_visit([*TO_FORM, "y", "1"], path, day=LAST)
    assert run.code == 1
    visit = _load(path)["visits"][2]
    assert visit["alsfrs_r"] == {**recorded["alsfrs_r"], "speech": 1}
    assert visit["functional_involvement"] == recorded["functional_involvement"]


def test_ctrl_c_at_the_save_question_keeps_the_visit_beside_the_history(
    tmp_path: Path,
) -> None:
    path = _copy(tmp_path)
    before = path.read_bytes()
    run = drive_visit([*TO_FORM, "y", "2", CTRL_C, CTRL_C], path, day=LAST)
    assert run.code == 130
    assert path.read_bytes() == before
    (beside,) = _recovery_files(tmp_path)
    assert _load(beside)["visits"][2]["alsfrs_r"]["speech"] == 2
    assert f"{path} is unchanged" in run


def test_a_partial_form_continued_offers_its_scores_and_asks_the_rest(tmp_path: Path) -> None:
    """Review 8: a visit whose form has two items: yes offers them, then asks the rest."""
    path = _copy(tmp_path)
    data = _load(path)
    data["visits"][2]["alsfrs_r"] = {"speech": 3, "salivation": 2}
    path.write_text(json.dumps(data), encoding="utf-8")
    run = drive_visit([*TO_FORM, "y", "", "", "4"], path, day=LAST)
    assert run.prompts[-4:-1] == [
        "Speech (0-4) [Enter: 3, as recorded]> ",
        "Salivation (0-4) [Enter: 2, as recorded]> ",
        "Swallowing (0-4)> ",
    ]
    assert _load(path)["visits"][2]["alsfrs_r"] == {"speech": 3, "salivation": 2, "swallowing": 4}


def test_nothing_answered_on_a_visit_in_the_file_writes_nothing(tmp_path: Path) -> None:
    """Review 5: end of input with nothing changed once rewrote the file ({} became [])."""
    path = _copy(tmp_path)
    path.write_text(EXAMPLE.read_text().replace("    ", "  "), encoding="utf-8")
    before = path.read_bytes()
    run = drive_visit([], path, day=LAST)
    assert run.code == 1
    assert "Nothing changed:" in run and "so it is not rewritten" in run
    assert path.read_bytes() == before


def test_visits_saved_by_another_program_meanwhile_are_kept(tmp_path: Path) -> None:
    """Review C4: the file is read again at the save; only this date's visit is put in."""
    path = _copy(tmp_path)
    visit = open_visit(path, DAY, None)
    other = _load(path)
    added = {**other["visits"][2], "date": "2025-03-03"}
    other["visits"].append(added)
    path.write_text(json.dumps(other), encoding="utf-8")  # written while the visit is asked
    feed = iter([*CASE, ""])
    walk = VisitWalkthrough(Console(file=StringIO(), width=80), lambda _: next(feed), visit)
    assert walk.run() == 0
    saved = _load(path)
    assert [v["date"] for v in saved["visits"]] == [
        "2024-01-15",
        "2024-07-15",
        "2024-10-14",
        DAY,
        "2025-03-03",
    ]
    assert saved["visits"][4] == added


def test_this_dates_visit_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    """Review C4: someone else changed this very visit: said, saved beside, exit 3."""
    path = _copy(tmp_path)
    visit = open_visit(path, LAST, None)
    other = _load(path)
    other["visits"][2]["alsfrs_r"]["speech"] = 0
    path.write_text(json.dumps(other), encoding="utf-8")
    changed = path.read_bytes()
    feed = iter([*TO_FORM, "n"])
    console = Console(file=StringIO(), width=400)
    walk = VisitWalkthrough(console, lambda _: next(feed), visit)
    walk.session.state.answers["progression"] = True
    assert walk.run() == 3
    assert path.read_bytes() == changed
    said = console.file.getvalue()  # type: ignore[attr-defined]
    assert f"the visit of {LAST} in {path} was changed by another program" in said
    assert len(_recovery_files(tmp_path)) == 1


def test_a_read_only_history_is_said_once_and_exits_3(tmp_path: Path) -> None:
    """Review 6: the failure was said twice and the exit was 0. The file is really made
    read-only: the writer reads its mode, so root (CI) is refused as anyone else is."""
    path = _copy(tmp_path)
    before = path.read_bytes()
    path.chmod(0o444)
    run = drive_visit([*CASE, ""], path)
    assert run.code == 3
    assert run.flat.count(f"Could not write {path}: the file is read-only.") == 1
    assert path.read_bytes() == before
    (beside,) = _recovery_files(tmp_path)
    assert len(_load(beside)["visits"]) == 4


def test_a_milestone_before_the_onset_is_asked_again(tmp_path: Path) -> None:
    """Review C6: a diagnosis dated before the first symptom is refused at the prompt."""
    form = FunctionForm(visit=date(2025, 1, 20), onset=date(2024, 6, 1))
    for score in ["4"] * 4 + ["a"] + ["4"] * 8 + ["", ""]:
        form.answer(score)
    with pytest.raises(ValueError, match=r"diagnosis_date: 2020-01-01 is before the onset"):
        form.answer("2020-01-01")


def test_ctrl_c_while_the_result_prints_writes_nothing_into_the_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy(tmp_path)
    before = path.read_bytes()

    def interrupted(self: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("alscriteria.cli.walkthrough.shell.Walkthrough._report", interrupted)
    run = drive_visit([*CASE, ""], path)
    assert run.code == 130
    assert path.read_bytes() == before
    (beside,) = _recovery_files(tmp_path)
    assert len(_load(beside)["visits"]) == 4


def test_end_of_input_with_a_history_that_cannot_take_the_visit_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import alscriteria.cli.walkthrough.shell as writing  # the walkthrough's one writer

    path = _copy(tmp_path)
    writer = writing.replace_text

    def read_only(target: Path, text: str, **kwargs: Any) -> None:
        if Path(target) == path:
            raise PermissionError(13, "the file is read-only", str(target))
        writer(target, text, **kwargs)

    monkeypatch.setattr(writing, "replace_text", read_only)
    run = drive_visit([*TO_FORM, "y", "2"], path, day=LAST)
    assert run.code == 3
    assert run.flat.count("the file is read-only") == 1
    assert len(_recovery_files(tmp_path)) == 1


def test_grid_works_in_the_form_as_the_banner_says(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    run = drive_visit([*TO_FORM, "y", "grid"], path, day=LAST)
    assert "Current categories:" in run
    assert "'grid' is not a score" not in run


@settings(max_examples=60, deadline=None)
@given(
    recorded=st.lists(st.integers(0, 4), min_size=12, max_size=12),
    typed=st.lists(st.one_of(st.integers(0, 4).map(str), st.just("")), max_size=14),
)
def test_a_form_stopped_anywhere_never_loses_a_recorded_score(
    recorded: list[int], typed: list[str]
) -> None:
    """Whatever is typed before a stop, each item not answered keeps its recorded score,
    Enter keeps the recorded one, and a score typed replaces it (review C3 and 8)."""
    from alscriteria.cli.walkthrough.function_form import recorded_answers
    from alscriteria.function.record import ITEMS, parse_visit_function

    scores = dict(zip(ITEMS, recorded, strict=True))
    function = parse_visit_function({"alsfrs_r": scores, "functional_involvement": ["bulbar"]})
    form = FunctionForm(date(2025, 1, 20), recorded=recorded_answers(function))
    expected = dict(scores)
    for said in typed:
        question = form.question()
        if question is None:
            break
        try:
            form.answer(said)
        except ValueError:  # a score typed at the 5a/5b or a milestone question: asked again
            assert question.step not in ITEMS  # an item takes 0-4, and Enter keeps its score
            continue
        if question.step in ITEMS and said:
            expected[question.step] = int(said)
    record = form.record()
    assert record["alsfrs_r"] == expected
    assert record["functional_involvement"] == ["bulbar"]
