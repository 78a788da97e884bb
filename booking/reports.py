"""Demand and feedback reports for coordinators: SQL aggregates with the filters in the query.

Every report is one query whatever the number of requests: the database groups and counts,
Python only lays out the (few) grouped rows. Periods are local calendar days; requests are
counted by the day they were made.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, func, select

from booking import csv_files
from booking.domain.calendar import ClosedDays
from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import Feedback, School, TalkRequest, Topic, User
from booking.services.closures import closed_days

UNMET_AFTER_WORKING_DAYS = 5
# Closures as far back as this can stretch "5 working days ago" (a long school holiday).
LOOKBACK = timedelta(days=366)
WAITING = (RequestStatus.REQUESTED.value, RequestStatus.PROPOSED.value)


@dataclass(frozen=True)
class Filters:
    first_day: date
    last_day: date
    age_group: str = ""
    area: str = ""
    officer_id: int | None = None


def school_year(today: date) -> tuple[date, date]:
    """The school year containing `today`: 1 September to 31 August."""
    start_year = today.year if today.month >= 9 else today.year - 1
    return date(start_year, 9, 1), date(start_year + 1, 8, 31)


def _utc(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight at the start of `day` as naive UTC, the way `created_at` is stored."""
    return datetime.combine(day, time(0), zone).astimezone(UTC).replace(tzinfo=None)


def overdue_made_before(today: date, closed: ClosedDays, zone: ZoneInfo) -> datetime:
    """Requests made before this moment have waited more than the allowed working days.

    A request made on day D is overdue when more than UNMET_AFTER_WORKING_DAYS working days
    lie in (D, today]; the count only falls as D moves later, so the latest such D bounds it.
    One walk back from today, each day looked at once, however long the closures before it.
    """
    day, counted = today, 0  # counted: working days in (day, today]
    while counted <= UNMET_AFTER_WORKING_DAYS:
        counted += closed.is_working_day(day)
        day -= timedelta(days=1)
    return _utc(day + timedelta(days=1), zone)


def _filtered(query: Select, filters: Filters, zone: ZoneInfo) -> Select:
    query = query.where(
        TalkRequest.created_at >= _utc(filters.first_day, zone),
        TalkRequest.created_at < _utc(filters.last_day + timedelta(days=1), zone),
    )
    if filters.age_group:
        query = query.where(TalkRequest.age_group == filters.age_group)
    if filters.area:
        query = query.where(
            TalkRequest.school_id.in_(select(School.id).where(School.area == filters.area))
        )
    if filters.officer_id:
        query = query.where(TalkRequest.officer_id == filters.officer_id)
    return query


def _count_when(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _measures(overdue_before: datetime) -> list:
    status = TalkRequest.status
    return [
        func.count(TalkRequest.id).label("requested"),
        _count_when(status.in_(WAITING)).label("waiting"),
        _count_when(status == RequestStatus.CONFIRMED.value).label("confirmed"),
        _count_when(status == RequestStatus.DELIVERED.value).label("delivered"),
        _count_when(status == RequestStatus.DECLINED.value).label("declined"),
        _count_when(status == RequestStatus.CANCELLED.value).label("cancelled"),
        func.coalesce(
            func.sum(
                case(
                    (status == RequestStatus.DELIVERED.value, TalkRequest.pupils_reached),
                    else_=0,
                )
            ),
            0,
        ).label("pupils_reached"),
        _count_when(and_(status.in_(WAITING), TalkRequest.created_at < overdue_before)).label(
            "waiting_too_long"
        ),
    ]


@dataclass
class Figures:
    requested: int = 0
    waiting: int = 0
    confirmed: int = 0
    delivered: int = 0
    declined: int = 0
    cancelled: int = 0
    pupils_reached: int = 0
    waiting_too_long: int = 0

    @property
    def unmet(self) -> int:
        """Demand no officer met: declined, or still waiting too long."""
        return self.declined + self.waiting_too_long

    def add(self, other: Figures) -> None:
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))

    @classmethod
    def of(cls, row) -> Figures:
        return cls(**{item.name: int(getattr(row, item.name) or 0) for item in fields(cls)})


@dataclass
class TopicRow:
    topic_id: int
    name: str
    active: bool
    figures: Figures


@dataclass
class Demand:
    filters: Filters
    rows: list[TopicRow]
    totals: Figures = field(default_factory=Figures)

    @property
    def largest(self) -> int:
        return max([row.figures.requested for row in self.rows] + [1])


