"""Requests with their options, history, feedback and proposals, in batches of plain rows."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from bench.data import (
    COMMENTS,
    FUTURE_MIX,
    HALF_BUFFER,
    LENGTHS,
    PAST_MIX,
    SLOTS,
    Calendar,
    Plan,
    _dt,
    _pick,
    _t,
    officer_id,
    reference,
    teacher_id,
)

HOLDING = ("confirmed", "delivered")
NINE, THREE = _t(time(9)), _t(time(15, 30))


@dataclass
class Batch:
    talk_requests: list = field(default_factory=list)
    request_options: list = field(default_factory=list)
    audit_events: list = field(default_factory=list)
    feedback: list = field(default_factory=list)
    proposals: list = field(default_factory=list)


class RequestMaker:
    def __init__(self, plan: Plan, calendar: Calendar, topics: list[tuple]):
        self.plan, self.calendar = plan, calendar
        self.rng = random.Random(plan.seed)
        self.by_age = {
            "primary": [t for t in topics if t[1]],
            "secondary": [t for t in topics if t[2]],
        }
        self.area_officers: dict[int, list[int]] = {}
        for n in range(plan.officers):
            self.area_officers.setdefault(n % plan.areas, []).append(officer_id(plan, n))
        self.used: dict[tuple[int, int], int] = {}
        self.today_index = calendar.at_or_after(plan.today)
        start = datetime.combine(plan.first_day, time(7))
        self.start, self.span = start, (plan.now.replace(tzinfo=None) - start).total_seconds()

    def batches(self, size: int) -> Iterator[Batch]:
        batch = Batch()
        for request_id in range(1, self.plan.requests + 1):
            self._one(request_id, batch)
            if len(batch.talk_requests) >= size:
                yield batch
                batch = Batch()
        if batch.talk_requests:
            yield batch

    def _slot(self, area: int, first: int) -> tuple[int, int] | None:
        """The first free (officer, slot) on or after working day `first` in the area."""
        for day in range(first, min(first + 10, len(self.calendar.days))):
            for officer in self.area_officers[area]:
                taken = self.used.get((officer, day), 0)
                if taken < len(SLOTS):
                    self.used[(officer, day)] = taken + 1
                    return officer, day * len(SLOTS) + taken
        return None

    def _one(self, request_id: int, batch: Batch) -> None:
        rng, plan = self.rng, self.plan
        school = rng.randrange(plan.schools)
        phase = ("primary",) * 7 + ("secondary", "secondary", "all-through")
        age = phase[school % 10] if school % 10 != 9 else rng.choice(("primary", "secondary"))
        topic = rng.choice(self.by_age[age])
        length = topic[3] if rng.random() < 0.6 else rng.choice(LENGTHS)
        made = self.start + timedelta(
            seconds=self.span * (request_id - rng.random()) / plan.requests
        )
        first = self.calendar.at_or_after(made.date()) + 10 + rng.randrange(40)
        days = [first + k * (1 + rng.randrange(5)) for k in range(rng.choice((1, 2, 3, 3)))]
        for position, day in enumerate(days, start=1):
            batch.request_options.append(
                (request_id, position, self.calendar.days[day].isoformat(), NINE, THREE)
            )
        status = _pick(rng, PAST_MIX if first < self.today_index else FUTURE_MIX)
        officer = starts = None
        if status == "declined":
            officer = self.area_officers[school % plan.areas][0]
        if status in HOLDING or status == "proposed":
            found = self._slot(school % plan.areas, first)
            if found is None:
                status = "declined"
            else:
                officer, slot = found
                day, slot_no = divmod(slot, len(SLOTS))
                starts = datetime.combine(self.calendar.days[day], SLOTS[slot_no])
                if status == "delivered" and day >= self.today_index:
                    status = "confirmed"
        pupils = 10 + rng.randrange(190)
        row = Row(request_id, school, topic[0], age, pupils, length, made, status, officer, starts)
        self._write(row, batch)

    def _write(self, row: Row, batch: Batch) -> None:
        plan, rng = self.plan, self.rng
        teacher = teacher_id(plan, row.school)
        ends = row.starts + timedelta(minutes=row.length) if row.starts else None
        holds = row.status in HOLDING
        reached = row.pupils - rng.randrange(5) if row.status == "delivered" else None
        events = history(row, teacher, ends, reached)
        batch.talk_requests.append(
            (row.id, reference(row.id), row.school + 1, teacher, row.topic, row.age)
            + (f"Year {rng.randrange(1, 12)}", row.pupils, row.length, "", row.status)
            + (row.officer if holds else None,)
            + ((_dt(row.starts), _dt(ends)) if holds else (None, None))
            + ((_dt(row.starts - HALF_BUFFER), _dt(ends + HALF_BUFFER)) if holds else (None, None))
            + (reached, len(events) - 1, _dt(row.made), _dt(events[-1][-1]))
        )
        for action, actor, before, after, detail, moment in events:
            batch.audit_events.append(
                (action, row.id, None, actor, before, after, detail, "", _dt(moment))
            )
        if row.status == "delivered" and rng.random() < 0.35:
            batch.feedback.append(
                (row.id, teacher, rng.choice((3, 4, 4, 5, 5, 5)), rng.choice(COMMENTS))
                + (_dt(ends + timedelta(days=1)),)
            )
        if row.status == "proposed":
            batch.proposals.append(
                (row.id, row.officer, 1, _dt(row.starts), _dt(ends), _dt(events[-1][-1]))
            )


@dataclass(frozen=True)
class Row:
    id: int
    school: int
    topic: int
    age: str
    pupils: int
    length: int
    made: datetime
    status: str
    officer: int | None
    starts: datetime | None


def history(row: Row, teacher: int, ends: datetime | None, reached: int | None) -> list[tuple]:
    """The audit events the real service would have written for the request's status."""
    made, officer = row.made, row.officer
    events = [("requested", teacher, None, "requested", "", made)]
    answered = made + timedelta(days=2)
    if row.status in HOLDING:
        events.append(("confirm", officer, "requested", "confirmed", "", answered))
    if row.status == "delivered":
        events.append(
            ("deliver", officer, "confirmed", "delivered", f"{reached} pupils reached", ends)
        )
    elif row.status == "proposed":
        events.append(("propose", officer, "requested", "proposed", "", answered))
    elif row.status == "declined":
        events.append(
            ("decline", officer, "requested", "declined", "No officer free then", answered)
        )
    elif row.status == "cancelled":
        events.append(("cancel", teacher, "requested", "cancelled", "Class trip moved", answered))
    return events
