"""Entries called con, aux, nul, prn, com1 and lpt1, a category called `nul`, and other files whose
names Windows cannot create. Made at test time: files with these names in git would make this
repository impossible to check out on Windows."""

from pathlib import Path


def make(root: Path) -> None:
    source = (root / "skills" / "python-pep8-style.yaml").read_text(encoding="utf-8")
    for name in ("con", "aux", "nul", "prn", "com1", "lpt1"):
        text = source.replace("id: python-pep8-style", f"id: {name}").replace(
            "name: Follow PEP 8 style and PEP 257 docstring conventions", f"name: Device name {name}"
        )
        (root / "skills" / f"{name}.yaml").write_text(text, encoding="utf-8")
    (root / "providers" / "AUX.txt").write_text("notes\n", encoding="utf-8")
    (root / "notes.").write_text("a trailing dot\n", encoding="utf-8")
    (root / "what?.md").write_text("a question mark\n", encoding="utf-8")
    categories = root / "categories.yaml"
    categories.write_text(
        categories.read_text(encoding="utf-8")
        + "  - id: nul\n    name: Null devices\n    description: A category whose page cannot exist on Windows.\n",
        encoding="utf-8",
    )
