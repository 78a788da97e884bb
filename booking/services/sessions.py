"""Officers' use cases on a request: confirm, propose, decline, deliver, cancel; and the
teacher's answer to a proposal (accept or reject).

Booking a session is the one place two people can race: two tabs of one officer, or two
officers on one request. `_book` therefore takes the officer's row lock first (PostgreSQL:
SELECT ... FOR UPDATE; SQLite: an UPDATE, which takes the database write lock), then the
request's row, and only then reads the diary. The exclusion constraints of PostgreSQL stay
the backstop; their violation becomes the same message as the check in Python.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from booking import clock
from booking.domain.availability import Diary, check_within_option, clash, session_problem
from booking.domain.calendar import at, busy_span, day_label
from booking.domain.errors import NotAllowed, RuleBroken, RulesBroken
from booking.domain.lifecycle import Action
from booking.domain.vocabulary import MAX_OPTIONS, MAX_PUPILS, RequestStatus
from booking.extensions import db
from booking.models import Proposal, TalkRequest, User
from booking.notifications.session_mail import (
    mail_cancelled,
    mail_confirmed,
    mail_declined,
    mail_proposal_answer,
    mail_proposed,
)
from booking.services import proposals, transitions
from booking.services.availability import diary_for
from booking.services.locks import lock_officer, lock_request


def _book(
    talk: TalkRequest,
    officer: User,
    starts: datetime,
    length: timedelta,
    *,
    action: Action,
    actor: User,
    field: str,
    ip_address: str,
    diary: Diary | None = None,
) -> None:
    """Book the session, checked against the officer's diary read under their lock (`diary`
    when the caller has already read it under that lock, covering the day, without `talk`)."""
    lock_officer(officer.id)
    lock_request(talk)
    if RequestStatus(talk.status).holds_session:
        holder = talk.officer.full_name if talk.officer else "another officer"
        raise RuleBroken(f"This request is already confirmed by {holder}", field)
    ends = starts + length
    if diary is None:
        diary = diary_for(officer.id, starts.date(), starts.date(), exclude_id=talk.id)
    problem = session_problem(diary, starts, ends, talk.school_id, now=clock.now_local())
    if problem:
        raise RuleBroken(problem.message, field)
    buffer = current_app.config["TRAVEL_BUFFER_MINUTES"]
    try:
        with db.session.begin_nested():
            transitions.move(talk, action, actor, ip_address=ip_address)
            talk.officer_id = officer.id
            talk.starts_at, talk.ends_at = starts, ends
            talk.busy_from, talk.busy_until = busy_span(starts, ends, buffer)
            db.session.flush()
    except NotAllowed as error:
        raise NotAllowed(error.message, field) from None
    except IntegrityError as error:
        if "ex_talk_requests" not in str(error.orig):
            raise
        raise RuleBroken(_clash_message(officer.id, talk.school_id, starts, ends), field) from None


def _clash_message(officer_id: int, school_id: int, starts: datetime, ends: datetime) -> str:
    """The database refused the session (the exclusion constraints): say what it clashes with."""
    problem = clash(diary_for(officer_id, starts.date(), starts.date()), starts, ends, school_id)
    return problem.message if problem else "This time is no longer free"


def confirm(
    talk: TalkRequest, officer: User, *, position: int, start: time, ip_address: str = ""
) -> None:
    """Confirm one of the teacher's options at `start`."""
    option = next((o for o in talk.options if o.position == position), None)
    if option is None:
        raise RuleBroken("Choose one of the teacher's options", "option")
    length = talk.length_minutes
    check_within_option(start, length, option.earliest_start, option.latest_finish, "start_time")
    _book(
        talk,
        officer,
        at(option.day, start),
        timedelta(minutes=length),
        action=Action.CONFIRM,
        actor=officer,
        field="start_time",
        ip_address=ip_address,
    )
    talk.proposals.clear()
    mail_confirmed(talk)
    db.session.flush()


def _check_teacher(talk: TalkRequest, teacher: User) -> None:
    if teacher.school_id != talk.school_id:
        raise NotAllowed("Only teachers of the school can answer a proposed time", "proposal")


def accept_proposal(
    talk: TalkRequest, proposal: Proposal, teacher: User, *, ip_address: str = ""
) -> None:
    """The teacher takes a proposed time: it is re-checked against the officer's diary now, and
    a time that has gone meanwhile is refused in the teacher's terms (not the officer's)."""
    _check_teacher(talk, teacher)
    if proposal.request_id != talk.id:
        raise NotAllowed("This proposed time belongs to another request", "proposal")
    officer = db.session.get(User, proposal.officer_id)
    lock_officer(officer.id)
    lock_request(talk)
    diaries = proposals.diaries_for(talk)
    choices = proposals.offered(talk, clock.now_local(), diaries)
    why = next((why for p, why in choices if p is proposal), None)
    if why:
        raise RuleBroken(f"{why}. {proposals.what_to_do(talk, proposal, choices)}", "proposal")
    try:
        _book(
            talk,
            officer,
            proposal.starts_at,
            proposal.ends_at - proposal.starts_at,
            action=Action.ACCEPT,
            actor=teacher,
            field="proposal",
            ip_address=ip_address,
            diary=diaries.get(officer.id),
        )
    except RuleBroken as error:
        if isinstance(error, NotAllowed) or RequestStatus(talk.status).holds_session:
            raise
        gone = f"This time has gone: {officer.full_name} is no longer free then"
        raise RuleBroken(f"{gone}. {proposals.what_to_do(talk, proposal)}", "proposal") from None
    talk.proposals.clear()
    mail_proposal_answer(talk, officer, accepted=True)
    mail_confirmed(talk, officer_too=False)
    db.session.flush()


