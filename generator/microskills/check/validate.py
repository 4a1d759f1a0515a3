"""Validate stage: check every entry against its kind's JSON Schema.

Valid entries, the vast majority, are confirmed by jsonschema-rs (compiled, ~50x faster than
python-jsonschema). Only an entry that fails is re-checked with python-jsonschema, whose errors
carry the schema fragment that failed, from which we write messages a newcomer understands.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from microskills.check.load import LoadResult
from microskills.core.text import did_you_mean, show
from microskills.model.problems import JsonPath, Problem
from microskills.model.raw import RawEntry
from microskills.registry.schemas import VALIDATED_SCHEMAS as _SCHEMAS
from microskills.registry.schemas import load_schemas

if TYPE_CHECKING:
    import jsonschema

# python-jsonschema (and its metaschema registry) is imported only when an entry fails and needs
# explaining: the valid majority, and `validate --changed` on a pull request, never pay for it.

#: Python-jsonschema only explains entries jsonschema-rs has already rejected, but it evaluates
#: every keyword, and two of them are super-linear on hostile input: `pattern` (Python's
#: backtracking regex engine: `^[^\n]*\S[^\n]*$` on 250,000 letters and a tab takes minutes)
#: and `uniqueItems` (compares unsortable items pairwise: a minute for 6,600 mappings). Both are
#: skipped on a value over its schema's `maxLength` / `maxItems`, which is reported instead, or,
#: where the schema sets no limit, over these.
UNBOUNDED_LENGTH = 10_000
UNBOUNDED_ITEMS = 1_000
#: A list of 10,000 wrong items needs one message per kind of mistake, not 10,000.
MAX_PROBLEMS_PER_FILE = 50

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of fields",
    "null": "empty",
}


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


@cache
def _draft_keywords() -> dict[str, Any]:
    import jsonschema

    return dict(jsonschema.Draft202012Validator.VALIDATORS)


def _bounded_pattern(
    validator: Any, pattern: str, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if isinstance(instance, str) and len(instance) > schema.get("maxLength", UNBOUNDED_LENGTH):
        return
    yield from _draft_keywords()["pattern"](validator, pattern, instance, schema)


def _bounded_unique(
    validator: Any, unique: bool, instance: Any, schema: dict[str, Any]
) -> Iterator[jsonschema.ValidationError]:
    if isinstance(instance, list) and len(instance) > schema.get("maxItems", UNBOUNDED_ITEMS):
        return
    yield from _draft_keywords()["uniqueItems"](validator, unique, instance, schema)


@dataclass(frozen=True)
class _Checkers:
    fast: dict[str, Any]

    @property
    def detailed(self) -> dict[str, jsonschema.protocols.Validator]:
        return _detailed()


@cache
def _checkers() -> _Checkers:
    schemas = load_schemas()
    rs_registry = jsonschema_rs.Registry([(s["$id"], s) for s in schemas.values()])
    fast = {kind: jsonschema_rs.validator_for(schemas[name], registry=rs_registry) for kind, name in _SCHEMAS.items()}
    return _Checkers(fast)


@cache
def _detailed() -> dict[str, jsonschema.protocols.Validator]:
    """python-jsonschema validators, whose errors carry the failing schema fragment."""
    import jsonschema
    import referencing
    from referencing.jsonschema import DRAFT202012

    schemas = load_schemas()
    explainer = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        jsonschema.Draft202012Validator, {"pattern": _bounded_pattern, "uniqueItems": _bounded_unique}
    )
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (s["$id"], DRAFT202012.create_resource(s)) for s in schemas.values()
    )
    return {kind: explainer(schemas[name], registry=registry) for kind, name in _SCHEMAS.items()}


def validate_data(kind: str, data: Any, file: str) -> list[Problem]:
    """Schema problems of one entry (`kind` is an entry kind or "categories")."""
    checkers = _checkers()
    if checkers.fast[kind].is_valid(data):
        return []
    # dict.fromkeys: one jsonschema error per missing property would otherwise repeat each one.
    found = list(dict.fromkeys(_explain(checkers.detailed[kind].iter_errors(data), file)))
    if not found:  # The two validators disagree: still report, never let an invalid entry through.
        found = [
            Problem(file, "schema.invalid", show(e.message, 200), tuple(e.instance_path))
            for e in checkers.fast[kind].iter_errors(data)
        ]
    found.sort(key=lambda p: (len(p.path), [(0, x, "") if isinstance(x, int) else (1, 0, x) for x in p.path]))
    if len(found) > MAX_PROBLEMS_PER_FILE:
        rest = len(found) - MAX_PROBLEMS_PER_FILE
        found = found[:MAX_PROBLEMS_PER_FILE]
        found.append(
            Problem(
                file,
                "schema.too-many-problems",
                f"{rest} more schema problem{'s' if rest != 1 else ''} in this file are not shown",
                hint="fix the problems above and validate again",
            )
        )
    return found


def validate(loaded: LoadResult) -> list[Problem]:
    """Schema problems for every loaded entry and the category list."""
    problems: list[Problem] = []
    entries: Iterable[RawEntry] = loaded.entries
    for entry in entries:
        problems.extend(validate_data(entry.kind, entry.data, entry.file))
    if loaded.categories is not None:
        problems.extend(validate_data("categories", loaded.categories.data, loaded.categories.file))
    if loaded.source_policy is not None:
        problems.extend(validate_data("source-policy", loaded.source_policy.data, loaded.source_policy.file))
    return problems


def _explain(errors: Iterable[jsonschema.ValidationError], file: str) -> Iterator[Problem]:
    for error in errors:
        yield from _explain_one(error, file)


def _field_hint(schema: dict[str, Any], name: str) -> str | None:
    prop = schema.get("properties", {}).get(name)
    if isinstance(prop, dict) and isinstance(prop.get("description"), str):
        return str(prop["description"])
    return None


def _explain_one(error: jsonschema.ValidationError, file: str) -> Iterator[Problem]:
    path: JsonPath = tuple(error.absolute_path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    validator = str(error.validator)
    expected: Any = error.validator_value
    instance = error.instance
    custom = schema.get("x-message")
    where = f"`{path[-1]}`" if path and isinstance(path[-1], str) else "this value" if path else "the file"

    if validator == "required" and isinstance(instance, dict):
        for name in expected:
            if name not in instance:
                yield Problem(
                    file, "schema.required", f"missing required field `{name}`", path, hint=_field_hint(schema, name)
                )
        return
    if validator == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        for name in instance:
            if name not in allowed:
                hint = did_you_mean(name, allowed) or f"allowed fields here: {', '.join(allowed)}"
                yield Problem(file, "schema.unknown-field", f"unknown field `{show(name)}`", (*path, name), hint=hint)
        return
    if validator == "type":
        names = [str(_TYPE_NAMES.get(t, t)) for t in (expected if isinstance(expected, list) else [expected])]
        yield Problem(
            file,
            "schema.type",
            f"{where} must be {' or '.join(names)}, not {_type_of(instance)}"
            + ("" if instance is None else f" ({show(instance)})"),
            path,
            hint="put quotes around text that YAML could read as a number, date or true/false"
            if "text" in names
            else "an entry is a mapping of fields, one `name: value` per line"
            if not path
            else None,
        )
        return
    if validator == "enum":
        choices = [str(c) for c in expected]
        yield Problem(
            file,
            "schema.enum",
            f"{where} is `{show(instance)}`, which is not one of: {', '.join(choices)}",
            path,
            hint=did_you_mean(instance, choices),
        )
        return
    if validator == "const":
        yield Problem(file, "schema.const", f"{where} must be `{show(expected)}`", path)
        return
    if validator == "pattern":
        rule = schema.get("description") or f"it must match the pattern {expected}"
        yield Problem(
            file, "schema.pattern", f"{where} `{show(instance)}` is not in the expected form", path, hint=str(rule)
        )
        return
    if validator in ("minLength", "maxLength") and isinstance(instance, str):
        size = "short" if validator == "minLength" else "long"
        bound = "at least" if validator == "minLength" else "at most"
        yield Problem(
            file,
            f"schema.{validator}",
            f"{where} is too {size}: {len(instance)} characters, {bound} {expected} allowed",
            path,
        )
        return
    if validator in ("minItems", "maxItems") and isinstance(instance, list):
        if validator == "minItems":
            message = f"{where} needs at least {expected} item(s); it has {len(instance)}"
        else:
            message = f"{where} has {len(instance)} items; at most {expected} are allowed"
        yield Problem(file, f"schema.{validator}", message, path)
        return
    if validator == "uniqueItems" and isinstance(instance, list):
        seen: dict[str, int] = {}
        for index, item in enumerate(instance):
            key = json.dumps(item, sort_keys=True, default=str)
            if key in seen:
                yield Problem(
                    file,
                    "schema.unique",
                    f"`{show(item)}` is listed twice (also item {seen[key] + 1})",
                    (*path, index),
                    hint="delete the repeated item",
                )
            else:
                seen[key] = index
        return
    if validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[validator]
        yield Problem(
            file,
            f"schema.{validator}",
            f"{where} is {show(instance)}; it must be {words} {expected}",
            path,
        )
        return
    if validator == "dependentRequired" and isinstance(instance, dict):
        for name, needs in expected.items():
            if name in instance:
                for other in needs:
                    if other not in instance:
                        yield Problem(
                            file,
                            "schema.required",
                            f"`{name}` needs `{other}` too",
                            path,
                            hint=_field_hint(schema, other),
                        )
        return
    if validator in ("anyOf", "oneOf") and error.context:
        # One branch of the right shape (say, the text form of "a URL or a mapping"): its own
        # errors say more than the composite's message.
        branches: dict[Any, list[jsonschema.ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)
        shaped = [
            errors
            for errors in branches.values()
            if not any(sub.validator == "type" and not sub.relative_path for sub in errors)
        ]
        if len(shaped) == 1:
            yield from _explain(shaped[0], file)
            return
        if not shaped:  # no branch has the value's shape: say which shapes would do
            expected = [sub.validator_value for subs in branches.values() for sub in subs if sub.validator == "type"]
            names = list(dict.fromkeys(str(_TYPE_NAMES.get(t, t)) for t in expected))
            yield Problem(
                file,
                "schema.type",
                f"{where} must be {' or '.join(names)}, not {_type_of(instance)} ({show(instance)})",
                path,
                hint=str(custom) if custom else None,
            )
            return
    if custom:
        yield Problem(file, f"schema.{validator}", str(custom), path)
        return
    if validator == "minProperties":
        yield Problem(file, "schema.empty", f"{where} must not be empty", path)
        return
    yield Problem(file, f"schema.{validator}", show(error.message, 200), path)
