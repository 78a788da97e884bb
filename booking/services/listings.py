"""The lists of requests each role works from. One query per list, whatever its length."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload, selectinload

from booking.domain.vocabulary import RequestStatus
from booking.extensions import db
from booking.models import RequestOption, TalkRequest

PAGE_SIZE = 25


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


def open_requests() -> list[TalkRequest]:
    """Requests waiting for an officer, the earliest first option first."""
    first_day = (
        select(func.min(RequestOption.day))
        .where(RequestOption.request_id == TalkRequest.id)
        .scalar_subquery()
    )
    query = (
        select(TalkRequest)
        .where(TalkRequest.status.in_([s.value for s in RequestStatus if s.is_open]))
        .order_by(first_day, TalkRequest.id)
    )
    return list(db.session.execute(_with_details(query)).scalars())


@dataclass(frozen=True)
class Page:
    items: list[TalkRequest]
    number: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


def all_requests(page: int = 1) -> Page:
    """Every request, newest first, a page at a time."""
    total = db.session.execute(select(func.count(TalkRequest.id))).scalar_one()
    page = max(1, page)
    query = (
        select(TalkRequest)
        .order_by(TalkRequest.created_at.desc(), TalkRequest.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return Page(list(db.session.execute(_with_details(query)).scalars()), page, total)
