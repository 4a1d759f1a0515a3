"""The data package describing the downloads: `frictionless validate` on the real files, and field
lists that follow the CSV columns and the JSON records as they are, so neither can drift."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import frictionless
from microskills.exports import datapackage
from microskills.exports.tables import csv_columns
from microskills.registry.kinds import KINDS

from tests.test_exports import rendered as rendered_site


def written(tmp_path: Path) -> tuple[dict[str, bytes], Path]:
    files = rendered_site()
    for name, body in files.items():
        if name.startswith("data/"):
            target = tmp_path / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
    return files, tmp_path / datapackage.PACKAGE


def test_frictionless_validates_the_package_against_the_files(tmp_path: Path) -> None:
    _, package = written(tmp_path)
    report = frictionless.validate(str(package))
    problems = [(task.name, error.type, error.note) for task in report.tasks for error in task.errors]
    assert report.valid, problems[:10] or report.errors
    assert {task.name for task in report.tasks} >= {"skills-csv", "credentials-json", "ctdl-json"}


def test_validation_can_fail(tmp_path: Path) -> None:
    _, package = written(tmp_path)
    original = package.read_text()
    assert frictionless.validate(str(package)).valid
    descriptor = json.loads(original)
    credentials = next(r for r in descriptor["resources"] if r["name"] == "credentials-csv")
    hours = next(f for f in credentials["schema"]["fields"] if f["name"] == "workload_hours")
    assert hours["type"] == "number"
    hours["type"] = "date"
    package.write_text(json.dumps(descriptor))
    assert not frictionless.validate(str(package)).valid
    package.write_text(original)
    (tmp_path / "data" / "feed.xml").write_bytes(b"changed")
    assert not frictionless.validate(str(package)).valid


def test_fields_follow_the_csv_columns_and_the_json_records(tmp_path: Path) -> None:
    files, package = written(tmp_path)
    descriptor = json.loads(package.read_text())
    resources = {r["name"]: r for r in descriptor["resources"]}
    for kind_spec in KINDS:
        kind = kind_spec.folder
        columns = [column.name for column in csv_columns(kind_spec.name)]
        fields = [f["name"] for f in resources[f"{kind}-csv"]["schema"]["fields"]]
        header = next(csv.reader(io.StringIO(files[f"data/{kind}.csv"].decode("utf-8-sig"))))
        assert fields == columns == header
        declared = {f["name"] for f in resources[f"{kind}-json"]["schema"]["fields"]}
        records = json.loads(files[f"data/{kind}.json"])[kind]
        used = {key for record in records for key in record}
        assert used <= declared, f"{kind}.json has fields the package does not describe: {used - declared}"
    types = {f["name"]: f["type"] for f in resources["credentials-csv"]["schema"]["fields"]}
    assert (types["cost_free"], types["level_eqf"], types["last_verified"], types["type"]) == (
        "boolean",
        "integer",
        "date",
        "string",
    )


def test_every_download_is_described_with_format_standard_licence_and_size(tmp_path: Path) -> None:
    files, package = written(tmp_path)
    descriptor = json.loads(package.read_text())
    assert descriptor["licenses"] == [datapackage.LICENCE]
    for resource in descriptor["resources"]:
        body = files["data/" + resource["path"]]
        assert resource.get("bytes", len(body)) == len(body) and resource["standard"]["title"]
        assert resource["mediatype"] and resource["format"]
    page = files["downloads/index.md"].decode()
    for download in datapackage.downloads(files):
        assert f'href="../{download.path}"' in page
        size = download.size / 1e6 if download.size >= 1e6 else download.size / 1000
        unit = "MB" if download.size >= 1e6 else "kB"
        assert any(f"{figure} {unit}" in page for figure in (f"{round(size, 1):,.1f}", f"{round(size, 1):,.0f}"))
