"""Is this configuration safe to run in production? Like Django's `check --deploy`.

Problems stop a deployment (`flask --app booking check-deploy` exits with 1); warnings are
worth reading but may be right for a given site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from config import DEFAULT_SECRET_KEY, MIN_SECRET_KEY_LENGTH


@dataclass
class DeployReport:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(config) -> DeployReport:
    """Read `config` (a Flask config mapping) and list what is unsafe or doubtful."""
    report = DeployReport()
    problem, warn = report.problems.append, report.warnings.append
    if config.get("DEBUG"):
        problem("DEBUG is on: the debugger lets anyone run code on the server. Turn it off.")
    if config.get("TESTING"):
        problem("TESTING is on: use the production configuration (BOOKING_CONFIG=production).")
    key = config.get("SECRET_KEY") or ""
    if key == DEFAULT_SECRET_KEY or len(key) < MIN_SECRET_KEY_LENGTH:
        problem(
            f"SECRET_KEY is the default or shorter than {MIN_SECRET_KEY_LENGTH} characters: "
            'set a random one (python -c "import secrets; print(secrets.token_hex(32))").'
        )
    if not config.get("SESSION_COOKIE_SECURE"):
        problem("SESSION_COOKIE_SECURE is off: session cookies would travel without HTTPS.")
    if not config.get("SESSION_COOKIE_HTTPONLY", True):
        problem("SESSION_COOKIE_HTTPONLY is off: scripts could read the session cookie.")
    if config.get("SESSION_COOKIE_SAMESITE") not in ("Lax", "Strict"):
        problem("SESSION_COOKIE_SAMESITE must be Lax or Strict.")
    if not config.get("WTF_CSRF_ENABLED", True):
        problem("WTF_CSRF_ENABLED is off: forms could be posted from other sites.")
    if not str(config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        problem("DATABASE_URL is not PostgreSQL: production needs PostgreSQL's constraints.")
    if not config.get("RATELIMIT_ENABLED", True):
        problem("RATELIMIT_ENABLED is off: sign-in could be guessed at without limit.")
    elif str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory://"):
        problem(
            "RATELIMIT_STORAGE_URI is memory://: each app server, and each of its workers, "
            "counts on its own, so the limits multiply. Use Redis "
            "(RATELIMIT_STORAGE_URI=redis://host:6379/0)."
        )
    if not str(config.get("SERVER_BASE_URL", "")).startswith("https://"):
        warn("SERVER_BASE_URL does not start with https://: links in e-mails would not use HTTPS.")
    if not config.get("MAIL_SERVER"):
        problem("MAIL_SERVER is not set: no e-mail can be sent (they wait in the outbox).")
    return report
