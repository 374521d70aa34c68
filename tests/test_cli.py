"""The command line, called the way users call it: as a separate process."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import journeykit as jk
from journeykit.cli import main
from journeykit.testing import synthetic_program

from .conftest import EXAMPLE, EXAMPLE_ES
from .conftest import run_cli as run


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["validate"],
        ["schema"],
        ["graph"],
        ["demo"],
        ["requirements"],
        ["compare"],
        ["impact"],
        ["check"],
        ["prioritize"],
        ["responsibilities"],
        ["personas"],
        ["personas", "coverage"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("usage: journeykit")


def test_the_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("journeykit")
    result = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"journeykit {jk.__version__}"


def test_validate_reports_each_good_file() -> None:
    result = run("validate", EXAMPLE, EXAMPLE_ES)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{EXAMPLE}: ok (3 personas, 4 journeys")
    assert lines[1].startswith(f"{EXAMPLE_ES}: ok")
    assert result.stderr == ""


def test_validate_goes_on_after_a_bad_file_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: P\npersonas:\n  - id: p\n    name: P\n    emotion: 3\n", encoding="utf-8")
    result = run("validate", bad, EXAMPLE)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bad}:5: personas.0: unknown key 'emotion'")
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith(f"{EXAMPLE}: ok")


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["validate"],
        ["graph", "x.yaml"],
        ["graph", "x.yaml", "--format", "dot"],
        ["validate", "--max-bytes", "-5", "x.yaml"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema_prints_the_json_schema() -> None:
    result = run("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == jk.io.json_schema()


@pytest.mark.parametrize(("fmt", "suffix"), [("node-link", ".json"), ("graphml", ".graphml")])
def test_graph_writes_both_formats(tmp_path: Path, fmt: str, suffix: str) -> None:
    out = tmp_path / f"graph{suffix}"
    result = run("graph", EXAMPLE, "--format", fmt, "-o", out)
    assert result.returncode == 0, result.stderr
    if fmt == "node-link":
        graph = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    else:
        graph = nx.read_graphml(out, force_multigraph=True)
    assert graph.number_of_nodes() == jk.load(EXAMPLE).graph().number_of_nodes()


def test_graph_to_standard_output() -> None:
    result = run("graph", EXAMPLE, "--format", "node-link")
    assert result.returncode == 0
    assert json.loads(result.stdout)["multigraph"] is True


def test_graph_of_an_invalid_file_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "P",\n "personas": 3}', encoding="utf-8")
    result = run("graph", bad, "--format", "graphml")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bad}:2: personas: should be a list")
    assert result.stdout == ""


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # `journeykit graph ... | head -c 100`: the reader leaves long before the output ends
    # (the output is far larger than a pipe's buffer).
    big = jk.save(synthetic_program(journeys=20, steps_per_journey=20), tmp_path / "big.json")
    with subprocess.Popen(
        [sys.executable, "-m", "journeykit", "graph", str(big), "--format", "graphml"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(100)
        process.stdout.close()
        stderr = process.stderr.read().decode()
        process.wait(timeout=60)
    assert stderr == ""
    # 141 where the kernel reports the closed pipe; some sandboxes swallow such writes.
    assert process.returncode in (0, 141)


def test_a_broken_pipe_exits_141_without_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class ClosedPipe:
        def __init__(self) -> None:
            self.fd = os.open(os.devnull, os.O_WRONLY)

        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            pass

        def fileno(self) -> int:
            return self.fd

    pipe = ClosedPipe()
    monkeypatch.setattr(sys, "stdout", pipe)
    try:
        assert main(["schema"]) == 141
    finally:
        os.close(pipe.fd)
    assert capsys.readouterr().err == ""


def test_demo_writes_the_model_the_graph_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "demo-output"
    result = run("demo", "--out", out)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "check.txt",
        "coverage.txt",
        "graph.graphml",
        "graph.json",
        "observed",
        "pictures",
        "pilot.txt",
        "program.json",
        "report.html",
        "requirements.csv",
        "requirements.md",
        "summary.txt",
    ]
    program = jk.load(EXAMPLE)
    pictures = {p.name for p in (out / "pictures").iterdir()}
    expected = {"matrix.svg", "personas.svg", "traceability.dot"}
    expected |= {f"persona-{p.id}.svg" for p in program.personas}
    for j in program.journeys:
        expected |= {f"{view}-{j.id}.svg" for view in ("journey-map", "blueprint", "traceability")}
        expected |= {f"journey-{j.id}.mmd", f"blueprint-{j.id}.mmd"}
        if j.replaces:
            expected.add(f"compare-{j.id}.svg")
    assert pictures == expected
    assert (out / "report.html").read_text(encoding="utf-8").count("<svg") == 18
    observed = sorted(p.name for p in (out / "observed").iterdir())
    assert observed == [
        "blueprint.svg",
        "conformance.txt",
        "events.csv",
        "flow.svg",
        "funnel-by-persona.txt",
        "funnel.txt",
        "journey-map.svg",
        "metrics.txt",
    ]
    conformance = (out / "observed" / "conformance.txt").read_text(encoding="utf-8")
    # the synthetic walk follows the design, so every case fits
    first = conformance.splitlines()[0]
    assert first.startswith("Conformance to journey 'onboarding-future': 2000 cases, fitness 1, 100% fitting")
    backlog = jk.derive_requirements(jk.load(EXAMPLE))
    assert (out / "requirements.csv").read_text(encoding="utf-8") == backlog.to_csv()
    assert (out / "coverage.txt").read_text(encoding="utf-8") == f"{jk.personas.coverage(program)}\n"
    # The synthetic cases take the journey's personas, all known to the programme.
    by_persona = (out / "observed" / "funnel-by-persona.txt").read_text(encoding="utf-8")
    assert "no persona of the programme" not in by_persona
    assert jk.load(out / "program.json") == jk.load(EXAMPLE)
    summary = (out / "summary.txt").read_text(encoding="utf-8")
    assert summary in result.stdout
    counts = jk.load(EXAMPLE).summary()
    for key in ("personas", "journeys", "steps", "requirements"):
        assert any(line.split()[:2] == [key, str(counts[key])] for line in summary.splitlines())


def test_schema_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = run("schema", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == jk.io.json_schema()


def test_validate_a_folder_names_the_file_that_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: Portal\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "personas:\n  - id: p\n    name: P\n    organization: vendor\n", encoding="utf-8"
    )
    result = run("validate", tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path / 'b.yaml'}:4: personas.0.organization: ")
    assert "'partner', 'customer' or 'internal'" in result.stderr


def test_validate_a_missing_file_exits_1_without_a_traceback(tmp_path: Path) -> None:
    result = run("validate", tmp_path / "nope.yaml")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path / 'nope.yaml'}: cannot read the file")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "md", "json"])
def test_requirements_in_every_format(fmt: str) -> None:
    result = run("requirements", EXAMPLE, "--journey", "onboarding-future", "--format", fmt)
    assert result.returncode == 0, result.stderr
    backlog = jk.derive_requirements(jk.load(EXAMPLE), journey="onboarding-future")
    expected = {
        "table": str(backlog) + "\n",
        "csv": backlog.to_csv(),
        "md": backlog.to_markdown(),
        "json": json.dumps(backlog.to_records(), indent=2, ensure_ascii=False) + "\n",
    }[fmt]
    assert result.stdout == expected


def test_requirements_selections_combine() -> None:
    result = run(
        "requirements",
        EXAMPLE,
        "--stage",
        "register",
        "--persona",
        "sales-manager",
        "--all",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    ids = [row["requirement"] for row in json.loads(result.stdout)]
    program = jk.load(EXAMPLE)
    expected = jk.derive_requirements(
        program, stages=["register"], personas=["sales-manager"], include_available=True
    ).ids()
    assert ids == expected


def test_requirements_of_an_unknown_journey_exits_1() -> None:
    result = run("requirements", EXAMPLE, "--journey", "onboarding-futur")
    assert result.returncode == 1
    assert "no journey 'onboarding-futur'; did you mean 'onboarding-future'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_compare_prints_the_comparison_and_the_stages() -> None:
    result = run("compare", EXAMPLE, "onboarding-current", "onboarding-future")
    assert result.returncode == 0, result.stderr
    comparison = jk.compare("onboarding-current", "onboarding-future", program=jk.load(EXAMPLE))
    assert result.stdout == f"{comparison}\n\n{comparison.stages}\n"
    assert run("compare", EXAMPLE, "onboarding-future").stdout == result.stdout


@pytest.mark.parametrize(
    ("args", "status"), [(["a", "b", "c"], 2), (["onboarding-current"], 1), (["x", "y"], 1)]
)
def test_compare_refuses_what_it_cannot_compare(args: list[str], status: int) -> None:
    result = run("compare", EXAMPLE, *args)
    assert result.returncode == status
    assert "Traceback" not in result.stderr


def test_impact_prints_what_slips() -> None:
    result = run("impact", EXAMPLE, "partner-sso")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{jk.impact_of(jk.load(EXAMPLE), 'partner-sso')}\n"
    assert run("impact", EXAMPLE, "nothing").returncode == 1


def test_check_of_the_example_is_clean() -> None:
    result = run("check", EXAMPLE)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 errors, 0 warnings, 0 infos\n"


def test_check_reports_located_findings_and_exits_1_on_errors(tmp_path: Path) -> None:
    path = tmp_path / "j.yaml"
    path.write_text(
        "name: P\njourneys:\n  - id: j\n    name: J\n    stages:\n      - id: s\n        name: S\n"
        "        steps:\n          - id: a\n            name: A\n            next: []\n"
        "          - id: b\n            name: B\n",
        encoding="utf-8",
    )
    result = run("check", path)
    assert result.returncode == 1
    assert f"{path}:12: JK109 error: step 'b'" in result.stdout
    assert result.stdout.splitlines()[-1] == "1 error, 4 warnings, 1 info"
    as_json = json.loads(run("check", path, "--format", "json").stdout)
    assert {f["code"] for f in as_json} == {"JK101", "JK109", "JK112", "JK114"}
    assert all(f["file"] == str(path) for f in as_json)


def test_prioritize_prints_the_ranking_and_the_pilot() -> None:
    program = jk.load(EXAMPLE)
    result = run("prioritize", EXAMPLE, "--budget", "60")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{jk.prioritize(program)}\n\n{jk.select_pilot(program, budget=60)}\n"
    assert run("prioritize", EXAMPLE).stdout == f"{jk.prioritize(program)}\n"
    assert run("prioritize", EXAMPLE, "--budget", "-1").returncode == 2


def test_prioritize_by_share_ranks_by_reach_within_each_quadrant() -> None:
    program = jk.load(EXAMPLE)
    result = run("prioritize", EXAMPLE, "--by-share")
    assert result.returncode == 0, result.stderr
    weighed = jk.prioritize(program, weigh_by_share=True)
    assert result.stdout == f"{weighed}\n"
    header = re.split(r"\s{2,}", result.stdout.splitlines()[1])
    assert header[header.index("score") + 1 : header.index("score") + 3] == ["reach", "weighted score"]
    assert weighed.ids() != jk.prioritize(program).ids()  # the example's shares change the order


def _without_shares(tmp_path: Path) -> Path:
    """The example with its personas' shares left out, as a file."""
    program = jk.load(EXAMPLE)
    personas = tuple(p.model_copy(update={"share": None}) for p in program.personas)
    return jk.save(program.model_copy(update={"personas": personas}), tmp_path / "no-shares.yaml")


