"""check: the blueprint lint, code by code, on small programmes built in Python."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import journeykit as jk
from journeykit.analysis.check import CODES, Finding, Findings, check
from journeykit.io import _files
from journeykit.io._source import Source

DOCS = Path(__file__).resolve().parents[2] / "docs" / "checks.md"

PORTAL = jk.Touchpoint(id="portal", name="Portal", channel="portal", evidence=["Login page"])


def _step(ident: str = "apply", **fields: Any) -> jk.Step:
    """A step that is fine on its own: supported, with evidence, opportunities for its pains."""
    defaults: dict[str, Any] = {
        "name": ident.title(),
        "touchpoints": ["portal"],
        "actions": [jk.Action(id=f"{ident}-work", name="Do the work", lane="support", requires=["sso"])],
        "pain_points": ["Slow"],
        "opportunities": ["Faster"],
    }
    return jk.Step(id=ident, **{**defaults, **fields})


def _journeys(*steps: jk.Step, stages: list[jk.Stage] | None = None) -> list[jk.Journey]:
    """A current journey with these steps (or stages) and a clean future journey replacing it."""
    current = jk.Journey(
        id="today",
        name="Today",
        personas=["sales"],
        stages=stages or [jk.Stage(id="join", name="Join", steps=list(steps or [_step()]))],
    )
    future = jk.Journey(
        id="tomorrow",
        name="Tomorrow",
        personas=["sales"],
        state="future",
        replaces="today",
        stages=[jk.Stage(id="join", name="Join", steps=[_step()])],
    )
    return [current, future]


def _program(**fields: Any) -> jk.Program:
    """A programme with no findings at all, with ``fields`` replaced."""
    defaults: dict[str, Any] = {
        "name": "Portal",
        "personas": [jk.Persona(id="sales", name="Sales manager")],
        "roles": [jk.Role(id="it", name="IT"), jk.Role(id="vp", name="VP"), jk.Role(id="mgr", name="Mgr")],
        "touchpoints": [PORTAL],
        "requirements": [
            jk.Requirement(id="sso", title="SSO", owner="it", effort=5, depends_on=["accounts"]),
            # needed only as a prerequisite of sso: not an orphan
            jk.Requirement(id="accounts", title="Accounts", owner="it", status="available"),
        ],
        "use_cases": [jk.UseCase(id="deals", name="Deals", theme="deals", sponsor="vp", champion="mgr")],
        "metrics": [jk.Metric(id="deal-count", name="Deals", measures=["use_case:deals"])],
        "journeys": _journeys(),
    }
    return jk.Program(**{**defaults, **fields})


def _with_requirement(**fields: Any) -> jk.Program:
    extra = jk.Requirement(**{"id": "extra", "title": "Extra", "owner": "it", "effort": 1, **fields})
    base = _program()
    step = _step(requires=["extra"])
    return base.model_copy(update={"requirements": (*base.requirements, extra), "journeys": _journeys(step)})


def _with_use_case(**fields: Any) -> jk.Program:
    use_case = jk.UseCase(id="deals", name="Deals", theme="deals", **fields)
    return _program(use_cases=[use_case])


# code, the programme that triggers it, the subject and location of the finding
POSITIVE: list[tuple[str, Callable[[], jk.Program], str, str]] = [
    (
        "JK101",
        lambda: _program(journeys=_journeys(_step(actions=[]))),
        "step:today/apply",
        "journeys.0.stages.0.steps.0",
    ),
    (
        "JK102",
        lambda: _program(
            requirements=[
                *_program().requirements,
                jk.Requirement(id="lonely", title="L", owner="it", effort=1),
            ]
        ),
        "requirement:lonely",
        "requirements.2",
    ),
    ("JK103", lambda: _with_requirement(owner=None), "requirement:extra", "requirements.2"),
    ("JK104", lambda: _with_use_case(champion="mgr"), "use_case:deals", "use_cases.0"),
    ("JK105", lambda: _with_use_case(sponsor="vp"), "use_case:deals", "use_cases.0"),
    ("JK106", lambda: _program(metrics=[]), "use_case:deals", "use_cases.0"),
    (
        "JK107",
        lambda: _program(personas=[*_program().personas, jk.Persona(id="cfo", name="CFO")]),
        "persona:cfo",
        "personas.1",
    ),
    (
        "JK108",
        lambda: _program(
            journeys=_journeys(
                stages=[jk.Stage(id="join", name="Join", steps=[_step()]), jk.Stage(id="learn", name="Learn")]
            )
        ),
        "stage:today/learn",
        "journeys.0.stages.1",
    ),
    (
        "JK109",
        lambda: _program(journeys=_journeys(_step("apply", next=[]), _step("sign"))),
        "step:today/sign",
        "journeys.0.stages.0.steps.1",
    ),
    (
        "JK110",
        lambda: _program(
            journeys=_journeys(_step("apply", opportunities=[]), _step("sign", opportunities=[]))
        ),
        "stage:today/join",
        "journeys.0.stages.0",
    ),
    (
        "JK111",
        lambda: _program(
            journeys=[
                jk.Journey(
                    id="tomorrow",
                    name="Tomorrow",
                    personas=["sales"],
                    state="future",
                    stages=_journeys()[1].stages,
                )
            ]
        ),
        "journey:tomorrow",
        "journeys.0",
    ),
    (
        "JK112",
        lambda: _program(journeys=_journeys(_step(touchpoints=[]))),
        "step:today/apply",
        "journeys.0.stages.0.steps.0",
    ),
    (
        "JK112",
        lambda: _program(
            touchpoints=[PORTAL, jk.Touchpoint(id="phone", name="Phone", channel="phone")],
            journeys=_journeys(_step(touchpoints=["phone"])),
        ),
        "step:today/apply",
        "journeys.0.stages.0.steps.0",
    ),
    ("JK113", lambda: _with_requirement(effort=None), "requirement:extra", "requirements.2"),
    (
        "JK114",
        lambda: _program(journeys=_journeys()[:1]),
        "journey:today",
        "journeys.0",
    ),
]

# near misses: programmes that look like a finding but are fine
NEGATIVE: list[tuple[str, Callable[[], jk.Program]]] = [
    ("JK101", _program),
    # no action, but a requirement of its own
    ("JK101", lambda: _program(journeys=_journeys(_step(actions=[], requires=["sso"])))),
    # no action, but a rule adds a requirement to it
    (
        "JK101",
        lambda: _program(
            journeys=_journeys(_step(actions=[])),
            rules=[jk.Rule(id="portal-sso", when=jk.Match(channel="portal"), requires=["sso"])],
        ),
    ),
    # no action, but it expands into a journey that has them
    ("JK101", lambda: _program(journeys=_journeys(_step(actions=[], sub_journey="tomorrow")))),
    ("JK102", _program),
    # needed only by a rule
    (
        "JK102",
        lambda: _program(
            requirements=[*_program().requirements, jk.Requirement(id="x", title="X", owner="it", effort=1)],
            rules=[jk.Rule(id="portal-x", when=jk.Match(channel="portal"), requires=["x"])],
        ),
    ),
    ("JK103", _program),
    ("JK104", _program),
    ("JK105", _program),
    ("JK106", _program),
    ("JK107", _program),
    # a persona named only on a step still takes part
    (
        "JK107",
        lambda: _program(
            personas=[*_program().personas, jk.Persona(id="cfo", name="CFO")],
            journeys=_journeys(_step(personas=["cfo"])),
        ),
    ),
    ("JK108", _program),
    ("JK109", _program),
    # a loop back and a branch forward reach every step
    (
        "JK109",
        lambda: _program(
            journeys=_journeys(
                _step("apply", next=["wait"]), _step("sign", next=[]), _step("wait", next=["sign", "apply"])
            )
        ),
    ),
    # the start is the first step of the first stage that has steps
    (
        "JK109",
        lambda: _program(
            journeys=_journeys(
                stages=[jk.Stage(id="intro", name="Intro"), jk.Stage(id="join", name="Join", steps=[_step()])]
            )
        ),
    ),
    ("JK110", _program),
    # one opportunity anywhere in the stage is enough
    ("JK110", lambda: _program(journeys=_journeys(_step("apply", opportunities=[]), _step("sign")))),
    ("JK111", _program),
    ("JK112", _program),
    # one touchpoint with evidence is enough
    (
        "JK112",
        lambda: _program(
            touchpoints=[PORTAL, jk.Touchpoint(id="phone", name="Phone", channel="phone")],
            journeys=_journeys(_step(touchpoints=["phone", "portal"])),
        ),
    ),
    ("JK113", _program),
    # a partial requirement without effort is not reported
    ("JK113", lambda: _with_requirement(effort=None, status="partial")),
    ("JK114", _program),
]


def test_the_base_programme_is_clean() -> None:
    findings = check(_program())
    assert list(findings) == []
    assert not findings.has_errors


@pytest.mark.parametrize(("code", "build", "subject", "location"), POSITIVE)
def test_each_code_is_found(code: str, build: Callable[[], jk.Program], subject: str, location: str) -> None:
    findings = check(build())
    assert [(f.code, f.subject, f.location) for f in findings] == [(code, subject, location)]
    finding = findings[0]
    assert finding.severity == CODES[code][0]
    assert finding.file is None
    assert finding.line is None
    assert finding.message


@pytest.mark.parametrize(("code", "build"), NEGATIVE)
def test_each_code_has_a_clean_counterpart(code: str, build: Callable[[], jk.Program]) -> None:
    assert code not in check(build()).codes()


def test_every_code_is_tested_both_ways() -> None:
    assert {c for c, *_ in POSITIVE} == set(CODES) == {c for c, _ in NEGATIVE}


def test_use_case_without_anything_gets_three_findings() -> None:
    program = _program(use_cases=[jk.UseCase(id="deals", name="Deals", theme="deals")], metrics=[])
    assert check(program).codes() == ["JK104", "JK105", "JK106"]


def test_unreachable_step_is_an_error() -> None:
    program = _program(journeys=_journeys(_step("apply", next=[]), _step("sign"), _step("pay")))
    findings = check(program)
    assert findings.has_errors
    assert [f.subject for f in findings.errors()] == ["step:today/sign", "step:today/pay"]
    assert isinstance(findings.errors(), Findings)
    assert not check(_with_use_case()).errors()


def test_findings_sort_by_location_numerically() -> None:
    personas = [jk.Persona(id="sales", name="Sales")] + [jk.Persona(id=f"p{i}", name="P") for i in range(11)]
    locations = [f.location for f in check(_program(personas=personas))]
    assert locations == [f"personas.{i}" for i in range(1, 12)]


def test_findings_are_a_table() -> None:
    findings = check(_program(metrics=[]))
    assert findings.display_columns == ("code", "severity", "subject", "message", "file", "line")
    assert findings.columns == tuple(Finding.__dataclass_fields__)
    assert findings.to_records()[0]["code"] == "JK106"
    assert "JK106" in str(findings)
    assert "JK106" in findings.to_markdown()
    assert "<td>JK106</td>" in findings._repr_html_()
    assert findings.to_csv().startswith("code,severity,message,location,subject,file,line\n")


def test_check_does_not_change_its_input() -> None:
    program = jk.example()
    before = program.model_dump()
    check(program)
    assert program.model_dump() == before
    messy = _program(journeys=_journeys(_step("apply", next=[], actions=[], touchpoints=[]), _step("sign")))
    before = messy.model_dump()
    assert len(check(messy)) >= 3
    assert messy.model_dump() == before


def test_partner_portal_example_is_clean() -> None:
    # Read from examples/partner-portal.yaml, each code is expected to be absent:
    # JK101 every step has actions; JK102 every requirement is required by an action or step,
    #   or is a prerequisite (depends_on) of one that is (e.g. internal-crm, partner-mission-statement);
    # JK103 every requirement has an owner; JK113 every requirement has an effort;
    # JK104/105 every use case has a sponsor and a champion; JK106 each of the 8 use cases is
    #   measured by a metric (online-application ... portal-support);
    # JK107 the three personas are all in onboarding-current's personas;
    # JK108 no stage is empty; JK109 the only `next` lists loop back (wait-for-approval -> apply,
    #   receive-decision -> fill-registration) or go forward, so every step is reached;
    # JK110 every step with pain points has opportunities itself;
    # JK111/JK114 both future journeys replace the two current ones;
    # JK112 every step has touchpoints and every touchpoint lists evidence.
    assert check(jk.example()).codes() == []


@pytest.mark.parametrize(
    ("drop", "code", "subject"),
    [
        ("metrics", "JK106", "use_case:online-application"),
        ("touchpoint-evidence", "JK112", "step:onboarding-current/find-programme"),
    ],
)
def test_partner_portal_example_with_a_gap(drop: str, code: str, subject: str) -> None:
    portal = jk.example()
    if drop == "metrics":
        broken = portal.model_copy(update={"metrics": ()})
    else:
        touchpoints = tuple(
            tp.model_copy(update={"evidence": ()}) if tp.id == "partner-landing-page" else tp
            for tp in portal.touchpoints
        )
        broken = portal.model_copy(update={"touchpoints": touchpoints})
    findings = check(broken)
    assert {f.code for f in findings} == {code}
    assert subject in {f.subject for f in findings}


# -- file and line ----------------------------------------------------------

PROGRAMME_YAML = """\
name: Portal
roles:
  - id: it
    name: IT
