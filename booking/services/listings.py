"""The lists of requests each role works from. One query per list, whatever its length."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import Proposal, RequestOption, School, TalkRequest, User

PAGE_SIZE = 25
COUNT_CAP = 10_000


def _with_details(query: Select) -> Select:
    return query.options(
        joinedload(TalkRequest.topic),
        joinedload(TalkRequest.school),
        joinedload(TalkRequest.officer),
        selectinload(TalkRequest.options),
    )


def school_requests(school_id: int) -> list[TalkRequest]:
    """A school's requests, newest first (colleagues' requests included)."""
    query = (
        select(TalkRequest)
        .where(TalkRequest.school_id == school_id)
        .order_by(TalkRequest.created_at.desc(), TalkRequest.id.desc())
    )
    return list(db.session.execute(_with_details(query)).scalars())


def proposers(school_id: int) -> dict[int, str]:
    """Per proposed request of the school, the officer who proposed its times (one query)."""
    rows = db.session.execute(
        select(Proposal.request_id, User.full_name)
        .join(User, User.id == Proposal.officer_id)
        .join(TalkRequest, TalkRequest.id == Proposal.request_id)
        .where(TalkRequest.school_id == school_id)
        .where(TalkRequest.status == RequestStatus.PROPOSED.value)
        .order_by(Proposal.request_id, Proposal.position)
    )
    names: dict[int, str] = {}
    for request_id, name in rows:
        names.setdefault(request_id, name)
    return names


@dataclass(frozen=True)
class OpenFilters:
    topic_id: int | None = None
    areas: tuple[str, ...] = ()
    status: str = ""


def open_requests(filters: OpenFilters, page: int = 1) -> Page:
    """Requests waiting for an officer, the earliest first option first, a page at a time."""
    statuses = [s.value for s in RequestStatus if s.is_open]
    query = select(TalkRequest).where(TalkRequest.status.in_(statuses))
    if filters.status in statuses:
        query = query.where(TalkRequest.status == filters.status)
    if filters.topic_id is not None:
        query = query.where(TalkRequest.topic_id == filters.topic_id)
    if filters.areas:
        query = query.where(
            TalkRequest.school_id.in_(select(School.id).where(School.area.in_(filters.areas)))
        )
    first_day = (
        select(func.min(RequestOption.day))
        .where(RequestOption.request_id == TalkRequest.id)
        .scalar_subquery()
    )
    return paginate(query.order_by(first_day, TalkRequest.id), page)


@dataclass(frozen=True)
class Page:
    items: list[TalkRequest]
    number: int
    total: int
    capped: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def paginate(query: Select, page: int) -> Page:
    """One page of an ordered query of requests, with what every list shows of them, and how
    many there are, counted no further than COUNT_CAP: past that, "more than 10,000" serves a
    person as well as the exact number, at a fraction of the cost on a national table."""
    counted = select(func.count()).select_from(
        query.order_by(None).with_only_columns(TalkRequest.id).limit(COUNT_CAP + 1).subquery()
    )
    total = db.session.execute(counted).scalar_one()
    page = max(1, min(page, max(1, -(-min(total, COUNT_CAP) // PAGE_SIZE))))
    query = _with_details(query).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    items = db.session.execute(query).scalars()
    return Page(list(items), page, min(total, COUNT_CAP), capped=total > COUNT_CAP)
