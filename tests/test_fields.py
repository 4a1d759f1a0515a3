"""Fields are declared once, in the schemas; everything else reads them.

- Every field has a label and a description; every allowed value a label and a definition.
- Drift: what the model reads exists in the schema, every reference's reverse link exists on the
  target's model, and a schema field the model does not read can still be shown generically.
- Walk-throughs on a copy of the package: a field added to the schema alone reaches the entry
  page, the CSV, the JSON download and the field reference; `x-facet` alone makes it a filter;
  a new kind is a schema, a template and one registry line.
- One domain rule: `cost: {free: false}` reads the same on the page, in the filter, in the CSV
  and in the pathway totals.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from microskills.check.pipeline import check
from microskills.model import CostStatus, model_class, model_fields
from microskills.model import entities as model
from microskills.registry import fields, kinds
from microskills.site.assemble import render
from microskills.site.render import RenderOptions
from microskills.site.search import record

from tests.conftest import BASE, REPO, TODAY, TODAY_ARG, materialise

DOCUMENTED = [*kinds.names(), "categories"]


@pytest.mark.parametrize("kind", DOCUMENTED)
def test_every_field_has_a_label_and_a_description(kind: str) -> None:
    missing = [info.name for info in fields.fields(kind) if not info.description.strip() or not info.title.strip()]
    assert missing == [], f"{kind}: fields without title or description: {missing}"


@pytest.mark.parametrize("kind", DOCUMENTED)
def test_every_allowed_value_is_defined(kind: str) -> None:
    undefined = [f"{info.name}={v.value}" for info in fields.fields(kind) for v in info.enum if not v.definition]
    assert undefined == [], f"{kind}: values without x-enum label and definition: {undefined}"


def test_a_value_has_one_label_everywhere() -> None:
    labels: dict[str, set[str]] = {}
    for kind in kinds.names():
        for info in fields.fields(kind):
            for value in info.enum:
                labels.setdefault(value.value, set()).add(value.label)
    assert {v: ls for v, ls in labels.items() if len(ls) > 1} == {}


def _schema_names(kind: str) -> set[str]:
    return {info.name for info in fields.fields(kind)}


@pytest.mark.parametrize("kind", kinds.names())
def test_what_the_model_reads_is_in_the_schema(kind: str) -> None:
    cls = model_class(kind)
    names = _schema_names(kind)
    unknown = [f"{cls.__name__}.{name} reads `{path}`" for name, path in model_fields(cls) if path not in names]
    assert unknown == [], f"the schema does not declare: {unknown}"


def _nested_classes(kind: str) -> list[tuple[str, type]]:
    """(schema field, dataclass) for every model attribute built as a dataclass (Cost, ...)."""
    import typing

    found = []
    hints = typing.get_type_hints(model_class(kind))
    for attribute, path in model_fields(model_class(kind)):
        hint = hints[attribute]
        for arg in (hint, *typing.get_args(hint), *(a for h in typing.get_args(hint) for a in typing.get_args(h))):
            if isinstance(arg, type) and dataclasses.is_dataclass(arg) and not hasattr(arg, "from_data"):
                found.append((path, arg))
    return found


@pytest.mark.parametrize("kind", kinds.names())
def test_nested_model_classes_match_their_schema_objects(kind: str) -> None:
    """A sub-field in the schema but not in its dataclass (or the reverse) is drift: the builder
    would silently drop it, or read a field nobody can write."""
    problems = []
    for path, cls in _nested_classes(kind):
        info = fields.field_info(kind, path)
        prefix = info.path + (("*",) if info.is_list else ())
        in_schema = {i.path[-1] for i in fields.fields(kind) if i.path[:-1] == prefix}
        in_model = {f.name for f in dataclasses.fields(cls)}
        if in_schema != in_model:
            problems.append(
                f"{path}: schema has {sorted(in_schema - in_model)} that {cls.__name__} lacks; "
                f"{cls.__name__} has {sorted(in_model - in_schema)} that the schema lacks"
            )
    assert problems == []


@pytest.mark.parametrize("kind", kinds.names())
def test_fields_the_model_does_not_read_can_be_shown_generically(kind: str) -> None:
    known = model.model_sources(model_class(kind))
    objects = [
        info.name
        for info in fields.top_level(kind)
        if info.path[0] not in known and (info.is_object or (info.is_list and "object" in _item_types(info)))
    ]
    assert objects == [], f"{kind}: mappings need a model attribute and a template to be shown: {objects}"


def _item_types(info: fields.FieldInfo) -> tuple[str, ...]:
    items = info.schema.get("items", {})
    from microskills.registry.schemas import COMMON, load_schemas

    return fields.types_of(fields.resolve(items, load_schemas()[COMMON]["$defs"])) if isinstance(items, dict) else ()


def test_every_reverse_link_exists_on_the_target_model() -> None:
    missing = []
    for ref in fields.references():
        if ref.reverse is None:
            continue
        target = {f.name: f for f in dataclasses.fields(model_class(ref.target))}
        found = target.get(ref.reverse)
        if found is None or not found.metadata.get("computed"):
            missing.append(f"{ref.kind}.{ref.name} -> {ref.target}.{ref.reverse}")
    assert missing == []


def test_explore_filters_come_from_the_schemas(tmp_path: Path) -> None:
    result = check(BASE, today=TODAY)
    files = render(result.catalogue, RenderOptions(site_url="https://example.org/", today=TODAY))
    page = files["search/index.md"].decode()
    declared = json.loads(page.split('data-facets="', 1)[1].split('"', 1)[0].replace("&#34;", '"'))
    assert declared == fields.facet_names()
    explore = (REPO / "docs" / "assets" / "explore.js").read_text()
    assert "Credential type" not in explore, "no list of filters kept by hand in JavaScript"


# --- one rule for "what does it cost?" ----------------------------------------------------------------


def test_paid_without_a_price_reads_the_same_everywhere(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "c")
    path = root / "credentials" / "python-institute-pcep.yaml"
    data = yaml.safe_load(path.read_text())
    data["cost"] = {"free": False}
    data.get("unpublished", {}).pop("cost", None)
    if not data.get("unpublished"):
        data.pop("unpublished", None)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = check(root, today=TODAY)
    assert not result.failed(), result.problems
    catalogue = result.catalogue
    credential = catalogue.credentials["python-institute-pcep"]
    assert credential.cost_status is CostStatus.PAID_UNPRICED
    files = render(catalogue, RenderOptions(site_url="https://example.org/", today=TODAY))
    assert "<dt>Cost</dt><dd>Paid, price not published" in files["credentials/python-institute-pcep.md"].decode()
    assert record(credential, catalogue).filters["Cost"] == ["Paid, price not published"]
    rows = list(csv.DictReader(io.StringIO(files["data/credentials.csv"].decode("utf-8-sig"))))
    assert next(r for r in rows if r["id"] == "python-institute-pcep")["cost_status"] == "Paid, price not published"
    assert credential.sort_cost() is None  # so totals count it as "without a published price"


# --- walk-throughs on a copy of the package -----------------------------------------------------------


def _package_copy(tmp_path: Path) -> Path:
    """The generator package in a folder of its own, to edit as a maintainer would."""
    root = tmp_path / "src"
    shutil.copytree(
        REPO / "generator" / "microskills", root / "microskills", ignore=shutil.ignore_patterns("__pycache__")
    )
    return root


def _edit_schema(package: Path, name: str, edit: Any) -> None:
    path = package / "microskills" / "schemas" / name
    schema = json.loads(path.read_text())
    edit(schema)
    path.write_text(json.dumps(schema, indent=2))


def _build(package: Path, catalogue: Path, project: Path) -> subprocess.CompletedProcess[str]:
    from tests.conftest import make_project

    if not project.exists():
        make_project(project)
    return subprocess.run(
        [sys.executable, "-m", "microskills", "build", str(catalogue), "--no-site", "--strict", "--today", TODAY_ARG],
        cwd=project,
        env={"PYTHONPATH": str(package), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


LANGUAGE_FIELD = {
    "title": "Language of assessment",
    "description": "The languages the assessment can be taken in, as BCP 47 tags.",
    "type": "array",
    "items": {"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"},
    "uniqueItems": True,
    "x-format": "bcp-47",
}


def test_a_field_added_to_the_schema_alone_reaches_page_csv_json_and_reference(tmp_path: Path) -> None:
    package = _package_copy(tmp_path)
    add = {"language_of_assessment": LANGUAGE_FIELD}
    _edit_schema(package, "credential.schema.json", lambda s: s["properties"].update(add))
    catalogue = materialise(None, tmp_path / "catalogue")
    entry = catalogue / "credentials" / "python-institute-pcap.yaml"
    entry.write_text(entry.read_text() + "language_of_assessment: [en, pt-BR]\n", encoding="utf-8")
    proc = _build(package, catalogue, tmp_path / "project")
    assert proc.returncode == 0, proc.stderr
    docs = tmp_path / "project" / "build" / "docs"
    page = (docs / "credentials" / "python-institute-pcap.md").read_text()
    assert "<dt>Language of assessment</dt><dd>English, Portuguese (Brazil)</dd>" in page
    rows = list(csv.DictReader(io.StringIO((docs / "data" / "credentials.csv").read_text(encoding="utf-8-sig"))))
    assert next(r for r in rows if r["id"] == "python-institute-pcap")["language_of_assessment"] == "en;pt-BR"
    records = json.loads((docs / "data" / "credentials.json").read_text())["credentials"]
    assert next(r for r in records if r["id"] == "python-institute-pcap")["language_of_assessment"] == ["en", "pt-BR"]
    reference = (docs / "reference" / "credential.md").read_text()
    assert "<code>language_of_assessment</code> · Language of assessment" in reference
    # Compare shows it as a row of its own, worded as the page words it.
    compare = json.loads((docs / "data" / "compare" / "python-institute-pcap.json").read_text())
    assert compare["rows"]["language_of_assessment"]["parts"] == [["English, Portuguese (Brazil)", None]]
    assert "Language of assessment" in (docs / "compare" / "index.md").read_text()
    # ...and the lint rule of its format comes with it:
    entry.write_text(entry.read_text().replace("[en, pt-BR]", "[en, xx-YY]"), encoding="utf-8")
    proc = _build(package, catalogue, tmp_path / "project")
    assert proc.returncode == 1 and "[iso.language]" in proc.stderr


def test_a_filter_is_the_schema_plus_nothing_else(tmp_path: Path) -> None:
    package = _package_copy(tmp_path)
    with_facet = {**LANGUAGE_FIELD, "x-facet": {"name": "Assessment language", "order": 9}}
    _edit_schema(package, "credential.schema.json", lambda s: s["properties"].update(language_of_assessment=with_facet))
    script = (
        "from pathlib import Path; import json, datetime as dt;"
        "from microskills.check.pipeline import check; from microskills.site.search import record;"
        "from microskills.registry import fields;"
        "c = check(Path('catalogue'), today=dt.date(2026, 12, 1)).catalogue;"
        "r = record(c.credentials['python-institute-pcap'], c);"
        "print(json.dumps([r.filters.get('Assessment language'), fields.facet_names()]))"
    )
    catalogue = materialise(None, tmp_path / "catalogue")
    entry = catalogue / "credentials" / "python-institute-pcap.yaml"
    entry.write_text(entry.read_text() + "language_of_assessment: [en]\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env={"PYTHONPATH": str(package)},
                          capture_output=True, text=True, check=False, timeout=120)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    values, names = json.loads(proc.stdout)
    assert values == ["English"]
    assert "Assessment language" in names


OCCUPATION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://microskills-catalogue.github.io/schemas/occupation.schema.json",
    "title": "Occupation",
    "description": "A job role.",
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "description", "skills", "sources", "last_verified"],
    "properties": {
        "id": {"$ref": "common.schema.json#/$defs/id", "title": "Id", "description": "The file name."},
        "name": {"$ref": "common.schema.json#/$defs/line", "title": "Name", "description": "The role's name."},
        "description": {"$ref": "common.schema.json#/$defs/text", "title": "Description", "description": "What it is."},
        "skills": {
            "title": "Skills",
            "description": "Skills the role uses.",
            "allOf": [{"$ref": "common.schema.json#/$defs/refs"}, {"minItems": 1}],
            "x-ref": "skill",
            "x-reverse": "occupations",
        },
        "tags": {"$ref": "common.schema.json#/$defs/tags", "title": "Tags", "description": "Keywords."},
        "same_as": {"$ref": "common.schema.json#/$defs/same_as", "title": "Same as", "description": "Elsewhere."},
        "sources": {"$ref": "common.schema.json#/$defs/sources", "title": "Sources", "description": "Evidence."},
        "last_verified": {"$ref": "common.schema.json#/$defs/date", "title": "Verified", "description": "When."},
    },
}
OCCUPATION_TEMPLATE = """{% import "_macros.j2" as m with context %}
{% call m.head(entry, "Occupation") %}{% endcall %}

