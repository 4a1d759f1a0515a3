"""Property-based tests: generated entries and mutated files never break the pipeline.

1. Any entry valid against its kind's JSON Schema (for both jsonschema-rs and python-jsonschema)
   survives a round trip through YAML and the safe loader, links, lints and renders, and the
   rendered page carries no contributed element, event handler or script URL.
2. Random mutations of valid entry files (bytes, YAML syntax, values of random type) end in
   problems that name their file, never in an uncaught exception; when no error remains, the
   catalogue renders.

Leaf values (strings with their patterns, enums, numbers, lists of them) come from
hypothesis-jsonschema. Objects are assembled here: hypothesis-jsonschema 0.23.1, the latest
release, generates objects with a Hypothesis internal (`many.more()`) that current Hypothesis
no longer has, so `from_schema` fails on any schema with `properties`.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from microskills import exports
from microskills.check.link import link
from microskills.check.lint import LintOptions, lint
from microskills.check.load import LoadResult, load_catalogue
from microskills.check.pipeline import check
from microskills.check.safeyaml import parse_yaml
from microskills.check.validate import validate, validate_data
from microskills.core.urls import INVALID
from microskills.model import Kind
from microskills.model.raw import RawEntry
from microskills.registry.fields import references
from microskills.registry.kinds import KIND_FOLDER
from microskills.registry.schemas import load_schemas
from microskills.site.assemble import render, renderer
from microskills.site.render import RenderOptions

from tests.conftest import BASE, TODAY

#: Examples per property; raise it to hunt for bugs (`MICROSKILLS_EXAMPLES=1000 pytest tests/test_properties.py`).
EXAMPLES = int(os.environ.get("MICROSKILLS_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
KINDS: tuple[Kind, ...] = ("skill", "credential", "provider", "pathway")
NEW_ID = "generated-entry"

# --- the base catalogue, loaded once -----------------------------------------------------------

_BASE: LoadResult = load_catalogue(BASE)
SCHEMAS = load_schemas()
_IDS: dict[str, list[str]] = {kind: sorted(e.id for e in _BASE.entries if e.kind == kind) for kind in KINDS}
assert _BASE.categories is not None
_CATEGORY_IDS = sorted(c["id"] for c in _BASE.categories.data["categories"])

# --- schema -> strategy -------------------------------------------------------------------------


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every `$ref` into common.schema.json replaced by its target."""
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = _inline(copy.deepcopy(defs[node["$ref"].rsplit("/", 1)[-1]]), defs)
        rest = {k: v for k, v in node.items() if k != "$ref"}
        return {**target, **_inline(rest, defs)} if rest else target
    return {k: _inline(v, defs) for k, v in node.items() if k not in ("$id", "$schema", "x-message")}


def _merge_all_of(schema: dict[str, Any]) -> dict[str, Any]:
    merged = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema.get("allOf", []):
        merged.update(_merge_all_of(part))
    return merged


def generation_schema(kind: str) -> dict[str, Any]:
    """The kind's schema, with references narrowed to ids that exist in the base catalogue.

    A schema-valid entry may name ids that do not exist; that is the link stage's business and
    is tested elsewhere. Here every reference resolves, so the entry can be rendered.
    """
    schemas = load_schemas()
    schema = _inline(copy.deepcopy(schemas[f"{kind}.schema.json"]), schemas["common.schema.json"]["$defs"])
    # The one table of references says which fields hold ids of which kind.
    known = {**_IDS, "category": _CATEGORY_IDS}
    refs: dict[tuple[str, ...], list[str]] = {
        tuple(part for part in ref.path if part != "*"): known[ref.target] for ref in references() if ref.kind == kind
    }
    if kind != "categories":
        schema["properties"]["id"] = {"const": NEW_ID}
    for path, ids in refs.items():
        _narrow(schema, path, ids)
    return schema


def _narrow(schema: dict[str, Any], path: tuple[str, ...], ids: list[str]) -> None:
    node = schema
    for part in path:
        node = _merge_all_of(node)
        while node.get("type") == "array":
            node = node["items"]
        props = node.get("properties", {})
        if part not in props:
            return
        node = props[part]
    target = _merge_all_of(node)
    if target.get("type") == "array":
        target["items"] = {"enum": ids}
        target["maxItems"] = min(target.get("maxItems", len(ids)), len(ids))
        node.clear()
        node.update(target)
    else:
        node.clear()
        node["enum"] = ids


def _is_object(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "object" or "properties" in schema


def _assembled_here(schema: dict[str, Any]) -> bool:
    """Objects, and choices between shapes (a URL or a mapping), are built by this module."""
    return _is_object(schema) or "anyOf" in schema


def strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    schema = _merge_all_of(schema)
    if _is_object(schema):
        return _objects(schema)
    if "anyOf" in schema:
        rest = {k: v for k, v in schema.items() if k != "anyOf"}
        return st.one_of([strategy({**rest, **branch}) for branch in schema["anyOf"]])
    if schema.get("type") == "array" and _assembled_here(_merge_all_of(schema.get("items", {}))):
        return st.lists(
            strategy(schema["items"]),
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 3), 3),
            unique_by=(lambda item: json.dumps(item, sort_keys=True)) if schema.get("uniqueItems") else None,
        )
    return from_schema(schema)


