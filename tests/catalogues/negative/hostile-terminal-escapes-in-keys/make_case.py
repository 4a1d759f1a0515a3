"""Line injection through names: an entry file whose name holds a line break and a GitHub Actions
workflow command, and a field name that does the same (made here: git would keep the file name,
but it is a trap for anyone listing the repository)."""

from pathlib import Path


def make(root: Path) -> None:
    source = (root / "skills" / "python-pep8-style.yaml").read_text(encoding="utf-8")
    (root / "skills" / "x\n::error file=evil.yaml::pwned.yaml").write_text(source, encoding="utf-8")
    (root / "skills" / "python-pep8-style.yaml").write_text(
        source + '"tags\\n::warning file=evil.yaml::injected\\r\\n\\e[2J": [x]\n', encoding="utf-8"
    )
