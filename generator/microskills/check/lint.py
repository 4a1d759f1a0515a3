"""Lint stage: whole-catalogue quality rules a schema cannot express.

Real ISO codes, real and not-future dates, freshness of `last_verified`, duplicate URLs and
near-duplicate names, orphans, unsafe characters in text. Each rule has an id so a problem can
be looked up in CONTRIBUTING.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any

import pycountry

from microskills.core.text import did_you_mean, name_key, show, unsafe_characters
from microskills.core.urls import private_host_reason
from microskills.model import (
    STALE_ERROR_DAYS,
    STALE_WARNING_DAYS,
    Catalogue,
    Credential,
    Entry,
    SourcePolicy,
    comparable_facts,
)
from microskills.model.problems import JsonPath, Problem, Severity
from microskills.registry import fields
from microskills.registry.kinds import KINDS


@dataclass(frozen=True)
class LintOptions:
    today: dt.date
    stale_warning_days: int = STALE_WARNING_DAYS
    stale_error_days: int = STALE_ERROR_DAYS
    #: Warn about comparable facts that are neither filled nor marked unpublished.
    recommend_facts: bool = False


@cache
def _refusal_labels() -> dict[str, str]:
    """The source policy's reasons as words, from its schema's `x-enum`."""
    from microskills.registry.schemas import SOURCE_POLICY, load_schemas

    reason = load_schemas()[SOURCE_POLICY]["properties"]["refused"]["items"]["properties"]["reason"]
    return {value: meta["label"] for value, meta in reason["x-enum"].items()}


@cache
def _countries() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def _currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


@cache
def _languages() -> frozenset[str]:
    codes: set[str] = set()
    for language in pycountry.languages:
        codes.add(language.alpha_3)
        alpha_2 = getattr(language, "alpha_2", None)
        if alpha_2:
            codes.add(alpha_2)
    return frozenset(codes)


@cache
def _scripts() -> frozenset[str]:
    return frozenset(s.alpha_4 for s in pycountry.scripts)


def check_language_tag(tag: str) -> str | None:
    """Why a BCP 47 tag is not real, or None. Checks language, script and region subtags."""
    parts = tag.split("-")
    if parts[0].lower() not in _languages():
        return f"`{show(parts[0])}` is not an ISO 639 language code"
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            if part.title() not in _scripts():
                return f"`{show(part)}` is not an ISO 15924 script code"
        elif len(part) == 2 and part.isalpha() and part.upper() not in _countries():
            return f"`{show(part)}` is not an ISO 3166-1 region code"
    return None


@dataclass(frozen=True)
class _CodeCheck:
    rule: str
    reason: Any
    choices: Any
    advice: str | None = None

    def hint(self, value: str) -> str | None:
        return did_you_mean(value, self.choices(), cutoff=0.5) if self.choices else self.advice


def _not_in(choices: Any, what: str) -> Any:
    return lambda value: None if value in choices() else f"`{show(value)}` is not {what}"


def _language_reason(tag: str) -> str | None:
    reason = check_language_tag(tag)
    return None if reason is None else f"`{show(tag)}` is not a valid language tag: {reason}"


#: What each `x-format` of the schemas means, as a check.
_CODE_CHECKS: dict[str, _CodeCheck] = {
    "iso-3166-1": _CodeCheck("iso.country", _not_in(_countries, "an ISO 3166-1 country code"), _countries),
    "iso-4217": _CodeCheck("iso.currency", _not_in(_currencies, "an ISO 4217 currency code"), _currencies),
    "bcp-47": _CodeCheck("iso.language", _language_reason, None, "use a BCP 47 tag such as en, fr, es-MX or pt-BR"),
}


def _formatted(entry: Entry, code_format: str) -> list[tuple[JsonPath, Any]]:
    """(JSON path, value) of every value in `entry` whose schema field has `x-format: code_format`."""
    found: list[tuple[JsonPath, Any]] = []
    for info in _fields_with_format(entry.kind, code_format):
        found += [(path, value) for path, value in fields.values_at(entry.raw, info.path) if isinstance(value, str)]
    return found


@cache
def _fields_with_format(kind: str, code_format: str) -> tuple[fields.FieldInfo, ...]:
    return tuple(info for info in fields.fields(kind) if info.format == code_format)


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


_HTML_RE = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")
_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\][(\[]")  # inline `![alt](url)` and reference `![alt][ref]`
# Where a Markdown link points: inline `[text](url)` and reference definitions `[ref]: url`.
_MD_LINK_RE = re.compile(r"\]\(\s*<?\s*([^\s)>]*)|^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]*)", re.MULTILINE)
_HTTP_LINK_RE = re.compile(r"^https?://[^/\\\s]", re.IGNORECASE)
_URL_HOST_RE = re.compile(r"^https?://(?:[^/?#@]*@)?([^/?#:]+)")


def text_problems(file: str, data: Any) -> list[Problem]:
    """Problems in the text of one file (an entry or categories.yaml): every string, wherever it is.

    Ids, codes and dates cannot hold `<` or control characters (the schema forbids them), so
    checking every string costs little and leaves no free-text field unchecked. Strings that are
    URLs also get their host name checked; Markdown links are checked where Markdown is rendered.
    """
    problems: list[Problem] = []
    for path, text in fields.strings_in(data):
        found = unsafe_characters(text)
        if found:
            problems.append(
                Problem(
                    file,
                    "text.unsafe-characters",
                    f"the text contains invisible, control or direction-changing characters: {', '.join(found)}",
                    path,
                    hint="these can make text display differently from what it says; delete them",
                )
            )
        host = _URL_HOST_RE.match(text)
        if host and (not host.group(1).isascii() or "xn--" in host.group(1).lower()):
            problems.append(
                Problem(
                    file,
                    "url.unicode-host",
                    f"the address `{show(text)}` has an internationalised host name (non-ASCII letters, "
                    "or their `xn--` form), which can imitate another domain",
                    path,
                    Severity.WARNING,
                    hint="check that it is really the provider's domain; prefer its plain ASCII address",
                )
            )
        private = private_host_reason(text) if host else None
        if private:
            problems.append(
                Problem(
                    file,
                    "url.private-host",
                    f"the address `{show(text)}` does not name a public web site: {private}",
                    path,
                    Severity.WARNING,
                    hint="link to the provider's public address (a host name such as www.example.org)",
                )
            )
        if _HTML_RE.search(text):
            problems.append(
                Problem(
                    file,
                    "text.html",
                    "HTML tags are shown as plain text, not interpreted",
                    path,
                    Severity.WARNING,
                    hint="use Markdown (*emphasis*, lists, links) instead",
                )
            )
        if _MD_IMAGE_RE.search(text):
            problems.append(
                Problem(
                    file,
                    "text.image",
                    "images are not shown in catalogue text",
                    path,
                    Severity.WARNING,
                    hint="remove the image",
                )
            )
        if path and path[-1] == "description":  # the fields where Markdown links become links
            for match in _MD_LINK_RE.finditer(text):
                target = match.group(1) if match.group(1) is not None else match.group(2)
                if not _HTTP_LINK_RE.match(target):
                    problems.append(
                        Problem(
                            file,
                            "text.link",
                            f"the link to `{show(target)}` is not an absolute http:// or https:// address",
                            path,
                            hint="links in text must start with https:// (or http://); "
                            "other links (javascript:, data:, //host, relative paths) are never published",
                        )
                    )
                    break
    return problems


def _others(entry: Entry, group: list[Entry], most: int = 5) -> str:
    """The other entries of a group, by id: "`a`", "`a` and `b`", "`a`, `b` and 3 more"."""
    ids = sorted(e.id for e in group if e is not entry)
    shown = [f"`{i}`" for i in ids[:most]]
    if len(ids) > most:
        return ", ".join(shown) + f" and {len(ids) - most} more"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + f" and {shown[-1]}"


class _Linter:
    def __init__(self, catalogue: Catalogue, options: LintOptions) -> None:
        self.catalogue = catalogue
        self.options = options
        self.problems: list[Problem] = []

    def add(
        self,
        entry: Entry,
        rule: str,
        message: str,
        path: JsonPath = (),
        *,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
    ) -> None:
        self.problems.append(Problem(entry.file, rule, message, path, severity, hint))

    def run(self) -> list[Problem]:
        policy = self.catalogue.source_policy
        for entry in self.catalogue.entries():
            self.check_dates(entry)
            self.check_text(entry)
            if policy is not None:
                self.check_sources(entry, policy)
        source = self.catalogue.categories_source
        if source is not None:
            self.problems.extend(text_problems(source.file, source.data))
        for credential in self.catalogue.credentials.values():
            self.check_credential(credential)
        for entry in self.catalogue.entries():
            self.check_codes(entry)
        for provider in self.catalogue.providers.values():
            in_use = provider.credentials or provider.platform_credentials or provider.children
            if not in_use and self.catalogue.complete:
                self.add(
                    provider,
                    "provider.unused",
                    "no credential names this provider",
                    severity=Severity.WARNING,
                    hint="add a credential it awards, or remove the provider",
                )
        for skill in self.catalogue.skills.values():
            if not skill.credentials and not skill.pathways and not skill.narrower and self.catalogue.complete:
                self.add(
                    skill,
                    "skill.orphan",
                    "no credential teaches this skill and no pathway uses it",
                    severity=Severity.WARNING,
                    hint="list it under `skills:` of a credential that teaches it",
                )
        self.check_duplicates()
        self.check_pathway_order()
        return self.problems

    def check_dates(self, entry: Entry) -> None:
        """Every date field (the schema's `x-format: date`): a real date, not in the future; and
        `last_verified` not older than the freshness cut-offs."""
        for path, text in _formatted(entry, "date"):
            day = _parse_date(text)
            if day is None:
                self.add(
                    entry,
                    "date.invalid",
                    f"`{show(text)}` is not a real calendar date",
                    path,
                    hint="write dates as YYYY-MM-DD, e.g. 2026-03-31",
                )
                continue
            if day > self.options.today:
                self.add(
                    entry,
                    "date.future",
                    f"{show(text)} is in the future",
                    path,
                    hint=f"use the date the facts were checked (today is {self.options.today.isoformat()})",
                )
                continue
            if path == ("last_verified",):
                age = (self.options.today - day).days
                if age > self.options.stale_error_days:
                    self.add(
                        entry,
                        "stale",
                        f"last verified {age} days ago (more than "
                        f"{self.options.stale_error_days}); the facts may be out of date",
                        path,
                        hint="check the sources again and update `last_verified`",
                    )
                elif age > self.options.stale_warning_days:
                    self.add(
                        entry,
                        "stale",
                        f"last verified {age} days ago (more than {self.options.stale_warning_days})",
                        path,
                        severity=Severity.WARNING,
                        hint="check the sources again and update `last_verified`",
                    )

    def check_codes(self, entry: Entry) -> None:
        """Codes from a code list (the schema's `x-format`: country, currency, language)."""
        for code_format, check in _CODE_CHECKS.items():
            for path, value in _formatted(entry, code_format):
                reason = check.reason(value)
                if reason is not None:
                    self.add(entry, check.rule, reason, path, hint=check.hint(value))

    def check_sources(self, entry: Entry, policy: SourcePolicy) -> None:
        """No address anywhere in the entry (sources, marks' pages, recognition) on a refused host."""
        for path, text in fields.strings_in(entry.raw):
            if not _URL_HOST_RE.match(text):
                continue
            refused = policy.refusal(text)
            if refused is not None:
                why = _refusal_labels().get(refused.reason, refused.reason)
                self.add(
                    entry,
                    "source.refused",
                    f"`{show(refused.host)}` is refused as a source ({why}): no fact may rest on it",
                    path,
                    hint="cite the provider's own page (official page, exam guide, price list, FAQ); see "
                    "catalogue/source-policy.yaml for the third-party rule",
                )

    def check_text(self, entry: Entry) -> None:
        self.problems.extend(text_problems(entry.file, entry.raw))

    def check_credential(self, credential: Credential) -> None:
        cost = credential.cost
        if cost is not None and cost.free and cost.amount:
            self.add(
                credential,
                "cost.free-with-amount",
                "the cost says `free: true` but also has an amount",
                ("cost",),
                hint="keep one: `free: true` or `amount` with `currency`",
            )
        for fact, mark in credential.unpublished.items():
            if not mark.has_evidence and self.options.recommend_facts:
                self.add(
                    credential,
                    "fact.mark-without-evidence",
                    f"`{fact}` is marked as not published (checked {mark.checked}) without the pages that were read",
                    ("unpublished", fact),
                    severity=Severity.WARNING,
                    hint="look again and write the mark as `checked: YYYY-MM-DD` with `pages:` (the addresses read), "
                    "or record the value with its source",
                )
            if credential.has_fact(fact):
                self.add(
                    credential,
                    "fact.conflict",
                    f"`{fact}` is marked as not published (checked {mark.checked}) but also has a value",
                    ("unpublished", fact),
                    hint=f"keep the value and delete `{fact}` from `unpublished`, or the other way round",
                )
        for fact in credential.not_applicable:
            if credential.has_fact(fact) or fact in credential.unpublished:
                self.add(
                    credential,
                    "fact.conflict",
                    f"`{fact}` is marked as not applying to this credential but also has a value or a not-found mark",
                    ("not_applicable", fact),
                    hint=f"keep one: the value, the `unpublished` mark or the `not_applicable` reason for `{fact}`",
                )
        if credential.expires is False and credential.validity_months is not None:
            self.add(
                credential,
                "validity.conflict",
                "`expires: false` says the credential does not expire, but `validity_months` gives a period",
                ("expires",),
                hint="keep the one the provider's page states",
            )
        if self.options.recommend_facts:
            missing = [f for f in comparable_facts() if credential.fact_status(f) == "unrecorded"]
            if missing:
                self.add(
                    credential,
                    "fact.unrecorded",
                    f"not yet recorded: {', '.join(missing)}",
                    severity=Severity.WARNING,
                    hint="look each one up on the provider's pages: give the value with its source; when the "
                    "provider does not publish it, add it under `unpublished:` with `checked:` (today) and "
                    "`pages:` (what you read); when it does not apply, under `not_applicable:` with the reason",
                )

    def check_duplicates(self) -> None:
        for kind_spec in KINDS:
            table: dict[str, Entry] = self.catalogue.of_kind(kind_spec.name)
            by_name: dict[str, list[Entry]] = defaultdict(list)
            for entry in table.values():
                by_name[name_key(entry.name)].append(entry)
            for group in by_name.values():
                if len(group) < 2:
                    continue
                # Every member is told (a pull request adding the second one hears it on its own file).
                for entry in sorted(group, key=lambda e: e.id):
                    others = _others(entry, group)
                    self.add(
                        entry,
                        "name.duplicate",
                        f"the name “{show(entry.name)}” is nearly the same as that of {others}",
                        ("name",),
                        severity=Severity.WARNING,
                        hint="if they are the same thing, keep one entry; otherwise make the names distinct",
                    )
        self.check_duplicate_urls("credential", "url", lambda e: getattr(e, "page_url", None), Severity.ERROR)
        self.check_duplicate_urls("provider", "url", lambda e: getattr(e, "page_url", None), Severity.WARNING)

    def check_duplicate_urls(self, kind: str, field_name: str, get: Any, severity: Severity) -> None:
        owners: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.catalogue.of_kind(kind).values():
            url = get(entry)
            if url:
                owners[url.rstrip("/").lower()].append(entry)
        for group in owners.values():
            if len(group) < 2:
                continue
            for entry in sorted(group, key=lambda e: e.id):
                self.add(
                    entry,
                    "url.duplicate",
                    f"the same `{field_name}` as {_others(entry, group)}",
                    (field_name,),
                    severity=severity,
                    hint="each entry should have its own official page; if both describe the same thing, keep one",
                )

    def check_pathway_order(self) -> None:
        for pathway in self.catalogue.pathways.values():
            stage_of: dict[str, int] = {}
            for index, stage in enumerate(pathway.stages):
                for item in stage.items:
                    if item.kind == "credential":
                        stage_of.setdefault(item.id, index)
            for index, stage in enumerate(pathway.stages):
                for i_index, item in enumerate(stage.items):
                    credential = self.catalogue.credentials.get(item.id) if item.kind == "credential" else None
                    if credential is None:
                        continue
                    for needed in credential.prerequisite_credentials:
                        if stage_of.get(needed, -1) > index:
                            self.add(
                                pathway,
                                "pathway.order",
                                f"`{item.id}` requires `{needed}`, which comes in a later stage",
                                ("stages", index, "items", i_index),
                                severity=Severity.WARNING,
                                hint="move the prerequisite to an earlier stage",
                            )


def lint(catalogue: Catalogue, options: LintOptions) -> list[Problem]:
    return _Linter(catalogue, options).run()
