"""The ESCO importer: reading both CSV layouts, matching, writing alignments as minimal edits,
creating skills from concepts, and the bundled catalogue's alignments against the vendored file."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from microskills.check.pipeline import check
from microskills.model import Skill
from microskills.tools import esco
from microskills.tools.esco_match import Concept, Matcher, normalise, read_concepts, split_labels

from tests.conftest import REAL_CATALOGUE, REAL_TODAY, REPO, TODAY_ARG, materialise, run_cli, validate_json

VENDORED = REPO / "tests" / "standards" / "esco-1.2.0" / "digitalSkillsCollection_en.csv"
#: The transversal concepts the catalogue's transversal skills are aligned to (an excerpt of the
#: ESCO 1.2.0 transversal skills collection; tests/standards/README.md).
TRANSVERSAL = VENDORED.with_name("transversalSkillsCollection_en.excerpt.csv")
PYTHON = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"
SQL = "http://data.europa.eu/esco/skill/598de5b0-5b58-4ea7-8058-a4bc4d18c742"
TABLEAU = "http://data.europa.eu/esco/skill/00000000-0000-4000-8000-000000000001"
HASKELL = "http://data.europa.eu/esco/skill/000f1d3d-220f-4789-9c0a-cc742521fb02"
COLUMNS = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description"]


def official_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """An ESCO skills CSV in the official download's layout: newline-separated altLabels."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({"conceptType": "KnowledgeSkillCompetence", "skillType": "knowledge", **row})
    return path


def small_csv(tmp_path: Path) -> Path:
    return official_csv(
        tmp_path / "skills_en.csv",
        [
            {
                "conceptUri": PYTHON,
                "preferredLabel": "Python (computer programming)",
                "altLabels": "Python\nPython programming",
                "reuseLevel": "sector-specific",
                "description": "The techniques of software development in Python.",
            },
            {
                "conceptUri": TABLEAU,
                "preferredLabel": "build dashboards in Tableau",
                "altLabels": "Tableau dashboards",
                "skillType": "skill/competence",
                "description": "Create interactive dashboards with the Tableau software.",
            },
            {
                "conceptUri": HASKELL,
                "preferredLabel": "Haskell",
                "altLabels": "Haskell techniques",
                "reuseLevel": "sector-specific",
                "description": "The techniques and principles of software development in Haskell.",
            },
            {"conceptUri": "http://data.europa.eu/esco/occupation/123", "preferredLabel": "not a skill"},
        ],
    )


def skill(name: str, *, alt: list[str] | None = None, tags: list[str] | None = None) -> Skill:
    return Skill(
        id="s", name=name, description="d", sources=[], last_verified="2026-01-01", file="s.yaml",
        alt_labels=alt or [], tags=tags or [],
    )  # fmt: skip


def test_alternative_labels_in_both_layouts() -> None:
    assert split_labels("Python\nPython programming\n") == ["Python", "Python programming"]
    assert split_labels("kdevplatform | KDevelop platform") == ["kdevplatform", "KDevelop platform"]
    assert split_labels("") == []


def test_the_vendored_collection_streams_with_its_pipe_separated_labels() -> None:
    concepts = list(read_concepts(VENDORED))
    assert len(concepts) == 1284
    kdevelop = next(c for c in concepts if c.label == "KDevelop")
    assert kdevelop.alt_labels == ("kdevplatform", "KDevelop platform")


def test_a_file_that_is_not_an_esco_csv_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,name\n1,x\n", encoding="utf-8")
    with pytest.raises(esco.EscoError, match=r"other\.csv:1: not an ESCO skills CSV: no conceptUri"):
        list(read_concepts(path))


def test_normalising_keeps_c_sharp_apart_from_c_plus_plus() -> None:
    assert normalise("C#") != normalise("C++") != normalise("C")
    assert normalise("  Python (Computer   Programming) ") == "python computer programming"


