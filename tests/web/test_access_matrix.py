"""The access matrix: every route, with every method, for every kind of visitor, on their own
objects and on other people's.

Visitors: anonymous, a pending teacher, a teacher of school A, a teacher of school B, officer X,
officer Y and a coordinator. URL arguments are built from rows made here: the visitor's own
(their school's request, their own session, window, time off) and someone else's. A refused
request must answer as the rules say (sign-in page, approval page, 403 or 404) and leave every
table exactly as it was. No answer, refused or allowed, shows a reference the visitor may not
see. Every POST also carries fields no form has (`status`, `officer_id`, `school_id`,
`teacher_id`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from urllib.parse import unquote

from sqlalchemy import select

from booking.access import PUBLIC, SIGNED_IN
from booking.extensions import db, limiter
from booking.models import AvailabilityWindow, Closure, OutboxMessage, TalkRequest, TimeOff, User
from tests.access import access_rule_for
from tests.conftest import empty_tables
from tests.factories import PASSWORD

VISITORS = ("anonymous", "pending", "teacher_a", "teacher_b", "officer_x", "officer_y")
VISITORS += ("coordinator",)
ROLE_OF = dict(pending="teacher", teacher_a="teacher", teacher_b="teacher")
ROLE_OF.update(officer_x="officer", officer_y="officer", coordinator="coordinator")
OTHER = dict(teacher_a="teacher_b", teacher_b="teacher_a", officer_x="officer_y")
OTHER.update(officer_y="officer_x")
# What each visitor must never see: requests of another school, sessions of another officer.
HIDDEN = {
    "anonymous": ("request_teacher_a", "request_teacher_b", "session_officer_x"),
    "pending": ("request_teacher_a", "request_teacher_b", "session_officer_x"),
    "teacher_a": ("request_teacher_b", "session_officer_y"),
    "teacher_b": ("request_teacher_a", "session_officer_x"),
    "officer_x": ("session_officer_y",),
    "officer_y": ("session_officer_x",),
    "coordinator": (),
}
FORGED = {"status": "delivered", "officer_id": "", "school_id": "", "teacher_id": ""}
ACTIONS = {"coordinator.topic_retire": "retire", "coordinator.user_action": "approve"}
OWN_SESSION_ONLY = {"officer.deliver", "officer.cancel", "officer.correct_pupils"}
# Confirming or proposing on a request another officer has taken sends the officer back to the
# inbox, told who has it (the second of two simultaneous confirmations), and writes nothing.
TAKEN_MEANWHILE = {"officer.confirm", "officer.propose"}
NINE_TO_3 = (time(9), time(15))


def build_world(make) -> dict:
    """Two schools with a teacher and a request each, two officers with a session (X at school
    A, Y at school B), a window and time off each, a pending teacher, a coordinator, a closure."""
    w = {"school_a": make.school(), "school_b": make.school(), "topic": make.topic()}
    w["teacher_a"], w["teacher_b"] = make.teacher(w["school_a"]), make.teacher(w["school_b"])
    w["pending"] = make.teacher(w["school_a"], status="pending")
    w["officer_x"] = make.officer(calendar_token=f"feed-token-of-officer-x-{w['school_a'].id}")
    w["officer_y"] = make.officer()
    w["coordinator"] = make.coordinator()
    for teacher, officer, day in (("teacher_a", "officer_x", 24), ("teacher_b", "officer_y", 25)):
        w[f"request_{teacher}"] = make.talk_request(w[teacher], w["topic"])
        w[f"session_{officer}"] = make.confirmed(
            w[officer], datetime(2026, 3, day, 10), teacher=w[teacher], topic=w["topic"]
        )
        w[f"time_off_{officer}"] = TimeOff(
            officer_id=w[officer].id, first_day=date(2026, 4, 1), last_day=date(2026, 4, 2)
        )
        db.session.add(w[f"time_off_{officer}"])
        w[f"window_{officer}"] = (
            db.session.execute(
                select(AvailabilityWindow).where(AvailabilityWindow.officer_id == w[officer].id)
            )
            .scalars()
            .first()
        )
    w["area"] = make.area("Crewe")
    w["closure"] = Closure(first_day=date(2026, 5, 1), last_day=date(2026, 5, 1), reason="Inset")
    db.session.add(w["closure"])
    w["message"] = OutboxMessage(
        recipient=w["teacher_a"].email, subject="Failed", body_text="-", status="failed"
    )
    db.session.add(w["message"])
    db.session.commit()
    FORGED.update(
        officer_id=str(w["officer_y"].id),
        school_id=str(w["school_b"].id),
        teacher_id=str(w["teacher_b"].id),
    )
    return w


OWNED = {  # URL argument: (kind of row, attribute, who owns that kind)
    "request_id": ("request", "id", "teacher"),
    "reference": ("session", "reference", "officer"),
    "window_id": ("window", "id", "officer"),
    "time_off_id": ("time_off", "id", "officer"),
}


def variants(rule, w: dict, visitor: str) -> list[tuple[str, dict]]:
    """(own / other / open / any, URL arguments) for `rule` from the visitor's point of view."""
    for argument, (kind, attribute, owner_role) in OWNED.items():
        if argument not in rule.arguments:
            continue
        if ROLE_OF.get(visitor) == owner_role and visitor in OTHER:
            found = [
                ("own", {argument: getattr(w[f"{kind}_{visitor}"], attribute)}),
                ("other", {argument: getattr(w[f"{kind}_{OTHER[visitor]}"], attribute)}),
            ]
            if argument == "reference":
                found.append(("open", {argument: w["request_teacher_b"].reference}))
            return found
        example = w["request_teacher_a" if kind == "request" else f"{kind}_officer_x"]
        if argument == "reference" and rule.endpoint.startswith("coordinator."):
            example = w["request_teacher_a"]
        return [("any", {argument: getattr(example, attribute)})]
    values = {
        "closure_id": w["closure"].id,
        "area_id": w["area"].id,
        "message_id": w["message"].id,
        "school_id": w["school_a"].id,
        "topic_id": w["topic"].id,
        "user_id": w["pending"].id,
        "slug": w["topic"].slug,
        "action": ACTIONS.get(rule.endpoint),
        "filename": "app.css",
        "token": w["officer_x"].calendar_token
        if rule.endpoint == "officer_feed.feed"
        else "not-a-real-token",
    }
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.rule}: say in the access matrix which row {missing} names"
    return [("any", {name: values[name] for name in rule.arguments})]