def test_reach_is_shown_only_when_personas_declare_shares(tmp_path: Path) -> None:
    with_shares = run("requirements", EXAMPLE, "--journey", "onboarding-future")
    assert with_shares.returncode == 0, with_shares.stderr
    assert "reach" in with_shares.stdout.splitlines()[1].split()
    path = _without_shares(tmp_path)
    for command in (["requirements", path, "--journey", "onboarding-future"], ["prioritize", path]):
        result = run(*command)
        assert result.returncode == 0, result.stderr
        assert "reach" not in result.stdout.splitlines()[1].split()
    result = run("prioritize", path, "--by-share")  # nothing to weigh by: the order stays
    assert result.stdout == run("prioritize", path).stdout


@pytest.mark.parametrize("by_journey", [False, True])
def test_personas_coverage_prints_what_the_api_returns(by_journey: bool) -> None:
    result = run("personas", "coverage", EXAMPLE, *(["--by-journey"] if by_journey else []))
    assert result.returncode == 0, result.stderr
    coverage = jk.personas.coverage(jk.load(EXAMPLE))
    assert result.stdout == f"{coverage.by_journey if by_journey else coverage}\n"
    assert result.stderr == ""


@pytest.mark.parametrize("suffix", [".csv", ".md", ".CSV"])
def test_personas_coverage_writes_csv_or_markdown(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"coverage{suffix}"
    result = run("personas", "coverage", EXAMPLE, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {out}\n"
    coverage = jk.personas.coverage(jk.load(EXAMPLE))
    expected = coverage.to_markdown() if suffix == ".md" else coverage.to_csv()
    assert out.read_text(encoding="utf-8") == expected


def test_personas_coverage_keeps_hostile_text_in_its_cells(tmp_path: Path) -> None:
    pain = 'Forms | "quotes", a\nnew line and \x1b[31mred'
    program = jk.Program(
        name="P",
        personas=[jk.Persona(id="p", name="P", share=0.4), jk.Persona(id="idle", name="Idle")],
        journeys=[
            jk.Journey(
                id="j",
                name="J",
                personas=["p"],
                stages=[jk.Stage(id="s", name="S", steps=[jk.Step(id="a", name="A", pain_points=[pain])])],
            ),
            jk.Journey(id="empty", name="Empty"),
        ],
    )
    path = jk.save(program, tmp_path / "p.json")
    result = run("personas", "coverage", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == [
        "personas in no journey: idle",
        "journeys with no persona: empty",
    ]
    out = tmp_path / "coverage.csv"
    assert run("personas", "coverage", path, "-o", out).returncode == 0
    import csv

    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["pain_points"] for row in rows] == [pain]
    assert [row["share"] for row in rows] == ["0.4"]


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["personas"], 2, "the following arguments are required: COMMAND"),
        (["personas", "coverage"], 2, "the following arguments are required: FILE"),
        (
            ["personas", "coverage", EXAMPLE, "-o", "coverage.txt"],
            2,
            "-o writes .csv, .md or .json, not '.txt'",
        ),
        (["personas", "coverage", "missing.yaml"], 1, "missing.yaml: cannot read the file"),
    ],
)
def test_personas_coverage_errors(tmp_path: Path, args: list[str], status: int, message: str) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == status
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    if status == 1:
        assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "coverage.txt").exists()


