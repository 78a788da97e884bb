"""The apps the benchmark measures: the service on the benchmark database, and a bare Flask
route as the yardstick for throughput. gunicorn serves them as `bench.serve:app` and
`bench.serve:bare` (the database comes from DATABASE_URL)."""

from __future__ import annotations

import os

from flask import Flask

from bench.data import NOW
from booking import create_app
from config import Config


def bench_config(url: str) -> type[Config]:
    class BenchConfig(Config):
        ENVIRONMENT = "benchmark"
        SQLALCHEMY_DATABASE_URI = url.replace("postgresql://", "postgresql+psycopg://", 1)
        FROZEN_NOW = NOW
        WTF_CSRF_ENABLED = False  # load generators post forms without a browser session
        RATELIMIT_ENABLED = False
        MAIL_SERVER = ""

    return BenchConfig


def bench_app(url: str) -> Flask:
    return create_app(bench_config(url))


def make_bare() -> Flask:
    bare_app = Flask("bare")

    @bare_app.route("/")
    def hello():
        return "Hello"

    return bare_app


if os.environ.get("BENCH_SERVE") == "app":
    app = bench_app(os.environ["DATABASE_URL"])
bare = make_bare()
