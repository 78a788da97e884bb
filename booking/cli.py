"""Commands for operations: `flask --app booking <command>`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from booking import clock, demo
from booking.domain.errors import RuleBroken
from booking.extensions import db
from booking.models import School
from booking.notifications import worker
from booking.services import accounts, areas, reminders, schools


def register_commands(app: Flask) -> None:
    for command in (
        seed_demo,
        create_user,
        add_areas,
        import_schools,
        export_schools,
        send_mail,
        mail_worker,
        send_reminders,
        check_deploy,
        purge,
        export_user,
    ):
        app.cli.add_command(command)


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
@with_appcontext
def seed_demo(if_empty: bool) -> None:
    """Add demo schools, accounts and requests in every status."""
    if current_app.config["ENVIRONMENT"] == "production":
        raise click.ClickException("Demo data is not for production.")
    if not demo.is_empty():
        if if_empty:
            click.echo("The database already has data; the demo was not added.")
            _print_accounts()
            return
        raise click.ClickException("The database already has users; seed an empty database.")
    demo.seed(clock.today())
    db.session.commit()
    click.echo("Demo data added.")
    _print_accounts()


def _print_accounts() -> None:
    click.echo(f"\nDemo accounts (password for all: {demo.DEMO_PASSWORD}):")
    rows = [("coordinator", demo.COORDINATOR[1], demo.COORDINATOR[0])]
    rows += [("officer", email, f"{name}, {area}") for name, email, area, _ in demo.OFFICERS]
    rows += [("teacher", email, name) for name, email, _, _ in demo.TEACHERS]
    rows += [("teacher", demo.PENDING_TEACHER[1], "awaiting approval")]
    for role, email, note in rows:
        click.echo(f"  {role:<12} {email:<42} {note}")


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice(["teacher", "officer", "coordinator"]), required=True)
@click.option("--name", "full_name", required=True, help="Full name.")
@click.option("--school", "urn", help="URN of a teacher's school.")
@click.option("--password", help="Leave out to have the user set one by a reset link.")
@with_appcontext
def create_user(email: str, role: str, full_name: str, urn: str | None, password: str | None):
    """Create an active account."""
    school = None
    if urn:
        school = db.session.execute(db.select(School).where(School.urn == urn)).scalar_one_or_none()
        if school is None:
            raise click.ClickException(f"No school has the URN {urn}: import the schools first.")
    try:
        user = accounts.create_user(
            email, role=role, full_name=full_name, school=school, password=password
        )
    except RuleBroken as error:
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}.")


@click.command("add-areas")
@click.argument("names", nargs=-1, required=True)
@with_appcontext
def add_areas(names: tuple[str, ...]) -> None:
    """Add areas (districts) to the list schools and officers pick from."""
    known = {name.lower() for name in areas.area_names()}
    for name in names:
        if " ".join(name.split()).lower() in known:
            click.echo(f"Already on the list: {name}")
            continue
        try:
            area = areas.add_area(name, actor=None)
        except RuleBroken as error:
            raise click.ClickException(error.message) from None
        known.add(area.name.lower())
        click.echo(f"Added: {area.name}")
    db.session.commit()


@click.command("import-schools")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_schools(path: Path) -> None:
    """Create or update schools from a CSV file (all-or-nothing)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException("The file must be saved as UTF-8 CSV.") from None
    result = schools.import_csv(text)
    if not result.ok:
        db.session.rollback()
        click.echo("No schools were imported. Fix these problems and import the file again:")
        for problem in result.problems:
            click.echo(f"  {problem}")
        sys.exit(1)
    db.session.commit()
    click.echo(f"Imported schools: {result.created} added, {result.updated} updated.")


@click.command("export-schools")
@with_appcontext
def export_schools() -> None:
    """Write every school as CSV (the import format) to standard output."""
    click.echo(schools.export_csv(), nl=False)


@click.command("send-mail")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=60,
    show_default=True,
    help="Stop sending after this many seconds; what is left waits for the next run.",
)
@with_appcontext
def send_mail(time_limit: float) -> None:
    """Send queued e-mails that are due (for cron; `mail-worker` does this continuously)."""
    report = worker.send_for_a_while(time_limit)
    click.echo(f"Sent {report.sent}, will retry {report.retrying}, failed {report.failed}.")
    if report.stopped_early:
        click.echo(f"Stopped after {time_limit:g} seconds; the rest is sent on the next run.")
    if report.server_unavailable:
        click.echo("The mail server could not be reached; the rest is sent on the next run.")


@click.command("mail-worker")
@click.option(
    "--poll-seconds",
    type=click.FloatRange(min=0.1, max=60),
    default=None,
    help="How often to look for due e-mails besides notifications (MAIL_WORKER_POLL_SECONDS).",
)
@with_appcontext
def mail_worker(poll_seconds: float | None) -> None:
    """Send e-mails as they are committed, until stopped (SIGTERM or Ctrl+C)."""
    import signal
    import threading

    app = current_app._get_current_object()
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    poll = poll_seconds or float(app.config["MAIL_WORKER_POLL_SECONDS"])
    worker.MailWorker(app, poll_seconds=poll, stop=stop).run()


@click.command("send-reminders")
@with_appcontext
def send_reminders() -> None:
    """Queue reminders for sessions two working days ahead; each is queued once."""
    queued = reminders.queue_due(clock.today())
    db.session.commit()
    click.echo(f"Queued {queued} reminders.")


@click.command("check-deploy")
@with_appcontext
def check_deploy() -> None:
    """Check the configuration is safe for production; exit with 1 when it is not."""
    from booking import deploy_check

    report = deploy_check.check(current_app.config)
    for problem in report.problems:
        click.echo(f"PROBLEM: {problem}")
    for warning in report.warnings:
        click.echo(f"WARNING: {warning}")
    if not report.ok:
        raise click.ClickException(f"{len(report.problems)} problems: not safe for production.")
    click.echo(f"Ready for production ({len(report.warnings)} warnings).")


@click.command("purge")
@with_appcontext
def purge() -> None:
    """Anonymise requests and deactivated accounts older than the retention period."""
    from booking.services import privacy

    years = current_app.config["RETENTION_SCHOOL_YEARS"]
    report = privacy.purge(clock.today(), years)
    db.session.commit()
    cutoff = privacy.retention_cutoff(clock.today(), years)
    click.echo(
        f"Anonymised before {cutoff:%d %B %Y} ({years} school years): {report.requests} "
        f"requests, {report.users} former users; deleted {report.messages} e-mails and "
        f"{report.sessions} old sign-ins."
    )


@click.command("export-user")
@click.argument("email")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
@with_appcontext
def export_user(email: str, output: Path | None) -> None:
    """Write everything held about a person as JSON (a subject access request)."""
    import json

    from booking.services import privacy

    user = accounts.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account has the email address {email}.")
    text = json.dumps(privacy.export_user(user), indent=2, ensure_ascii=False)
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote everything held about {user.email} to {output}.")