def reject_proposal(
    talk: TalkRequest, teacher: User, *, reason: str = "", ip_address: str = ""
) -> None:
    """None of the proposed times suit: the request waits for an officer again."""
    _check_teacher(talk, teacher)
    lock_request(talk)
    officers = {p.officer for p in talk.proposals}
    transitions.move(talk, Action.REJECT, teacher, reason=reason.strip(), ip_address=ip_address)
    talk.proposals.clear()
    for officer in officers:
        mail_proposal_answer(talk, officer, accepted=False, reason=reason.strip())
    db.session.flush()


def propose(
    talk: TalkRequest,
    officer: User,
    times: list[tuple[int, date, time | None]],
    *,
    ip_address: str = "",
) -> None:
    """Offer one to three other times (numbered 1-3 as on the form), each one that fits.
    Every time that does not fit is reported at once, on its date or its start time."""
    if not times:
        raise RuleBroken("Enter at least one date and start time", "day_1")
    if len(times) > MAX_OPTIONS:
        raise RuleBroken(f"Propose up to {MAX_OPTIONS} times", "day_1")
    problems = [
        RuleBroken(f"Enter a start time for date {n}", f"start_{n}")
        for n, _, start in times
        if start is None
    ]
    length = timedelta(minutes=talk.length_minutes)
    starts_list = [(n, at(day, start)) for n, day, start in times if start is not None]
    days = [s.date() for _, s in starts_list] or [date.min]
    lock_officer(officer.id)  # a proposed time holds the officer's time, as a session does
    diary = diary_for(officer.id, min(days), max(days), exclude_id=talk.id)
    dated = proposals.date_problems(starts_list, clock.today())
    problems += dated
    seen = set()
    for number, starts in starts_list:
        if any(p.field == f"day_{number}" for p in dated):
            continue
        if starts in seen:
            problems.append(
                RuleBroken("You proposed this time twice: choose another", f"start_{number}")
            )
            continue
        seen.add(starts)
        problem = session_problem(
            diary, starts, starts + length, talk.school_id, now=clock.now_local()
        )
        if problem:
            on = "day" if problem.field == "day" else "start"
            problems.append(RuleBroken(problem.message, f"{on}_{number}"))
    if problems:
        raise RulesBroken(problems)
    lock_request(talk)
    offered = "; ".join(
        f"{day_label(s.date())}, {s:%H:%M} to {(s + length):%H:%M}" for _, s in starts_list
    )
    transitions.move(talk, Action.PROPOSE, officer, reason=offered, ip_address=ip_address)
    talk.proposals.clear()
    db.session.flush()
    for position, (_, starts) in enumerate(starts_list, start=1):
        talk.proposals.append(
            Proposal(
                officer_id=officer.id, position=position, starts_at=starts, ends_at=starts + length
            )
        )
    db.session.flush()
    mail_proposed(talk, officer)


def decline(talk: TalkRequest, officer: User, reason: str, *, ip_address: str = "") -> None:
    if not reason.strip():
        raise RuleBroken("Enter why you are declining the request", "reason")
    lock_request(talk)
    transitions.move(talk, Action.DECLINE, officer, reason=reason.strip(), ip_address=ip_address)
    talk.proposals.clear()
    mail_declined(talk, reason.strip())
    db.session.flush()


def _own_session(talk: TalkRequest, officer: User) -> None:
    if talk.officer_id != officer.id:
        raise NotAllowed("This is another officer's session")


def is_past_its_day(talk: TalkRequest, today: date) -> bool:
    """A talk can be marked as delivered on or after its day, not before."""
    return talk.starts_at is not None and talk.starts_at.date() <= today


def check_pupils_reached(pupils_reached: int) -> None:
    """A delivered talk reached someone: a talk to nobody did not take place (cancel it)."""
    if not 1 <= pupils_reached <= MAX_PUPILS:
        raise RuleBroken(f"Pupils reached must be between 1 and {MAX_PUPILS}", "pupils_reached")


def deliver(
    talk: TalkRequest, officer: User, pupils_reached: int, *, today: date, ip_address: str = ""
) -> None:
    """Record that the talk took place: on or after its day."""
    _own_session(talk, officer)
    if not is_past_its_day(talk, today):
        day = day_label(talk.starts_at.date()) if talk.starts_at else ""
        raise RuleBroken(
            f"You can mark the talk as delivered on or after its day ({day})", "pupils_reached"
        )
    check_pupils_reached(pupils_reached)
    lock_request(talk)
    transitions.move(
        talk,
        Action.DELIVER,
        officer,
        reason=f"{pupils_reached} pupils reached",
        ip_address=ip_address,
    )
    talk.pupils_reached = pupils_reached
    db.session.flush()


def cancel(talk: TalkRequest, officer: User, reason: str, *, ip_address: str = "") -> None:
    """An officer cancels one of their own confirmed sessions; the teacher is told why."""
    _own_session(talk, officer)
    if not reason.strip():
        raise RuleBroken("Enter why you are cancelling the session", "reason")
    lock_request(talk)
    if talk.status != RequestStatus.CONFIRMED:
        raise NotAllowed("Only a confirmed session can be cancelled", "reason")
    transitions.move(talk, Action.CANCEL, officer, reason=reason.strip(), ip_address=ip_address)
    mail_cancelled(talk, officer, reason.strip())
    db.session.flush()
