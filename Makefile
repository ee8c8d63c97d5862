# The two commands of the README: `make demo` and `make test`.
.PHONY: setup demo test bench bench-connectors bench-history bench-bulk load lint db-stop clean

setup:
	@scripts/setup.sh

## Start the local Neo4j, load the demo portfolio, serve the web explorer on :5000
## in single-user mode (no sign-in: you are admin; loopback only).
demo: setup
	.venv/bin/graphprofile demo --serve --single-user

## Install what tests need and run the whole suite against a real Neo4j.
test:
	@scripts/setup.sh --with-browser
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-cache
	.venv/bin/python -m pytest

## Measure import and analytics speed; writes benchmarks/results.json and BENCHMARKS.md.
bench: setup
	.venv/bin/python benchmarks/run.py --accounts 10000

## A 100,000-contact Salesforce export against the same records as a native bundle.
bench-connectors: setup
	.venv/bin/python benchmarks/connectors.py

## What recording the import history adds to a re-import of 100,000 people.
bench-history: setup
	.venv/bin/python benchmarks/history.py

## First load (import --initial) and re-sync of 10,000 accounts against the ordinary import.
bench-bulk: setup
	.venv/bin/python benchmarks/bulk_import.py --accounts 10000

## 50 clients for 60 s on a generated 1,000-account portfolio, both web servers (needs wrk).
load: setup
	@command -v wrk >/dev/null || apt-get install -y -qq wrk
	.venv/bin/python benchmarks/load.py --accounts 1000 --clients 50 --seconds 60

lint: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports --no-cache

db-stop:
	-.venv/bin/graphprofile db stop

clean: db-stop
	rm -rf .graphprofile server/target
