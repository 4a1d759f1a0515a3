"""Read the JSON Schemas as documentation: field order, required fields, help text, sub-schemas.

`microskills fmt` puts keys in the order the schema lists them and `microskills new` writes the
fields a kind needs with their descriptions, so both follow the schema instead of a second copy
of it. References (`$ref`, also into common.schema.json), `allOf` and the object branch of an
`anyOf`/`oneOf` are followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from microskills.registry.schemas import KIND_SCHEMAS, load_schemas

Schema = dict[str, Any]


@dataclass(frozen=True)
class Node:
    """A schema fragment and the file its local references (`#/...`) resolve in."""

    schema: Schema
    file: str

    def resolve(self) -> Node:
        """Follow `$ref` chains (the fragment's own keywords beside `$ref` are kept too)."""
        node = self
        for _ in range(20):
            ref = node.schema.get("$ref")
            if not isinstance(ref, str):
                return node
            file, _, pointer = ref.partition("#")
            target_file = file or node.file
            target: Any = load_schemas()[target_file]
            for part in [p for p in pointer.split("/") if p]:
                target = target[part]
            merged = {**target, **{k: v for k, v in node.schema.items() if k != "$ref"}}
            if "$ref" not in target:
                merged.pop("$ref", None)
            else:
                merged["$ref"] = target["$ref"]
            node = Node(merged, target_file)
        return node

    def parts(self) -> list[Node]:
        """This fragment and the ones it is combined from (allOf, and anyOf/oneOf branches)."""
        node = self.resolve()
        out = [node]
        for keyword in ("allOf", "anyOf", "oneOf"):
            for sub in node.schema.get(keyword, []):
                out.extend(Node(sub, node.file).parts())
        return out

    def properties(self) -> dict[str, Node]:
        """Every property this fragment can have, in schema order."""
        found: dict[str, Node] = {}
        for part in self.parts():
            for key, sub in part.schema.get("properties", {}).items():
                found.setdefault(key, Node(sub, part.file))
        return found

    def required(self) -> list[str]:
        required: list[str] = []
        for part in self.parts():
            if part.schema.get("type") == "object" or "properties" in part.schema:
                required += [k for k in part.schema.get("required", []) if k not in required]
        return required

    def items(self) -> Node | None:
        for part in self.parts():
            if isinstance(part.schema.get("items"), dict):
                return Node(part.schema["items"], part.file)
        return None

    def get(self, keyword: str) -> Any:
        for part in self.parts():
            if keyword in part.schema:
                return part.schema[keyword]
        return None

    @property
    def types(self) -> set[str]:
        found: set[str] = set()
        for part in self.parts():
            kind = part.schema.get("type")
            if isinstance(kind, str):
                found.add(kind)
            elif isinstance(kind, list):
                found.update(kind)
            if "properties" in part.schema:
                found.add("object")
            if "enum" in part.schema:
                found.update({"string"} if all(isinstance(v, str) for v in part.schema["enum"]) else set())
        return found

    def description(self) -> str | None:
        """The field's own help text first, then that of the definition it refers to."""
        text = self.schema.get("description")
        if isinstance(text, str):
            return text
        value = self.get("description")
        return value if isinstance(value, str) else None


def kind_schema(kind: str) -> Node:
    """The root schema of a kind ("skill", ..., or "categories")."""
    name = KIND_SCHEMAS[kind]
    return Node(load_schemas()[name], name)