def expected(app, endpoint: str, visitor: str, label: str) -> str:
    """'allowed', or the refusal the rules call for: 'sign-in', 'pending', '403', '404'."""
    rule = PUBLIC if endpoint == "static" else access_rule_for(app, endpoint)
    if endpoint == "auth.new_password" or (
        endpoint == "auth.confirm_account" and visitor == "anonymous"
    ):
        return "404"  # a token that was never issued
    if rule == PUBLIC:
        return "allowed"
    if visitor == "anonymous":
        return "sign-in"
    if rule == SIGNED_IN:
        return "allowed"
    if visitor == "pending":
        return "pending"
    if ROLE_OF[visitor] not in rule:
        return "403"
    if label == "other" and endpoint in TAKEN_MEANWHILE:
        return "inbox"
    if label == "other" or (label == "open" and endpoint in OWN_SESSION_ONLY):
        return "404"
    return "allowed"


def outcome(response) -> str:
    if response.status_code == 302:
        location = response.headers["Location"]
        if "/sign-in" in location and "next=" in location:
            return "sign-in"
        if location.endswith("/account-pending"):
            return "pending"
        if location.endswith("/officer/requests") and response.request.method == "POST":
            return "inbox"
    if response.status_code in (403, 404):
        return str(response.status_code)
    return "allowed" if response.status_code in (200, 302, 400) else str(response.status_code)


def snapshot() -> dict:
    db.session.expire_all()
    return {
        table.name: sorted(map(tuple, db.session.execute(table.select()).all()), key=repr)
        for table in db.metadata.sorted_tables
    }


def sign_in_as(client, w: dict, visitor: str) -> None:
    client.delete_cookie("booking_session")
    limiter.reset()  # the matrix signs in far more often than a person would
    if visitor != "anonymous":
        response = client.post("/sign-in", data={"email": w[visitor].email, "password": PASSWORD})
        assert response.status_code == 302


def cases(app, w: dict, visitor: str):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        for method in sorted(rule.methods & {"GET", "POST"}):
            for label, arguments in variants(rule, w, visitor):
                with app.test_request_context():
                    from flask import url_for

                    url = url_for(rule.endpoint, **arguments)
                yield rule.endpoint, method, label, url


