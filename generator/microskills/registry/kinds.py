"""The registry of entry kinds: one line per kind.

A kind is a folder of YAML files under the catalogue, a JSON Schema, a page template and a model
class. Everything that loops over kinds (loading, validation, linking, pages, index pages, search,
downloads, the schema reference, the navigation) reads this table, so adding a kind is: its
schema in `generator/microskills/schemas/`, its template in
`generator/microskills/site/templates/`, and one line here (a kind without a model class of its own gets a generic one). ARCHITECTURE.md lists the steps.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A kind's name (`skill`, `credential`, ...), as the registry below lists them.
Kind = str


@dataclass(frozen=True)
class KindSpec:
    name: str
    #: Folder under the catalogue root, and the URL segment of the kind's pages.
    folder: str
    label: str
    plural: str
    #: Name of the model class in microskills.model.entities; None: a generic entry with the common fields.
    model: str | None = None
    #: Index page template; None: the generic list of entries.
    index_template: str | None = None
    #: What the kind's index page says under its heading.
    lede: str = ""
    #: The schema.org type of its entries' JSON-LD, when the exports have no mapping of their own.
    jsonld_type: str = "Thing"

    @property
    def schema(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def template(self) -> str:
        return f"{self.name}.md.j2"


KINDS: tuple[KindSpec, ...] = (
    KindSpec("skill", "skills", "Skill", "Skills", "Skill", "skills_index.md.j2", "Every microskill in the catalogue, grouped by category."),
    KindSpec("credential", "credentials", "Credential", "Credentials", "Credential", "credentials_index.md.j2",
             "Micro-credentials, badges, certificates and certifications with their workload, cost and assessment."),
    KindSpec("provider", "providers", "Provider", "Providers", "Provider", "providers_index.md.j2",
             "Organisations that award the credentials in the catalogue."),
    KindSpec("pathway", "pathways", "Pathway", "Pathways", "Pathway", "pathways_index.md.j2",
             "Routes of stackable credentials and skills toward a target role, with computed totals."),
)  # fmt: skip

_BY_NAME = {k.name: k for k in KINDS}
_BY_FOLDER = {k.folder: k for k in KINDS}

#: Folder under the catalogue root -> kind name.
FOLDERS: dict[str, str] = {k.folder: k.name for k in KINDS}
#: Kind name -> folder.
KIND_FOLDER: dict[str, str] = {k.name: k.folder for k in KINDS}


def spec(kind: str) -> KindSpec:
    return _BY_NAME[kind]


def names() -> tuple[str, ...]:
    return tuple(k.name for k in KINDS)