def _objects(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props: dict[str, Any] = schema.get("properties", {})
    assert schema.get("additionalProperties") is False, "catalogue objects never allow other fields"
    values = {name: strategy(sub) for name, sub in props.items()}
    condition = schema.get("if")
    condition_check = jsonschema.Draft202012Validator(condition) if condition else None

    @st.composite
    def build(draw: Callable[..., Any]) -> dict[str, Any]:
        required = set(schema.get("required", []))
        if "anyOf" in schema:
            required |= set(draw(st.sampled_from([branch["required"] for branch in schema["anyOf"]])))
        optional = sorted(set(props) - required)
        if schema.get("maxProperties") == 1:
            keys = {draw(st.sampled_from(sorted(props)))}
        else:
            low = max(0, schema.get("minProperties", 0) - len(required))
            keys = (
                required | set(draw(st.lists(st.sampled_from(optional), min_size=low, unique=True)))
                if optional
                else required
            )
        for name, needs in schema.get("dependentRequired", {}).items():
            if name in keys:
                keys |= set(needs)
        out = {name: draw(values[name]) for name in sorted(keys)}
        if condition_check is not None:
            if condition_check.is_valid(out):
                for name in schema.get("then", {}).get("required", []):
                    out.setdefault(name, draw(values[name]))
            else:
                for name in schema.get("else", {}).get("not", {}).get("required", []):
                    out.pop(name, None)
        return out

    return build()


_VALID = {kind: jsonschema.Draft202012Validator(generation_schema(kind)) for kind in (*KINDS, "categories")}


def _schema_valid(kind: str, data: dict[str, Any]) -> bool:
    """Valid for both validators. They differ in one place: JSON Schema regexes follow ECMA-262,
    where `\\s` also matches U+FEFF; jsonschema-rs does, Python's `re` does not. jsonschema-rs
    decides, so `https://\\ufeff` is rejected (with its own message)."""
    return bool(_VALID[kind].is_valid(data)) and not validate_data(kind, data, "new.yaml")


def entries(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    return strategy(generation_schema(kind)).filter(lambda data: _schema_valid(kind, data))


# --- what a rendered page may contain ------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


TEMPLATE_TAGS = {
    "a", "br", "caption", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "header", "li", "ol", "p",
    "script", "span", "strong", "table", "tbody", "td", "th", "thead", "time", "tr", "ul", "blockquote", "pre",
    "abbr", "details", "summary", "nav", "section", "figure", "figcaption", "small", "svg", "path", "meter",
}  # fmt: skip


def assert_page_is_inert(page: bytes) -> None:
    parser = _Tags()
    parser.feed(page.decode("utf-8"))
    for tag, attrs in parser.found:
        assert tag in TEMPLATE_TAGS, f"unexpected element <{tag}> in {page[:200]!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            if name in ("href", "src", "action", "formaction"):
                scheme = (value or "").strip().split(":", 1)[0].lower() if ":" in (value or "") else ""
                # `about:invalid`: what the one URL filter writes for an address it will not link to.
                assert scheme in ("", "http", "https") or value == INVALID, f"{name}={value!r} on <{tag}>"
        if tag == "script":
            assert ("type", "application/ld+json") in attrs or any(n == "src" for n, _ in attrs), attrs


# --- 1. schema-valid entries -------------------------------------------------------------------


class _QuotingDumper(yaml.SafeDumper):
    """Writes every string double-quoted: PyYAML's plain style follows YAML 1.1, so it would
    leave `1e5` unquoted, which the loader (YAML 1.2 core schema) rightly reads as a number."""


_QuotingDumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


def _catalogue_with(kind: Kind, data: dict[str, Any]) -> tuple[Any, list[Any]]:
    loaded = LoadResult(
        entries=[
            *(e for e in _BASE.entries if not (e.kind == kind and e.id == NEW_ID)),
            RawEntry(kind, NEW_ID, "new.yaml", data),
        ],
        categories=_BASE.categories,
    )
    schema_problems = validate(loaded)
    catalogue, link_problems = link(loaded, schema_problems)
    return catalogue, [*schema_problems, *link_problems, *lint(catalogue, LintOptions(today=TODAY))]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_valid_entries_validate_round_trip_and_render(kind: Kind) -> None:
    @SETTINGS
    @given(entries(kind))
    def run(data: dict[str, Any]) -> None:
        text = yaml.dump(data, Dumper=_QuotingDumper, allow_unicode=True, sort_keys=False, width=10_000)
        assert parse_yaml(text) == data, "the safe loader reads back what YAML wrote"
        catalogue, problems = _catalogue_with(kind, data)
        assert not [p for p in problems if p.rule.startswith("schema.")], problems
        entry = catalogue.of_kind(kind).get(NEW_ID)
        assert entry is not None, problems
        # Only what the example changes: its own page and the downloads that carry it (the
        # section pages are rendered from hostile data by tests/test_hostile.py).
        site = renderer(catalogue, RenderOptions(site_url="https://site.invalid/", today=TODAY))
        assert_page_is_inert(site.entry_page(entry))
        files = exports.data_files(catalogue, "https://site.invalid/", SCHEMAS, TODAY.isoformat())
        for path in ("data/catalogue.json", f"data/{KIND_FOLDER[kind]}.json"):
            json.loads(files[path])

    run()


def test_schema_valid_categories_round_trip() -> None:
    @SETTINGS
    @given(entries("categories"))
    def run(data: dict[str, Any]) -> None:
        text = yaml.dump(data, Dumper=_QuotingDumper, allow_unicode=True, sort_keys=False, width=10_000)
        assert parse_yaml(text) == data

    run()


# --- 2. mutations of valid files -----------------------------------------------------------------

_FILES = sorted(p.relative_to(BASE).as_posix() for p in BASE.rglob("*.yaml"))
_SNIPPETS = [
    b"\x00", b"\t", b"\xff\xfe", b"\xe9", b"\xef\xbb\xbf", b"&a ", b"*a", b"<<: ", b"!!python/object:os.system ",
    b"!x ", b"%TAG ! tag:x:\n---\n", b"---\n", b"...\n", b"? ", b": ", b"- ", b"[", b"]", b"{", b"}", b'"', b"'",
    b"|", b">", b"#", b"\n", b"\r\n", b"  ", b"\xe2\x80\xae", b"\xe2\x80\x8b", b"1e400", b"null", b"~", b"yes",
    b"<script>alert(1)</script>", b"javascript:alert(1)", b"[x](javascript:alert(1))", b"![i](https://x.invalid/i)",
    b"../", b"id: other\n", b"id: google\n",
]  # fmt: skip

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def byte_mutations(draw: Callable[..., Any]) -> tuple[str, bytes]:
    relative = draw(st.sampled_from(_FILES))
    data = bytearray((BASE / relative).read_bytes())
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 20))
        insert = draw(st.sampled_from(_SNIPPETS) | st.binary(max_size=8))
        data[at : at + cut] = insert
    return relative, bytes(data)