{{ m.description(entry) }}

## Skills

{{ m.entry_list(entry.raw.skills, catalogue.skills) }}

{{ m.tail(entry) }}
"""


def test_a_new_kind_is_a_schema_a_template_and_one_registry_line(tmp_path: Path) -> None:
    package = _package_copy(tmp_path)
    (package / "microskills" / "schemas" / "occupation.schema.json").write_text(json.dumps(OCCUPATION_SCHEMA))
    (package / "microskills" / "site" / "templates" / "occupation.md.j2").write_text(OCCUPATION_TEMPLATE)
    registry = package / "microskills" / "registry" / "kinds.py"
    text = registry.read_text()
    line = '    KindSpec("occupation", "occupations", "Occupation", "Occupations", jsonld_type="Occupation"),\n'
    registry.write_text(text.replace(")  # fmt: skip\n", line + ")  # fmt: skip\n", 1))
    catalogue = materialise(None, tmp_path / "catalogue")
    (catalogue / "occupations").mkdir()
    (catalogue / "occupations" / "data-analyst.yaml").write_text(
        "id: data-analyst\nname: Data analyst\ndescription: Turns data into decisions.\n"
        "skills: [sql-select-queries, tableau-dashboards]\nsources: [https://esco.ec.europa.eu/]\n"
        f"last_verified: {TODAY_ARG}\n",
        encoding="utf-8",
    )
    proc = _build(package, catalogue, tmp_path / "project")
    assert proc.returncode == 0, proc.stderr
    docs = tmp_path / "project" / "build" / "docs"
    page = (docs / "occupations" / "data-analyst.md").read_text()
    assert 'href="../../skills/sql-select-queries/"' in page
    assert "data-analyst" in (docs / "occupations" / "index.md").read_text()
    assert json.loads((docs / "data" / "occupations.json").read_text())["occupations"][0]["id"] == "data-analyst"
    assert (docs / "data" / "occupations.csv").read_text(encoding="utf-8-sig").startswith("id,name,")
    assert "Occupation" in (docs / "reference" / "occupation.md").read_text()
    assert "Occupations: occupations/index.md" in (tmp_path / "project" / "build" / "mkdocs.yml").read_text()
    # It is counted, described in JSON-LD, and linked back from the skills it names.
    assert '"@type":"Occupation"' in page
    downloads = (docs / "downloads" / "index.md").read_text()
    assert "(1)" in downloads and "(23 entries)" in downloads
    skill_page = (docs / "skills" / "sql-select-queries.md").read_text()
    assert "## Occupations" in skill_page and 'href="../../occupations/data-analyst/"' in skill_page
    # References of the new kind are checked like any other.
    occupation = catalogue / "occupations" / "data-analyst.yaml"
    occupation.write_text(occupation.read_text().replace("tableau-dashboards", "tablaeu-dashboards"))
    proc = _build(package, catalogue, tmp_path / "project")
    assert proc.returncode == 1 and "[ref.unknown]" in proc.stderr and "tableau-dashboards" in proc.stderr


def test_proctoring_is_a_filter_read_as_yes_or_no() -> None:
    """Issue 23: "is the exam proctored?" could be neither filtered nor seen. A yes/no field with
    `x-facet` becomes a filter worded Yes / No / Not stated, with no code of its own."""
    from microskills.site.search import records

    result = check(BASE, today=TODAY)
    assert result.catalogue is not None
    proctored = {r.url.rstrip("/").rsplit("/", 1)[-1]: r.filters.get("Proctored") for r in records(result.catalogue)}
    assert proctored["python-institute-pcap"] == ["Yes"]
    assert proctored["google-data-analytics-professional-certificate"] == ["No"]
    assert "Proctored" in fields.facet_names()


@pytest.mark.parametrize(
    ("hours", "minutes", "workload", "exam_length"),
    [
        (6, 45, "0–9 hours", "1–60 minutes"),
        (10, 60, "10–39 hours", "1–60 minutes"),
        (39.5, 61, "10–39 hours", "61–120 minutes"),
        (120, 180, "120 hours or more", "121–180 minutes"),
        (None, 240, "Not stated", "181 minutes or more"),
    ],
)
def test_workload_and_exam_length_are_filters_in_bands(
    hours: float | None, minutes: int, workload: str, exam_length: str
) -> None:
    """Issue 23: "free cybersecurity credentials under 20 hours" needs an hours filter; a
    certification's exam length is what its readers compare. Both are bands in the address."""
    from microskills.model.values import Exam
    from microskills.site.search import record

    result = check(BASE, today=TODAY)
    assert result.catalogue is not None
    credential = result.catalogue.credentials["python-institute-pcap"]
    credential.hours = hours
    credential.exam = Exam(minutes=minutes)
    filters = record(credential, result.catalogue).filters
    assert (filters["Workload"], filters["Exam length"]) == ([workload], [exam_length])