requirements:
  - id: sso
    title: SSO
    owner: it
    effort: 3
  - id: lonely
    title: Needed by nothing
    owner: it
    effort: 1
journeys:
  - id: today
    name: Today
    stages:
      - id: join
        name: Join
        steps:
          - id: apply
            name: Apply
            requires: [sso]
            next: []
          - id: sign
            name: Sign
            requires: [sso]
"""


def test_findings_point_at_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "portal.yaml"
    path.write_text(PROGRAMME_YAML, encoding="utf-8")
    program = jk.load(path)
    source = Source([_files._read_part(path, _files.MAX_BYTES)])
    findings = check(program, source=source)
    lines = PROGRAMME_YAML.splitlines()
    where = {(f.code, f.subject): (f.file, f.line) for f in findings}
    assert where[("JK102", "requirement:lonely")] == (str(path), lines.index("  - id: lonely") + 1)
    assert where[("JK109", "step:today/sign")] == (str(path), lines.index("          - id: sign") + 1)
    assert where[("JK114", "journey:today")] == (str(path), lines.index("  - id: today") + 1)
    # sorted by file and line
    assert [f.line for f in findings] == sorted(f.line or 0 for f in findings)


def test_findings_point_into_the_right_file_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: Portal\nroles:\n  - id: it\n    name: IT\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "requirements:\n  - id: sso\n    title: SSO\n    owner: it\n    effort: 3\n"
        "  - id: lonely\n    title: Lonely\n",
        encoding="utf-8",
    )
    program = jk.load(tmp_path)
    parts = [_files._read_part(tmp_path / name, _files.MAX_BYTES) for name in ("a.yaml", "b.yaml")]
    _files._merge(parts)  # records where each file's lists start in the merged programme
    findings = check(program, source=Source(parts))
    assert {(f.code, f.subject, f.file, f.line) for f in findings if f.subject == "requirement:lonely"} == {
        (code, "requirement:lonely", str(tmp_path / "b.yaml"), 6) for code in ("JK102", "JK103", "JK113")
    }


# -- the docs page ----------------------------------------------------------


def test_docs_name_every_code_and_only_those() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert set(re.findall(r"\bJK\d{3}\b", text)) == set(CODES)
    table = dict(re.findall(r"^\| \[(JK\d{3})\]\(#jk\d{3}\) \| (\w+) \|", text, flags=re.MULTILINE))
    assert table == {code: severity for code, (severity, _) in CODES.items()}
    sections = re.findall(
        r"^## (JK\d{3}): .* \{#(jk\d{3})\}\n\n\*\*Severity:\*\* (\w+)\.", text, re.MULTILINE
    )
    assert [(code, severity) for code, _, severity in sections] == [(c, s) for c, (s, _) in CODES.items()]
    assert all(anchor == code.lower() for code, anchor, _ in sections)


def _doc_examples() -> list[tuple[str, str]]:
    text = DOCS.read_text(encoding="utf-8")
    examples = []
    for section in re.split(r"^## ", text, flags=re.MULTILINE):
        code = re.match(r"(JK\d{3}):", section)
        if code:
            for block in re.findall(r"```yaml\n(.*?)```", section, flags=re.DOTALL):
                examples.append((code.group(1), block))
    return examples


@pytest.mark.parametrize(("code", "text"), _doc_examples())
def test_docs_yaml_examples_trigger_their_code(code: str, text: str) -> None:
    assert yaml.safe_load(text)["name"]
    assert code in check(jk.loads(text)).codes()


def test_docs_have_an_example_for_every_code() -> None:
    assert {code for code, _ in _doc_examples()} == set(CODES)
