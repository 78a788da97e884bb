"""The benchmark: national-scale data, page and report timings, confirmations and throughput.

Run it with `make bench` (SQLite) or `make bench-postgres`; see bench/README.md. It never runs
as part of the test suite.
"""
