# The two commands of the README: `make demo` and `make test`.
.PHONY: setup demo test bench lint db-stop clean

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
	.venv/bin/python -m pytest

## Measure import and analytics speed; writes benchmarks/results.json and BENCHMARKS.md.
bench: setup
	.venv/bin/python benchmarks/run.py

lint: setup
	.venv/bin/ruff check .

db-stop:
	-.venv/bin/graphprofile db stop

clean: db-stop
	rm -rf .graphprofile server/target
