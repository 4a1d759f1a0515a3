"""The rule registry and the code agree: every rule the code can emit is registered (with its
severity, meaning and fix), every registered rule is emitted somewhere, and the contributor
guide's table is the registry's."""

from __future__ import annotations

import ast

from microskills.registry import rules
from microskills.site.sections.reference import expand_markers

from tests.conftest import REPO

#: Calls that report a problem, and the position of their rule argument.
_EMITTERS = {"Problem": 1, "problem": 1, "add": 1, "ParseError": 0, "_CodeCheck": 0}


def emitted() -> dict[str, list[str]]:
    """Rule ids (or `family.*` for f-strings such as f"schema.{keyword}") by where they are emitted."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            position = _EMITTERS.get(str(name))
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            rule = None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                rule = arg.value
            elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
                prefix = str(arg.values[0].value)
                rule = prefix.split(".", 1)[0] + ".*" if prefix.endswith(".") else None
            if rule is not None and _looks_like_rule(rule):
                found.setdefault(rule, []).append(f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def _looks_like_rule(text: str) -> bool:
    return bool(text) and text.replace(".", "").replace("-", "").replace("*", "").isalnum() and text.islower()


def test_every_emitted_rule_is_registered() -> None:
    unregistered = {rule: where for rule, where in emitted().items() if rules.lookup(rule) is None}
    assert unregistered == {}, "add these to generator/microskills/registry/rules.py with severity, meaning and fix"


def test_every_registered_rule_is_emitted() -> None:
    found = emitted()
    families = {rule.split(".", 1)[0] for rule in found if rule.endswith(".*")}
    unused = [
        rule.id
        for rule in rules.RULES
        if rule.id not in found and not (rule.family and rule.id.split(".", 1)[0] in families)
    ]
    assert unused == [], "registered rules that nothing emits"


def test_the_scan_finds_rules_in_every_stage() -> None:
    """The scan really reads the code: rules of each stage are found (so the two tests above can fail)."""
    found = emitted()
    for rule in ("yaml.alias", "file.symlink", "schema.*", "ref.unknown", "stale", "iso.country", "text.html"):
        assert rule in found, rule


def test_every_rule_says_what_it_means_and_what_to_do() -> None:
    for rule in rules.RULES:
        assert rule.meaning and rule.fix and rule.severity, rule.id
    assert len({rule.id for rule in rules.RULES}) == len(rules.RULES)


def test_the_contributor_guide_shows_the_registry() -> None:
    guide = (REPO / "docs" / "contributing.md").read_bytes()
    assert b"<!-- generated: rule table -->" in guide
    expanded = expand_markers(guide).decode()
    for rule in rules.RULES:
        assert f"<code>{rule.id}</code>" in expanded, rule.id
