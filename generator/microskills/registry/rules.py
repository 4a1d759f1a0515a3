"""The rule registry: every problem the checks can report, with its severity, meaning and fix.

The contributor guide's rule table is generated from this (`reference.rules_table`), and
tests/test_rules.py fails when the code emits a rule that is not here or this lists one that
nothing emits. A family (`schema.*`) stands for rule ids made from a JSON Schema keyword.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    meaning: str
    fix: str

    @property
    def family(self) -> bool:
        return self.id.endswith(".*")


E, W = "error", "warning"

RULES: tuple[Rule, ...] = (
    # Reading the file.
    Rule("catalogue.missing", E, "the catalogue folder does not exist", "run the command from the repository root, or name the folder"),
    Rule("catalogue.categories", E, "`categories.yaml`, the controlled list of skill categories, is missing", "restore catalogue/categories.yaml"),
    Rule("file.stray", E, "a file or folder other than `<id>.yaml` entries in a kind's folder, hidden files included: tools that write entries could be tricked through it", "move it out of the catalogue, or delete it"),
    Rule("file.extension", E, "an entry file ends in `.yml`", "rename it to `.yaml`"),
    Rule("file.symlink", E, "a symbolic link anywhere in the catalogue folder (tools that write catalogue files could be made to write through it)", "replace the link with the file itself, or delete it"),
    Rule("file.directory", E, "a folder where an entry file belongs", "entries are single `<id>.yaml` files"),
    Rule("file.not-regular", E, "a named pipe, device or socket where an entry file belongs", "replace it with a regular file"),
    Rule("file.unreadable", E, "the file cannot be read", "check its permissions"),
    Rule("file.too-large", E, "the file is over 256 KB", "entries are short; split or shorten it"),
    Rule("encoding", E, "the file is not UTF-8, or holds a character YAML forbids (NUL, ESC, ...)", "save as UTF-8 and delete the character"),
    Rule("yaml.syntax", E, "the file is not valid YAML", "fix the line shown (tabs, indentation, quotes)"),
    Rule("yaml.empty", E, "the file is empty", "write the entry's fields"),
    Rule("yaml.multiple-documents", E, "more than one YAML document (`---`)", "keep one document per file"),
    Rule("yaml.alias", E, "YAML anchors or aliases (`&a`, `*a`)", "write the value out in full"),
    Rule("yaml.tag", E, "an explicit YAML tag such as `!!python/object`", "remove the tag"),
    Rule("yaml.duplicate-key", E, "a field appears twice in one mapping (YAML would keep the last silently)", "delete one"),
    Rule("yaml.key", E, "a field name that is not plain text", "field names are words such as `name:`"),
    Rule("yaml.too-deep", E, "values nested more than 16 levels deep", "entries need only a few levels"),
    Rule("yaml.too-large", E, "more than 20,000 values in one file", "entries are short; shorten it"),
    # The schema.
    Rule("schema.*", E, "a field is missing, unknown, of the wrong type or form, or out of range (the id names the JSON Schema keyword: `schema.required`, `schema.enum`, ...)", "follow the message and hint; at most 50 per file are shown"),
    Rule("schema.too-many-problems", E, "more schema problems in the file than are shown", "fix those shown and validate again"),
    Rule("schema.invalid", E, "the two schema validators disagree; the message is the fast one's", "report it: it is a bug of ours"),
    # Names and references.
    Rule("file.name", E, "the file name is not a valid id", "lower-case letters and digits joined by single hyphens"),
    Rule("id.reserved", E, "an entry or category id is `index` (the generator's own section page) or a Windows device name (`con`, `aux`, `nul`, `prn`, `com1`, `lpt1`, ...)", "choose another id"),
    Rule("file.windows-name", E, "a file or folder name Windows cannot create (a device name with any extension, a trailing dot or space, or a character such as `<`, `>`, `:`, `\"`, `?`, `*`)", "rename it"),
    Rule("file.name-collision", E, "two names in one folder differ only by upper and lower case or Unicode normalisation; Windows and macOS keep only one", "rename one of them"),
    Rule("id.mismatch", E, "`id` differs from the file name", "make them equal"),
    Rule("ref.unknown", E, "a reference names no entry", "fix the id (see the hint) or add the entry"),
    Rule("ref.wrong-kind", E, "a reference names an entry of another kind", "use an id of the kind the field expects"),
    Rule("ref.self", E, "an entry refers to itself", "remove the reference"),
    Rule("ref.category", E, "a skill's category is not in categories.yaml", "choose a category id from catalogue/categories.yaml"),
    Rule("ref.too-many-problems", E, "more reference problems in the file than are shown (at most 50)", "fix those shown and validate again"),
    Rule("category.duplicate", E, "a category is listed twice in categories.yaml", "delete one"),
    Rule("graph.cycle", E, "stacking, prerequisites, broader skills or parent providers go round in a circle", "one link is the wrong way round"),
    Rule("pathway.unsatisfiable", E, "a stage asks for more items than it lists", "lower `count` or add items"),
    Rule("pathway.duplicate-item", E, "an item is listed twice in one stage", "delete one"),
    Rule("pathway.order", W, "a credential comes before one it requires", "move the prerequisite to an earlier stage"),
    # Quality.
    Rule("date.invalid", E, "a date is not a real calendar date", "write YYYY-MM-DD"),
    Rule("date.future", E, "a date is in the future", "use the date the facts were checked"),
    Rule("stale", "warning, then error", "`last_verified` is more than 365 (warning) or 730 (error) days old", "check the sources again and update `last_verified`"),
    Rule("iso.country", E, "not an ISO 3166-1 country code", "use a code such as GB, DE, US"),
    Rule("iso.currency", E, "not an ISO 4217 currency code", "use a code such as EUR, USD, GBP"),
    Rule("iso.language", E, "not a valid BCP 47 language tag", "use a tag such as en, fr, es-MX, pt-BR"),
    Rule("url.duplicate", "error for credentials, warning for providers", "two entries share an official page", "each entry has its own page; if both are the same thing, keep one"),
    Rule("url.unicode-host", W, "a URL's host name has non-ASCII (or `xn--`) letters that can imitate another domain", "check it is the provider's domain"),
    Rule("url.private-host", W, "a URL's host is `localhost` or an IP address (loopback, private, link-local such as 169.254.169.254, or any other): not a public web site", "link to the provider's public address by its host name"),
    Rule("name.duplicate", W, "two entries of one kind have nearly the same name", "keep one entry, or make the names distinct"),
    Rule("skill.orphan", W, "no credential teaches the skill and no pathway uses it", "list it under a credential's `skills:`"),
    Rule("provider.unused", W, "no credential names the provider", "add a credential it awards, or remove it"),
    Rule("cost.sibling-priced", W, "no price found, while a credential of the same provider and type records one, and the mark cites no page of the provider", "look for the price where the sibling's came from, or list the provider's page you checked"),
    Rule("cost.billing-missing", W, "a price without how it is billed", "add `billing:` (one-time, per-month, per-year or per-attempt)"),
    Rule("level.expert-title", W, "level `advanced` on a credential whose name says Expert", "use `expert` when the provider calls it expert level"),
    Rule("cost.free-with-amount", E, "the cost says `free: true` and gives an amount", "keep one of the two"),
    Rule("fact.conflict", E, "a fact has more than one of: a value, an `unpublished` mark, a `not_applicable` reason", "keep the one that is true"),
    Rule("fact.unrecorded", W, "a comparable fact is neither filled, marked `unpublished` (with the pages checked) nor `not_applicable`", "look it up: give the value with its source, or mark it with the date and the pages you read"),
    Rule("fact.mark-without-evidence", W, "a not-found mark gives only a date, not the pages that were read", "look again; write `checked:` and `pages:`"),
    Rule("source.refused", E, "an address is on a host the source policy refuses (content farms, exam dumps, mirrors, proxies, AI-generated text)", "cite the provider's own page; see catalogue/source-policy.yaml"),
    Rule("validity.conflict", E, "`expires: false` and a `validity_months` period together", "keep the one the provider states"),
    Rule("text.unsafe-characters", E, "invisible, control or direction-changing characters in text", "delete them"),
    Rule("text.link", E, "a Markdown link in a description is not an absolute https:// (or http://) address", "link to a full https:// address"),
    Rule("text.html", W, "HTML in text is shown as text, not interpreted", "use Markdown"),
    Rule("text.image", W, "images are not shown in catalogue text", "remove the image"),
    # The link-check data (`catalogue/link-check.json`, written by `microskills check-links`).
    Rule("link-data.syntax", E, "`link-check.json` is not valid JSON", "restore it from the default branch; only `microskills check-links` writes it"),
    Rule("link-data.duplicate-key", E, "a key appears twice in `link-check.json`", "restore it from the default branch; only `microskills check-links` writes it"),
    # Formatting (`microskills fmt`).
    Rule("fmt.not-an-entry", E, "`fmt` was given a file that is not `<kind folder>/<id>.yaml` or categories.yaml", "name only catalogue files, or their folders"),
    Rule("fmt.unsafe", E, "formatting would have changed a value (a formatter bug), so the file was left as it is", "report it; the file itself may be fine"),
)  # fmt: skip

BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def lookup(rule_id: str) -> Rule | None:
    """The rule for an id, or the family it belongs to (`schema.enum` -> `schema.*`)."""
    found = BY_ID.get(rule_id)
    if found is not None:
        return found
    family = rule_id.split(".", 1)[0] + ".*"
    return BY_ID.get(family)