def test_matching_prefers_equal_labels_and_suggests_a_match(tmp_path: Path) -> None:
    matcher = Matcher([skill("Write Tableau dashboards", alt=["Tableau dashboards"], tags=["python"])], cutoff=80)
    for concept in read_concepts(small_csv(tmp_path)):
        matcher.add(concept)
    best = matcher.best[0]
    assert best[0].uri == TABLEAU and best[0].method == "alt-label" and best[0].match == "exact"
    python = next(c for c in best if c.uri == PYTHON)
    assert python.via == "tag" and python.match == "broader" and python.score < best[0].score


def test_fuzzy_matches_need_a_shared_word_and_the_cutoff() -> None:
    matcher = Matcher([skill("Haskel techniques")], cutoff=85)
    matcher.add(Concept(HASKELL, "Haskell", ("Haskell techniques",)))
    assert [c.method for c in matcher.best[0]] == ["fuzzy"]
    strict = Matcher([skill("Write Go services")], cutoff=85)
    assert not strict.add(Concept(HASKELL, "Haskell", ("Haskell techniques",)))


def unaligned(path: Path) -> str:
    """Remove the file's `esco` block (the base catalogue's skills are aligned already)."""
    text = re.sub(r"^esco:\n(  .*\n)+", "", path.read_text(), flags=re.MULTILINE)
    path.write_text(text)
    return text


def import_esco(root: Path, csv_path: Path, *args: str) -> tuple[int, str, str]:
    proc = run_cli("import", "esco", str(csv_path), str(root), "--today", TODAY_ARG, *args, cwd=root.parent)
    return proc.returncode, proc.stdout, proc.stderr