@pytest.mark.parametrize(
    ("cost", "weeks", "price"),
    [
        ({"amount": 49, "currency": "USD"}, None, ["USD 0–99"]),
        ({"amount": 49, "currency": "USD", "billing": "per-month"}, 26, ["USD 100–299"]),  # 6 payments: 294
        ({"amount": 49, "currency": "USD", "billing": "per-month"}, 52, ["USD 300–999"]),  # 12 payments: 588
        ({"amount": 999, "currency": "EUR"}, None, ["EUR 300–999"]),
        ({"amount": 1000, "currency": "GBP"}, None, ["GBP 1000 or more"]),
        ({"free": True}, None, ["Free"]),
        ({"free": False}, None, ["Not stated"]),
    ],
)
def test_price_is_a_filter_in_bands_of_its_own_currency(
    cost: dict[str, Any], weeks: int | None, price: list[str]
) -> None:
    """Issue 23 asks for price ranges in Explore. A subscription is banded by what it adds up to
    over its published duration, and prices are never converted between currencies."""
    from microskills.model.values import Cost
    from microskills.site.search import record

    result = check(BASE, today=TODAY)
    assert result.catalogue is not None
    credential = result.catalogue.credentials["python-institute-pcap"]
    credential.cost = Cost(**cost)
    credential.duration_weeks = weeks
    assert record(credential, result.catalogue).filters["Price"] == price
