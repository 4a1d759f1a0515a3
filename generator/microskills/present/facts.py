"""The one presenter of credential facts and pathway figures, as text: the credential page, Compare
and the exports' text all word a fact through here."""

from __future__ import annotations

from microskills.model import CostStatus, Credential, Route, Stage
from microskills.present.wording import format_money, format_number, label
from microskills.registry import fields


def format_cost(credential: Credential, *, note: bool = True) -> str | None:
    """The cost as the page, the result list and the tables show it; None when no price is
    recorded (the page then says which kind of absence it is). A result line leaves out the
    note (`note=False`): one line per result, the page has the rest."""
    status = credential.cost_status
    cost = credential.cost
    if cost is None or status in (CostStatus.UNPUBLISHED, CostStatus.UNRECORDED):
        return None
    if status is CostStatus.PRICED and cost.amount is not None:
        text = format_money(cost.amount, cost.currency)
        if cost.amount_max is not None:
            text += f"–{format_number(cost.amount_max)}"
        if cost.billing:
            text += f" {label(cost.billing)}"
        if cost.region:
            text += f" in {cost.region}"
    else:
        text = status.value
    if note and cost.note:
        text += f" ({cost.note})"
    return text


def _range(low: float, high: float | None) -> str:
    return format_number(low) if high is None else f"{format_number(low)}–{format_number(high)}"


def _count(low: float, high: float | None, unit: str) -> str:
    """ "1 hour", "2 hours", "1–2 hours": singular only for exactly one, as the figure reads."""
    figure = _range(low, high)
    return f"{figure} {unit}" + ("" if figure == "1" else "s")


def workload_text(credential: Credential) -> str:
    parts = []
    if credential.hours:
        parts.append(_count(credential.hours, credential.hours_max, "hour"))
    if credential.ects:
        parts.append(_count(credential.ects, None, "ECTS credit"))
    if credential.credits:
        parts.append(f"{format_number(credential.credits)} {credential.credit_system}")
    text = " · ".join(parts)
    return f"{text} ({credential.workload_note})" if credential.workload_note else text


def duration_text(credential: Credential) -> str:
    """Weeks as published, a range as a range, and how a derived figure was derived."""
    if not credential.duration_weeks:
        return ""
    text = _count(credential.duration_weeks, credential.duration_weeks_max, "week")
    return f"{text} ({credential.duration_note})" if credential.duration_note else text


def exam_text(credential: Credential) -> str:
    """The exam's published facts on one line: length, questions, pass mark, delivery, price per
    attempt, version. Empty when none is recorded."""
    exam = credential.exam
    parts = []
    if exam is not None:
        if exam.minutes:
            parts.append(_count(exam.minutes, None, "minute"))
        if exam.questions:
            parts.append(f"{_range(exam.questions, exam.questions_max)} questions")
        if exam.passing_score:
            parts.append(f"pass mark {exam.passing_score}")
        if exam.delivery:
            delivery = fields.field_info("credential", "exam.delivery")
            parts.append(", ".join(delivery.enum_label(d).lower() for d in exam.delivery))
    price = credential.price_per_attempt
    if price is not None:
        money = "free" if price.amount == 0 else format_money(price.amount, price.currency)
        parts.append(f"{money} per attempt" + (f" in {price.region}" if price.region else ""))
    if exam is not None and exam.version:
        parts.append(f"version {exam.version}")
    if not parts and exam is not None:  # only the policies are published
        if exam.retake_policy:
            parts.append(f"Retakes: {exam.retake_policy}")
        elif exam.preparation:
            parts.append("Official preparation: " + ", ".join(prep.title for prep in exam.preparation))
    return " · ".join(parts)


def rule_text(stage: Stage) -> str:
    """How a learner completes a stage, in words."""
    if stage.rule == "all":
        return "Complete this:" if len(stage.items) == 1 else f"Complete all {len(stage.items)} of these:"
    if stage.rule == "any":
        return "Complete this:" if len(stage.items) == 1 else "Complete any one of these:"
    return f"Complete at least {stage.count} of these {len(stage.items)}:"


def format_route_cost(route: Route) -> str:
    parts = [format_money(amount, currency) for currency, amount in route.cost.items()]
    if not route.cost_unknown:
        return " + ".join(parts) if parts else "Free"
    missing = f"({route.cost_unknown} item{'s' if route.cost_unknown != 1 else ''} without a published price)"
    return f"at least {' + '.join(parts)} {missing}" if parts else f"not published {missing}"


def format_route_figure(total: float, unknown: int, unit: str) -> str:
    if unknown and not total:
        return "not published"
    text = f"{format_number(total)} {unit}"
    if unknown:
        text = f"at least {text} ({unknown} item{'s' if unknown != 1 else ''} without published {unit})"
    return text
