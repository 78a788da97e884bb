"""Times officers propose instead of the teacher's options.

A proposed time is held for its officer until the school answers or the officer withdraws it
(the diary counts it, see services/availability.diary_for), and it obeys the same date rules
as the teacher's options. When a time can no longer be taken (the officer's diary changed, the
officer left the service), the teacher is told so in their own terms, and it is not offered.
"""

from __future__ import annotations

from datetime import date, datetime

from booking import clock
from booking.domain.availability import Diary, session_problem
from booking.domain.errors import NotAllowed, RuleBroken
from booking.domain.lifecycle import Action
from booking.domain.options import date_problem, latest_day
from booking.domain.vocabulary import RequestStatus, Role, UserStatus
from booking.models import Proposal, TalkRequest, User
from booking.notifications.outbox import queue_email
from booking.services import transitions
from booking.services.availability import diary_for
from booking.services.closures import closed_days
from booking.services.locks import lock_request
from booking.services.request_talk import option_rules


def date_problems(starts_list: list[tuple[int, datetime]], today: date) -> list[RuleBroken]:
    """The teacher's date rules for each proposed time, on its date field ("day_1")."""
    rules = option_rules()
    closed = closed_days(today, latest_day(today, rules))
    problems = []
    for number, starts in starts_list:
        problem = date_problem(
            starts.date(), f"Date {number}", f"day_{number}", today, closed, rules
        )
        if problem:
            problems.append(problem)
    return problems


def diaries_for(talk: TalkRequest) -> dict[int, Diary]:
    """Each proposing officer's diary over the days of their proposed times: one load for
    every proposed time of the request."""
    days: dict[int, list[date]] = {}
    for proposal in talk.proposals:
        days.setdefault(proposal.officer_id, []).append(proposal.starts_at.date())
    return {
        officer_id: diary_for(officer_id, min(found), max(found), exclude_id=talk.id)
        for officer_id, found in days.items()
    }


def gone_reason(talk: TalkRequest, proposal: Proposal, now: datetime, diary: Diary) -> str | None:
    """Why the teacher can no longer take this proposed time, in their terms; None if they can.
    `diary` is the proposing officer's, without this request."""
    officer = proposal.officer
    if officer.status == UserStatus.DEACTIVATED:
        return f"This time has gone: {officer.full_name} no longer gives talks for the service"
    problem = session_problem(diary, proposal.starts_at, proposal.ends_at, talk.school_id, now=now)
    if problem is None:
        return None
    if proposal.starts_at <= now:
        return "This time has passed"
    return f"This time has gone: {officer.full_name} is no longer free then"


Offered = list[tuple[Proposal, str | None]]


def offered(talk: TalkRequest, now: datetime, diaries: dict[int, Diary] | None = None) -> Offered:
    """Each open proposal with why it is gone (None while the teacher can accept it)."""
    if talk.status_enum != RequestStatus.PROPOSED:
        return []
    diaries = diaries_for(talk) if diaries is None else diaries
    return [(p, gone_reason(talk, p, now, diaries[p.officer_id])) for p in talk.proposals]


def what_to_do(talk: TalkRequest, taken: Proposal, choices: Offered | None = None) -> str:
    """What a teacher can do when the time they chose has gone."""
    choices = offered(talk, clock.now_local()) if choices is None else choices
    others = [p for p, why in choices if why is None and p is not taken]
    if others:
        return (
            "Choose another proposed time below, or reject them to have the request looked at again"
        )
    return (
        "Reject the proposed times to have the request looked at again, or wait: the officer "
        "can confirm one of your own choices or propose another time"
    )


def withdraw(talk: TalkRequest, actor: User, reason: str, *, ip_address: str = "") -> None:
    """The proposed times are taken back: the request waits for an officer again, the officer's
    time is free again, and the teacher is told."""
    lock_request(talk)
    officers = {p.officer for p in talk.proposals}
    if actor.role == Role.OFFICER and any(o.id != actor.id for o in officers):
        raise NotAllowed("Only the officer who proposed these times can withdraw them", "reason")
    transitions.move(talk, Action.WITHDRAW, actor, reason=reason, ip_address=ip_address)
    talk.proposals.clear()
    queue_email(
        talk.teacher.email,
        "proposal_withdrawn",
        subject=f"{talk.reference}: proposed times withdrawn",
        request=talk,
        talk=talk,
        officers=sorted(o.full_name for o in officers),
        reason=reason,
        person=talk.teacher,
    )
