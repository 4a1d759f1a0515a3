"""A skill and a category with the id `index`: the generator writes skills/index.md and
categories/index.md as section pages, so each would replace the other."""

from pathlib import Path


def make(root: Path) -> None:
    source = (root / "skills" / "python-pep8-style.yaml").read_text(encoding="utf-8")
    (root / "skills" / "index.yaml").write_text(
        source.replace("id: python-pep8-style", "id: index").replace(
            "name: Follow PEP 8 style and PEP 257 docstring conventions", "name: Index funds basics"
        ),
        encoding="utf-8",
    )
    categories = root / "categories.yaml"
    categories.write_text(
        categories.read_text(encoding="utf-8")
        + "  - id: index\n    name: Index\n    description: Its page would replace the categories index.\n",
        encoding="utf-8",
    )