def _set_random(data: Any, draw: Callable[..., Any]) -> Any:
    """Replace, delete or add one value somewhere in `data` (a parsed entry)."""
    if not isinstance(data, (dict, list)) or not data or draw(st.integers(0, 3)) == 0:
        return draw(_json)
    if isinstance(data, dict):
        key = draw(st.sampled_from(sorted(data)))
        action = draw(st.sampled_from(["descend", "delete", "add"]))
        if action == "delete":
            return {k: v for k, v in data.items() if k != key}
        if action == "add":
            return {**data, draw(st.text(min_size=1, max_size=12)): draw(_json)}
        return {**data, key: _set_random(data[key], draw)}
    index = draw(st.integers(0, len(data) - 1))
    return [*data[:index], _set_random(data[index], draw), *data[index + 1 :]]


@st.composite
def value_mutations(draw: Callable[..., Any]) -> tuple[str, bytes]:
    relative = draw(st.sampled_from(_FILES))
    data = parse_yaml((BASE / relative).read_text(encoding="utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        data = _set_random(data, draw)
    return relative, yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One copy of the base catalogue for the whole module (Hypothesis reruns a test many times)."""
    folder = Path(tempfile.mkdtemp(prefix="microskills-mutations-"))
    shutil.copytree(BASE, folder / "catalogue")
    yield folder / "catalogue"
    shutil.rmtree(folder, ignore_errors=True)


def _check_mutated(root: Path, relative: str, content: bytes) -> None:
    target = root / relative
    original = (BASE / relative).read_bytes()
    target.write_bytes(content)
    try:
        result = check(root, today=TODAY, jobs=1)
        for problem in result.problems:
            assert problem.file and problem.message and problem.rule, problem
            assert problem.line is None or problem.line >= 1, problem
        if not result.failed():
            render(result.catalogue, RenderOptions(site_url="https://site.invalid/", today=TODAY))
    finally:
        target.write_bytes(original)


@pytest.mark.parametrize("mutations", [byte_mutations, value_mutations], ids=["bytes", "values"])
def test_mutated_files_never_raise(
    scratch: Path, mutations: Callable[[], st.SearchStrategy[tuple[str, bytes]]]
) -> None:
    @settings(SETTINGS, max_examples=EXAMPLES * 2)
    @given(mutations())
    def run(mutation: tuple[str, bytes]) -> None:
        _check_mutated(scratch, *mutation)

    run()