def check(client, app, w, visitor, endpoint, method, label, url, problems: list) -> str:
    want = expected(app, endpoint, visitor, label)
    before = snapshot() if want != "allowed" else None
    response = client.get(url) if method == "GET" else client.post(url, data=dict(FORGED))
    got = outcome(response)
    if got == "inbox" and endpoint not in TAKEN_MEANWHILE:
        got = "allowed"  # an officer's home page
    if got == "inbox":
        # The inbox says who has the request, for the officer who asked about it by reference.
        told = client.get("/officer/requests").get_data(as_text=True)
        if "already confirmed by" not in told:
            problems.append(f"{visitor} {method} {url}: not told who has the request")
    if (want, got, visitor) == ("allowed", "pending", "pending"):
        got = want  # a pending teacher's home is the approval page
    where = f"{visitor} {method} {url} ({label})"
    if got != want:
        problems.append(f"{where}: expected {want}, got {got} ({response.status_code})")
    if before is not None and snapshot() != before:
        problems.append(f"{where}: refused, but the database changed")
    body = response.get_data(as_text=True)
    if response.status_code == 302:  # a redirect names the URL asked for, nothing else
        body = unquote(response.headers["Location"]).replace(url, "")
    response.close()
    if endpoint != "officer_feed.feed":  # the feed's secret token is its own credential
        for name in HIDDEN[visitor]:
            if w[name].reference in body:
                problems.append(f"{where}: shows {name} ({w[name].reference})")
    return want


def test_every_route_for_every_visitor_on_own_and_other_objects(app, client, make):
    w = build_world(make)
    problems: list[str] = []
    checked = refused = 0
    allowed_writes = []
    for visitor in VISITORS:
        sign_in_as(client, w, visitor)
        for endpoint, method, label, url in cases(app, w, visitor):
            if method == "POST" and expected(app, endpoint, visitor, label) == "allowed":
                allowed_writes.append((visitor, endpoint, label))
                continue
            want = check(client, app, w, visitor, endpoint, method, label, url, problems)
            checked += 1
            refused += want != "allowed"
    # Writes that are allowed change data: each runs on a world of its own.
    for visitor, endpoint, label in allowed_writes:
        empty_tables()
        w = build_world(make)
        sign_in_as(client, w, visitor)
        url = next(
            u for e, m, lbl, u in cases(app, w, visitor) if (e, m, lbl) == (endpoint, "POST", label)
        )
        check(client, app, w, visitor, endpoint, "POST", label, url, problems)
        checked += 1
    routes = len([r for r in app.url_map.iter_rules()])
    print(
        f"\naccess matrix: {routes} routes x {len(VISITORS)} visitors = {checked} checks "
        f"({refused} refused, {checked - refused} allowed), {len(problems)} leaks"
    )
    assert problems == [], "\n".join(problems)


def test_forged_fields_on_a_new_request_change_nothing(client, make, sign_in):
    from tests.web.test_teacher_request_form import form_data

    w = build_world(make)
    sign_in(w["teacher_a"])
    forged = dict(FORGED, reference="SLO-FORGED", submission_key="forged-1")
    response = client.post("/teacher/requests/new", data=form_data(w["topic"], **forged))
    assert response.status_code == 302
    talk = db.session.execute(
        select(TalkRequest).where(TalkRequest.submission_key == "forged-1")
    ).scalar_one()
    assert (talk.school_id, talk.teacher_id, talk.status, talk.officer_id) == (
        w["school_a"].id,
        w["teacher_a"].id,
        "requested",
        None,
    )
    assert talk.reference != "SLO-FORGED"


def test_forged_officer_on_a_confirmation_changes_nothing(client, make, sign_in):
    w = build_world(make)
    talk = make.talk_request(w["teacher_a"], w["topic"], options=[(date(2026, 3, 23), *NINE_TO_3)])
    db.session.commit()
    sign_in(w["officer_x"])
    data = {"confirm-option": "1", "confirm-start_time": "10:00", **FORGED}
    data["confirm-officer_id"] = FORGED["officer_id"]
    client.post(f"/officer/requests/{talk.reference}/confirm", data=data)
    db.session.expire_all()
    talk = db.session.get(TalkRequest, talk.id)
    assert (talk.status, talk.officer_id, talk.school_id) == (
        "confirmed",
        w["officer_x"].id,
        w["school_a"].id,
    )


def test_forged_role_or_status_on_a_new_account_changes_nothing(client, make):
    school = make.school(email_domains="oakfield.sch.uk")
    db.session.commit()
    data = {
        "full_name": "Jo Evans",
        "email": "jo@gmail.example",
        "school": str(school.id),
        "job_title": "Teacher",
        "telephone": "01632 960001",
        "password": "a-long-enough-password",
        "confirm_password": "a-long-enough-password",
        "role": "coordinator",
        "status": "active",
        "school_id": "999",
    }
    client.post("/create-account", data=data)
    message = db.session.execute(select(OutboxMessage)).scalar_one()
    link = re.search(r"http://\S+/create-account/confirm/\S+", message.body_text).group(0)
    client.post(link.removeprefix("http://localhost"), data={"role": "coordinator"})
    user = db.session.execute(select(User)).scalar_one()
    assert (user.role, user.status, user.school_id) == ("teacher", "pending", school.id)
