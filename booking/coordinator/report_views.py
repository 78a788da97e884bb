"""Demand by topic (chart, table, CSV), demand by month, and feedback."""

from __future__ import annotations

from flask import Response, redirect, render_template, request, url_for

from booking import cleaning, clock, reports
from booking.coordinator import bp
from booking.coordinator.forms import DemandFilterForm
from booking.domain.vocabulary import AgeGroup
from booking.services import coordination


def _filter_form() -> DemandFilterForm:
    first, last = reports.school_year(clock.today())
    return DemandFilterForm(
        formdata=request.args or None,
        data={"first_day": first, "last_day": last},
        areas=coordination.areas(),
        officers=coordination.all_officers(),
    )


def _filters(form: DemandFilterForm) -> reports.Filters | None:
    """The filters asked for, or None when the form has errors to show."""
    if request.args and not form.validate():
        return None
    officer = form.officer.data
    return reports.Filters(
        first_day=form.first_day.data,
        last_day=form.last_day.data,
        age_group=form.age_group.data or "",
        area=form.area.data or "",
        officer_id=cleaning.whole_number(officer),
    )


def _described(filters: reports.Filters, form: DemandFilterForm) -> str:
    """The filters in words, for captions and the chart's text alternative."""
    parts = [f"requests made {filters.first_day:%-d %B %Y} to {filters.last_day:%-d %B %Y}"]
    if filters.age_group:
        parts.append(AgeGroup(filters.age_group).label.lower())
    if filters.area:
        parts.append(f"schools in {filters.area}")
    if filters.officer_id:
        names = {choice.value: choice.label for choice in form.officer.choices}
        parts.append(f"officer {names.get(str(filters.officer_id), 'unknown')}")
    return ", ".join(parts)


def _query_string() -> str:
    raw = request.query_string.decode()
    return f"?{raw}" if raw else ""


def _page(template: str, form, filters, **figures):
    """A report page: its figures, and the filters and their description every report shows."""
    return render_template(
        template,
        form=form,
        described=_described(filters, form) if filters else "",
        query=_query_string(),
        headings=reports.FIGURE_HEADINGS,
        unmet_days=reports.UNMET_AFTER_WORKING_DAYS,
        **figures,
    )


@bp.route("/demand")
def demand():
    form = _filter_form()
    filters = _filters(form)
    demand = (
        reports.demand_by_topic(filters, clock.today(), clock.local_zone()) if filters else None
    )
    return _page("coordinator/demand.html", form, filters, demand=demand)


@bp.route("/demand.csv")
def demand_csv():
    form = _filter_form()
    filters = _filters(form)
    if filters is None:
        return redirect(url_for("coordinator.demand") + _query_string())
    demand = reports.demand_by_topic(filters, clock.today(), clock.local_zone())
    name = f"demand-by-topic-{filters.first_day:%Y-%m-%d}-to-{filters.last_day:%Y-%m-%d}.csv"
    return Response(
        reports.demand_csv(demand).encode("utf-8"),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Type": "text/csv; charset=utf-8",
        },
    )


@bp.route("/demand/by-month")
def demand_by_month():
    form = _filter_form()
    filters = _filters(form)
    months = (
        reports.demand_by_month(filters, clock.today(), clock.local_zone()) if filters else None
    )
    largest = max([m.figures.requested for m in months or []] + [1])
    return _page("coordinator/demand_by_month.html", form, filters, months=months, largest=largest)


@bp.route("/feedback")
def feedback():
    form = _filter_form()
    filters = _filters(form)
    report = reports.feedback_report(filters, clock.local_zone()) if filters else None
    return _page("coordinator/feedback.html", form, filters, report=report)
