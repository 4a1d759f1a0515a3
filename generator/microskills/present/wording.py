"""How values read: enum and kind labels from the registry, numbers, money, languages and
countries by name."""

from __future__ import annotations

import functools

import pycountry

from microskills.registry import fields, kinds


def label(value: object) -> str:
    """The label of an enum value (from the schemas' `x-enum`) or of a kind (from the registry)."""
    text = str(value)
    found = fields.enum_labels().get(text)
    if found is not None:
        return found
    if text in kinds.names():
        return kinds.spec(text).label
    return text.replace("-", " ").replace("_", " ").capitalize()


@functools.cache
def language_name(tag: str) -> str:
    """ "English" for `en`, "Portuguese (Brazil)" for `pt-BR`: what a reader recognises."""
    language, _, region = tag.partition("-")
    found = (
        pycountry.languages.get(alpha_2=language) if len(language) == 2 else pycountry.languages.get(alpha_3=language)
    )
    name = str(found.name) if found is not None else tag
    if region and len(region) == 2:
        return f"{name} ({country_name(region.upper())})"
    return name


@functools.cache
def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    return str(getattr(found, "common_name", None) or found.name) if found is not None else code


def format_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def format_money(amount: float, currency: str | None) -> str:
    """USD 100, USD 235.50: whole amounts without decimals, others with the two a price has."""
    figure = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
    return f"{currency or ''} {figure}".strip()


def field_text(info: fields.FieldInfo, value: object) -> str:
    """Any schema field's value as text, when nothing words it in its own way: labels for enum
    values, names for languages and countries, lists joined (the page links addresses)."""
    if isinstance(value, list):
        return ", ".join(field_text(info, item) for item in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float)):
        return format_number(value)
    if not isinstance(value, str):
        import json

        return json.dumps(value, ensure_ascii=False)
    if info.enum:
        return info.enum_label(value)
    if info.format == "bcp-47":
        return language_name(value)
    if info.format == "iso-3166-1":
        return country_name(value)
    return value