def test_personas_coverage_of_an_invalid_file_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: P\npersonas:\n  - {id: a, name: A, share: 0.7}\n  - {id: b, name: B, share: 0.6}\n")
    result = run("personas", "coverage", bad)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bad}:4: ")
    assert "sum to 1.3, more than 1" in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("by_use_case", [False, True])
def test_responsibilities_prints_the_matrix(by_use_case: bool) -> None:
    from journeykit.analysis import responsibilities_by_use_case

    program = jk.load(EXAMPLE)
    result = run("responsibilities", EXAMPLE, *(["--use-cases"] if by_use_case else []))
    assert result.returncode == 0, result.stderr
    table = responsibilities_by_use_case(program) if by_use_case else jk.responsibilities(program)
    assert result.stdout == f"{table}\n"


def test_export_and_import_mermaid_round_trip(tmp_path: Path) -> None:
    mmd = tmp_path / "deal.mmd"
    result = run("export", EXAMPLE, "--format", "mermaid", "--journey", "deal-registration-future", "-o", mmd)
    assert result.returncode == 0, result.stderr
    journey = jk.load(EXAMPLE).journey("deal-registration-future")
    assert mmd.read_text(encoding="utf-8") == jk.to_mermaid(journey)
    out = tmp_path / "deal.yaml"
    result = run("import-mermaid", mmd, "-o", out)
    assert result.returncode == 0, result.stderr
    back = jk.load(out).journeys[0]
    assert [s.id for s in back.steps] == [s.id for s in journey.steps]
    assert [s.emotion for s in back.steps] == [s.emotion for s in journey.steps]