def test_write_adds_only_the_esco_block_keeps_comments_and_is_idempotent(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    path = root / "skills" / "python-classes-objects.yaml"
    original = unaligned(path).replace("tags:\n", "# curated tags\ntags:\n")
    path.write_text(original)
    csv_path = small_csv(tmp_path)
    code, out, err = import_esco(root, csv_path)
    assert code == 0, err
    assert "python-classes-objects: [proposed]" in out and "Nothing written" in out
    assert path.read_text() == original
    code, out, err = import_esco(root, csv_path, "--write", "--skill", "python-classes-objects", "--match", "broader")
    assert code == 0, err
    text = path.read_text()
    block = f"esco:\n  uri: {PYTHON}\n  label: Python (computer programming)\n  match: broader\n"
    assert text == original.replace("occupations:\n", block + "occupations:\n")
    assert "# curated tags\ntags:" in text
    before = {p: p.read_text() for p in root.rglob("*.yaml")}
    code, out, err = import_esco(root, csv_path, "--write")
    assert code == 0, err
    after = {p: p.read_text() for p in root.rglob("*.yaml")}
    changed = [p.name for p in after if after[p] != before[p]]
    assert "python-classes-objects.yaml" not in changed
    code, out, err = import_esco(root, csv_path, "--write")
    assert {p: p.read_text() for p in root.rglob("*.yaml")} == after, "a second run changes nothing"
    assert validate_json(root)[0] == 0


def test_existing_alignments_are_kept_unless_replace_is_asked(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    path = root / "skills" / "tableau-dashboards.yaml"
    text = unaligned(path).replace(
        "occupations:", f"esco:\n  uri: {HASKELL}\n  label: Haskell\n  match: close\noccupations:"
    )
    path.write_text(text)
    csv_path = small_csv(tmp_path)
    code, out, _ = import_esco(root, csv_path, "--write", "--cutoff", "60")
    assert code == 0 and path.read_text() == text
    assert "tableau-dashboards: [aligned, differs (kept)]" in out
    code, _, err = import_esco(root, csv_path, "--write", "--replace")
    assert code == 2 and "--replace needs --skill" in err
    code, out, err = import_esco(
        root, csv_path, "--write", "--replace", "--skill", f"tableau-dashboards={TABLEAU}", "--match", "close"
    )
    assert code == 0, err
    assert f"uri: {TABLEAU}\n  label: build dashboards in Tableau\n  match: close\n" in path.read_text()


def test_create_writes_a_valid_attributed_skill_from_a_concept(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    code, _out, err = import_esco(root, small_csv(tmp_path), "--create", HASKELL, "--category", "programming-languages")
    assert code == 0, err
    created = root / "skills" / "haskell.yaml"
    text = created.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../generator/microskills/schemas/skill.schema.json\n")
    result = check(root, today=REAL_TODAY)
    entry = result.catalogue.skills["haskell"]
    assert entry.esco is not None and (entry.esco.uri, entry.esco.match) == (HASKELL, "exact")
    assert entry.description.endswith("Based on the ESCO definition (ESCO v1.2.0, © European Union).")
    # ESCO's definition is quoted and attributed, not passed off as the catalogue's own words.
    assert "“The techniques and principles of software development in Haskell.”" in entry.description
    assert entry.statement.startswith("Apply knowledge of Haskell")
    assert [s.url for s in entry.sources] == [HASKELL] and entry.last_verified == TODAY_ARG
    assert entry.category == "programming-languages" and entry.alt_labels == ["Haskell techniques"]
    assert {p.rule for p in result.problems} <= {"skill.orphan"}
    code, _, err = import_esco(root, small_csv(tmp_path), "--create", HASKELL, "--category", "programming-languages")
    assert code == 1 and "aligned to this concept already" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--create", TABLEAU.replace("0001", "0002"), "--category", "data-analysis"], "no ESCO skill with URI"),
        (["--create", HASKELL], "--create needs --category"),
        (["--create", HASKELL, "--category", "nope"], "--create needs --category"),
        (["--skill", "no-such-skill"], "there is no skill with id `no-such-skill`"),
        (["--skill", "python-classes-objects=https://example.org/x"], "is not an ESCO skill URI"),
    ],
)
def test_mistakes_are_reported_without_writing(tmp_path: Path, args: list[str], message: str) -> None:
    root = materialise(None, tmp_path / "catalogue")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, out, err = import_esco(root, small_csv(tmp_path), "--write", *args)
    assert code == 1, out + err
    assert message in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_match_only_refuses_to_write(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    code, _, err = import_esco(root, small_csv(tmp_path), "--match-only", "--write")
    assert code == 2 and "--match-only cannot be combined" in err


def test_json_report_lists_candidates(tmp_path: Path) -> None:
    root = materialise(None, tmp_path / "catalogue")
    code, out, err = import_esco(root, small_csv(tmp_path), "--format", "json", "--candidates", "2")
    assert code == 0, err
    report = json.loads(out)
    tableau = next(s for s in report["skills"] if s["id"] == "tableau-dashboards")
    assert tableau["candidates"][0]["uri"] == TABLEAU and len(tableau["candidates"]) <= 2
    assert report["concepts"] == 3 and report["unmatched_sample"]


def test_the_bundled_catalogue_is_aligned_to_real_concepts_of_the_vendored_collection() -> None:
    """Every `esco` in the catalogue names a concept of ESCO v1.2.0 by its preferred label, and an
    import over the bundled catalogue proposes nothing that would change an alignment."""
    concepts = {c.uri: c for path in (VENDORED, TRANSVERSAL) for c in read_concepts(path)}
    catalogue = check(REAL_CATALOGUE, today=REAL_TODAY).catalogue
    aligned = [s for s in catalogue.skills.values() if s.esco is not None]
    assert len(aligned) / len(catalogue.skills) >= 0.8
    for entry in aligned:
        assert entry.esco is not None and entry.esco.uri in concepts, entry.id
        assert entry.esco.label == concepts[entry.esco.uri].label, entry.id
    result = esco.run_import(catalogue, REAL_CATALOGUE, esco.ImportRequest(VENDORED, write=True))
    changed = {p for p in result.changes if p.parent.name == "skills"}
    unaligned = {REAL_CATALOGUE / "skills" / f"{s.id}.yaml" for s in catalogue.skills.values() if s.esco is None}
    assert changed <= unaligned, "the importer never rewrites an existing alignment unasked"
