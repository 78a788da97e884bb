# School talk booking. `make run` serves the demo; `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app booking
GOVUK := node_modules/govuk-frontend/dist/govuk
ASSETS := booking/static/app.css booking/static/govuk/.copied
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: setup run test prod-check lint format db clean bench bench-postgres bench-tools

setup: $(VENV)/.installed $(ASSETS)

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (set PYTHON=python3.x)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

booking/static/app.css: node_modules/.installed booking/assets/app.scss
	npm run --silent build:css

booking/static/govuk/.copied: node_modules/.installed
	rm -rf booking/static/govuk
	mkdir -p booking/static/govuk
	cp -R $(GOVUK)/assets booking/static/govuk/assets
	cp $(GOVUK)/govuk-frontend.min.js booking/static/govuk/
	touch $@

db: setup
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty

# The app and the mail worker together; Ctrl+C stops both. HOST and PORT also set the
# address that e-mail links point at.
run: db
	@echo "Serving on http://$(HOST):$(PORT) with the mail worker (Ctrl+C to stop)"
	@export HOST=$(HOST) PORT=$(PORT); \
	$(FLASK) mail-worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(FLASK) run --host $(HOST) --port $(PORT)

# The production set-up of the README (gunicorn, PostgreSQL, Redis, the mail worker, an SMTP
# sink) driven over HTTP as each role; needs the PostgreSQL and Redis servers of this machine.
prod-check: setup
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} \
	REQUIRE_POSTGRES=1 $(BIN)/python -m pytest tests/production -v $(PYTEST_ARGS)

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks (never part of `make test`): BENCH_REQUESTS=50000 for a quick run; bench/README.md.
bench: setup bench-tools
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-postgres: setup bench-tools
	$(BIN)/python -m bench --postgres $(BENCH_ARGS)

# The load generator for the throughput measures, from Debian's packages when missing.
bench-tools:
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

# ruff, then vulture for dead code (settings in pyproject.toml, reviewed names in
# vulture_whitelist.py).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/vulture

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules booking/static/govuk booking/static/app.css
