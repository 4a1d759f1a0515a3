"""Where an entry page sends a reader who wants to fix it: its YAML file and the correction form.

The repository comes from `repo_url` in mkdocs.yml; the branch and the catalogue folder from
`extra.catalogue.edit_uri` (MkDocs' own `edit_uri` is for the hand-written pages in docs/, which
are not where entries live). The "Report a problem" link opens the issue form
`.github/ISSUE_TEMPLATE/<correction_form>` with the entry's id and page address filled in through
the form's query parameters (GitHub fills a form field from `?<field id>=<value>`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from microskills.model import Entry
from microskills.registry.kinds import KIND_FOLDER

DEFAULT_REPO_URL = "https://github.com/microskills-catalogue/microskills-catalogue.github.io"
DEFAULT_CATALOGUE_EDIT_URI = "edit/main/catalogue/"
DEFAULT_CORRECTION_FORM = "correction.yml"
#: The ids of the correction form's fields that a link fills in (tests check the form has them).
FORM_FIELD_ENTRY = "entry"
FORM_FIELD_PAGE = "page"


@dataclass(frozen=True)
class RepoLinks:
    """Links from the site into the repository that holds the catalogue."""

    repo_url: str = DEFAULT_REPO_URL
    catalogue_edit_uri: str = DEFAULT_CATALOGUE_EDIT_URI
    correction_form: str = DEFAULT_CORRECTION_FORM
    site_url: str = "https://microskills-catalogue.github.io/"

    @classmethod
    def from_config(cls, project: dict[str, Any]) -> RepoLinks:
        """From the project's mkdocs.yml (`repo_url`, `site_url`, `extra.catalogue`)."""
        extra = project.get("extra") or {}
        catalogue = extra.get("catalogue") if isinstance(extra, dict) else None
        catalogue = catalogue if isinstance(catalogue, dict) else {}
        return cls(
            repo_url=str(project.get("repo_url") or DEFAULT_REPO_URL).rstrip("/"),
            catalogue_edit_uri=str(catalogue.get("edit_uri") or DEFAULT_CATALOGUE_EDIT_URI).strip("/") + "/",
            correction_form=str(catalogue.get("correction_form") or DEFAULT_CORRECTION_FORM),
            site_url=str(project.get("site_url") or cls.site_url).rstrip("/") + "/",
        )

    def file_path(self, entry: Entry) -> str:
        """The entry's file relative to the catalogue folder, e.g. `credentials/x.yaml`."""
        return f"{KIND_FOLDER[entry.kind]}/{entry.id}.yaml"

    def edit_url(self, entry: Entry) -> str:
        """GitHub's editor on the entry's YAML file (it offers a fork to anyone without write access)."""
        return f"{self.repo_url}/{self.catalogue_edit_uri}{self.file_path(entry)}"

    def page_url(self, entry: Entry) -> str:
        return self.site_url + entry.url

    def report_url(self, entry: Entry) -> str:
        """The correction issue form with the entry's id and page address already filled in."""
        query = urlencode(
            {
                "template": self.correction_form,
                # The id, not the name: contributed text never goes into an address we write.
                "title": f"Correction: {entry.kind}/{entry.id}",
                FORM_FIELD_ENTRY: f"{entry.kind}/{entry.id}",
                FORM_FIELD_PAGE: self.page_url(entry),
            }
        )
        return f"{self.repo_url}/issues/new?{query}"

    def new_issue_url(self, form: str) -> str:
        return f"{self.repo_url}/issues/new?{urlencode({'template': form})}"
