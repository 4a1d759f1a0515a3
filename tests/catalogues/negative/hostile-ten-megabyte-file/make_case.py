"""A 10 MB entry file: refused from its size alone, before a byte of it is read."""

from pathlib import Path


def make(root: Path) -> None:
    with (root / "skills" / "huge.yaml").open("w", encoding="utf-8") as handle:
        handle.write("id: huge\ndescription: |\n")
        line = "  " + "lorem ipsum dolor sit amet " * 3 + "\n"
        for _ in range(10 * 1024 * 1024 // len(line)):
            handle.write(line)