def test_export_needs_a_journey_when_there_are_several() -> None:
    result = run("export", EXAMPLE, "--format", "mermaid")
    assert result.returncode == 2
    assert "--journey" in result.stderr
    flowchart = run("export", EXAMPLE, "--format", "mermaid-blueprint", "--journey", "onboarding-future")
    assert flowchart.stdout.startswith("flowchart TB\n")


def test_import_mermaid_reports_a_bad_score_with_its_line(tmp_path: Path) -> None:
    mmd = tmp_path / "bad.mmd"
    mmd.write_text("journey\n  title T\n  section S\n    Task: 9: me\n", encoding="utf-8")
    result = run("import-mermaid", mmd, "-o", tmp_path / "out.yaml")
    assert result.returncode == 1
    assert result.stderr.startswith(f"{mmd}:4: the score of task 'Task' must be a whole number from 0 to 5")
    assert not (tmp_path / "out.yaml").exists()


@pytest.mark.parametrize("suffix", [".dot", ".svg"])
def test_render_traceability(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"trace{suffix}"
    result = run("render", EXAMPLE, "--view", "traceability", "--journey", "onboarding-future", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000
    if suffix == ".dot":
        expected = jk.render.traceability(jk.load(EXAMPLE), journey="onboarding-future").source
        assert out.read_text(encoding="utf-8") == expected


def test_render_journey_map(tmp_path: Path) -> None:
    out = tmp_path / "map.svg"
    result = run("render", EXAMPLE, "--view", "journey-map", "--journey", "onboarding-current", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert run("render", EXAMPLE, "--view", "journey-map", "-o", out).returncode == 2


def test_render_matrix(tmp_path: Path) -> None:
    out = tmp_path / "matrix.png"
    result = run("render", EXAMPLE, "--view", "matrix", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("view", "options", "draw"),
    [
        ("journey-map", ["--journey", "onboarding-future"], lambda p: jk.render.journey_map(
            p.journey("onboarding-future"), program=p)),
        ("blueprint", ["--journey", "deal-registration-future"], lambda p: jk.render.blueprint(
            p.journey("deal-registration-future"), program=p)),
        ("persona", ["--persona", "marketing-manager"], lambda p: jk.render.persona_card(
            p.persona("marketing-manager"), program=p)),
        ("compare", ["--journey", "onboarding-future"], lambda p: jk.render.compare_view(
            p.journey("onboarding-current"), p.journey("onboarding-future"), program=p)),
        ("matrix", [], lambda p: jk.render.priority_matrix(p)),
    ],
)  # fmt: skip
def test_render_writes_what_the_python_view_saves(
    tmp_path: Path, view: str, options: list[str], draw: Callable[[jk.Program], object]
) -> None:
    out = tmp_path / f"{view}.svg"
    result = run("render", EXAMPLE, "--view", view, *options, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"wrote {out}\n"
    expected = jk.render.save(draw(jk.load(EXAMPLE)), tmp_path / "expected.svg")
    assert out.read_bytes() == expected.read_bytes()


@pytest.mark.parametrize(
    ("view", "text"), [("journey-map", jk.to_mermaid), ("blueprint", jk.render.blueprint_to_mermaid)]
)
def test_render_journey_views_as_mermaid(
    tmp_path: Path, view: str, text: Callable[[jk.Journey], str]
) -> None:
    out = tmp_path / "view.mmd"
    result = run("render", EXAMPLE, "--view", view, "--journey", "onboarding-future", "-o", out)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == text(jk.load(EXAMPLE).journey("onboarding-future"))


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["--view", "persona"], 2, "--persona (the personas are: sales-manager, marketing-manager"),
        (["--view", "persona", "--persona", "sales-manajer"], 1, "did you mean 'sales-manager'?"),
        (["--view", "compare", "--journey", "onboarding-current"], 2, "replaces a current one"),
        (["--view", "blueprint"], 2, "the blueprint view needs --journey"),
        (["--view", "blueprint", "--journey", "onboarding-futur"], 1, "onboarding-future"),
        (["--view", "matrix", "-o", "m.mmd"], 2, "only journey-map and blueprint are written as Mermaid"),
        (["--view", "matrix", "-o", "m.txt"], 1, "a figure is saved as .svg, .png or .pdf"),
    ],
)
def test_render_says_what_is_missing(tmp_path: Path, args: list[str], status: int, message: str) -> None:
    if "-o" not in args:
        args = [*args, "-o", "out.svg"]
    result = run("render", EXAMPLE, *args, cwd=tmp_path)
    assert result.returncode == status, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == []  # nothing half-written


def test_report_writes_one_self_contained_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("report", EXAMPLE_ES, "--title", "Portal de partners <2026>", "-o", out)
    assert result.returncode == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "<title>Portal de partners &lt;2026&gt;</title>" in page
    assert page.count("<svg") == 18
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*(https?:|//)|@import|url\(\s*["']?(https?:|//)""", page)


def _help_blocks() -> list[tuple[list[str], str]]:
    """Each ``$ journeykit ... --help`` in docs/cli.md with the text shown after it."""
    text = (Path(__file__).parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")
    found = re.findall(r"^\$ journeykit ((?:[\w-]+ )*)--help\n(.*?)(?=^\$ |^```)", text, flags=re.M | re.S)
    return [(command.split(), shown) for command, shown in found]


@pytest.mark.parametrize(
    ("command", "shown"), _help_blocks(), ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_the_help_the_docs_show_is_the_help_there_is(command: list[str], shown: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "journeykit", *command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert result.stdout.replace("python -m journeykit", "journeykit") == shown