def demand_by_topic(filters: Filters, today: date, zone: ZoneInfo) -> Demand:
    """One row per topic, retired topics included, with the period's figures."""
    overdue_before = overdue_made_before(today, closed_days(today - LOOKBACK, today), zone)
    counts = (
        _filtered(select(TalkRequest.topic_id, *_measures(overdue_before)), filters, zone)
        .group_by(TalkRequest.topic_id)
        .subquery()
    )
    names = [item.name for item in fields(Figures)]
    query = (
        select(Topic.id, Topic.name, Topic.active, *[counts.c[name] for name in names])
        .outerjoin(counts, counts.c.topic_id == Topic.id)
        .order_by(Topic.name)
    )
    demand = Demand(filters, [])
    for row in db.session.execute(query):
        figures = Figures.of(row)
        demand.rows.append(TopicRow(row.id, row.name, row.active, figures))
        demand.totals.add(figures)
    return demand


def _month_key():
    if db.engine.dialect.name == "postgresql":
        return func.to_char(TalkRequest.created_at, "YYYY-MM")
    return func.strftime("%Y-%m", TalkRequest.created_at)


@dataclass
class MonthRow:
    month: date
    figures: Figures

    @property
    def label(self) -> str:
        return self.month.strftime("%B %Y")


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def demand_by_month(filters: Filters, today: date, zone: ZoneInfo) -> list[MonthRow]:
    """The same figures month by month (by the month a request was made), empty months too."""
    overdue_before = overdue_made_before(today, closed_days(today - LOOKBACK, today), zone)
    month = _month_key().label("month")
    query = _filtered(select(month, *_measures(overdue_before)), filters, zone).group_by(month)
    found = {row.month: Figures.of(row) for row in db.session.execute(query)}
    return [
        MonthRow(start, found.get(start.strftime("%Y-%m"), Figures()))
        for start in months_between(filters.first_day, filters.last_day)
    ]


# The figures' column headings, in order, for the pages and the CSV alike.
FIGURE_HEADINGS = (
    "Requested",
    "Waiting",
    "Confirmed",
    "Delivered",
    "Declined",
    "Cancelled",
    "Pupils reached",
    f"Waiting more than {UNMET_AFTER_WORKING_DAYS} working days",
    "Unmet demand",
)
CSV_HEADER = ("Topic", "Retired", *FIGURE_HEADINGS)


def _csv_numbers(figures: Figures) -> list[int]:
    return [
        figures.requested,
        figures.waiting,
        figures.confirmed,
        figures.delivered,
        figures.declined,
        figures.cancelled,
        figures.pupils_reached,
        figures.waiting_too_long,
        figures.unmet,
    ]


def demand_csv(demand: Demand) -> str:
    rows = [
        [row.name, "" if row.active else "yes", *_csv_numbers(row.figures)] for row in demand.rows
    ]
    return csv_files.write([CSV_HEADER, *rows, ["Total", "", *_csv_numbers(demand.totals)]])


@dataclass(frozen=True)
class FeedbackSummary:
    label: str
    forms: int
    average: float | None


@dataclass(frozen=True)
class FeedbackComment:
    reference: str
    topic: str
    officer: str
    rating: int
    comments: str


@dataclass
class FeedbackReport:
    by_topic: list[FeedbackSummary]
    by_officer: list[FeedbackSummary]
    comments: list[FeedbackComment]


def _feedback_summary(label_column, group_column, filters: Filters, zone: ZoneInfo):
    query = (
        select(
            label_column.label("label"),
            func.count(Feedback.id).label("forms"),
            func.avg(Feedback.rating).label("average"),
        )
        .select_from(Feedback)
        .join(TalkRequest, TalkRequest.id == Feedback.request_id)
        .join(Topic, Topic.id == TalkRequest.topic_id)
        .outerjoin(User, User.id == TalkRequest.officer_id)
        .group_by(group_column, label_column)
        .order_by(label_column)
    )
    return [
        FeedbackSummary(row.label or "No officer", row.forms, _rounded(row.average))
        for row in db.session.execute(_filtered(query, filters, zone))
    ]


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 1)


COMMENTS_SHOWN = 100


def feedback_report(filters: Filters, zone: ZoneInfo) -> FeedbackReport:
    """Forms, average rating and comments per topic and per officer, for requests made in
    the period."""
    comments = (
        select(
            TalkRequest.reference, Topic.name, User.full_name, Feedback.rating, Feedback.comments
        )
        .select_from(Feedback)
        .join(TalkRequest, TalkRequest.id == Feedback.request_id)
        .join(Topic, Topic.id == TalkRequest.topic_id)
        .outerjoin(User, User.id == TalkRequest.officer_id)
        .where(Feedback.comments != "")
        .order_by(Feedback.created_at.desc(), Feedback.id.desc())
        .limit(COMMENTS_SHOWN)
    )
    return FeedbackReport(
        by_topic=_feedback_summary(Topic.name, Topic.id, filters, zone),
        by_officer=_feedback_summary(User.full_name, User.id, filters, zone),
        comments=[
            FeedbackComment(ref, topic, officer or "No officer", rating, text)
            for ref, topic, officer, rating, text in db.session.execute(
                _filtered(comments, filters, zone)
            )
        ],
    )
