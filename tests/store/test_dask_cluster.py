"""Portfolio jobs on a real Dask cluster (a ``distributed.LocalCluster`` of two worker
processes) answer byte for byte what the local process pool answers: gaps of every
account, the stored summaries and cross-sell cells of a refresh, the cross-sell page,
and the CLI with ``--scheduler`` or GRAPHPROFILE_SCHEDULER."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import dask
import pytest
from click.testing import CliRunner
from distributed import LocalCluster

from graphprofile import portfolio, services, summaries
from graphprofile.cli import main
from graphprofile.errors import ClusterUnavailable
from graphprofile.fixtures.generate import generate
from graphprofile.services import cross_sell
from graphprofile.store import Store
from graphprofile.store.server import free_port

AS_OF = date(2026, 11, 23)
ACCOUNTS = 120  # three chunks of 50: the local pool really runs (more than two chunks)


def dumped(data: object) -> bytes:
    return json.dumps(data, indent=2, default=str).encode()


def stored(store: Store) -> bytes:
    """The stored summaries and cross-sell cells, read back."""
    rows = summaries.summary_page(store, as_of=AS_OF, sort="id", limit=10**9)["rows"]
    cells = cross_sell.every_opening(store, cross_sell.CrossSellQuery(), as_of=AS_OF)
    return dumped({"rows": rows, "cells": cells})


def cross_sell_page(store: Store) -> bytes:
    query = cross_sell.CrossSellQuery(per_page=50, page=2)
    return dumped(cross_sell.opening_page(store, query, as_of=AS_OF))


@pytest.fixture(scope="module")
def generated(session_store, tmp_path_factory) -> Store:
    """A generated portfolio of 120 small accounts, imported once for the module."""
    bundle = tmp_path_factory.mktemp("dask-bundle")
    generate(bundle, ACCOUNTS, seed=22, people_per_account=8)
    session_store.clear()
    services.import_bundle(session_store, bundle)
    assert len(services.account_ids(session_store)) == ACCOUNTS
    return session_store


@pytest.fixture(scope="module")
def pool(generated: Store, neo4j_settings) -> dict[str, bytes]:
    """The local process pool's answers, computed before the cluster starts (no fork of
    a process running the cluster's threads)."""
    ids = services.account_ids(generated)
    gaps = dumped(services.gaps(generated, as_of=AS_OF, workers=2))
    summaries.forget(generated)
    rows = dumped(summaries.refresh(generated, ids, as_of=AS_OF, workers=2))
    found = {"gaps": gaps, "rows": rows, "stored": stored(generated)}
    summaries.forget(generated)
    found["page"] = cross_sell_page(generated)  # refreshes every account first
    result = CliRunner().invoke(main, ["gaps", "--as-of", AS_OF.isoformat(), "--json"],
                                env={"GRAPHPROFILE_HOME": str(neo4j_settings.home),
                                     "GRAPHPROFILE_WORKERS": "2"})
    assert result.exit_code == 0, result.output
    found["cli_gaps"] = result.stdout_bytes
    return found


@pytest.fixture(scope="module")
def cluster(pool):
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as running:
        yield running


def chunks_run(cluster: LocalCluster) -> int:
    """How many portfolio chunks the cluster's workers have answered so far."""
    prefix = cluster.scheduler.task_prefixes.get(portfolio.CHUNK_KEY)
    return 0 if prefix is None else prefix.state_counts["memory"]


@pytest.fixture
def cli_env(cli_env: dict[str, str]) -> dict[str, str]:
    return {**cli_env, "GRAPHPROFILE_SCHEDULER": ""}


def test_gaps_of_every_account_equal_the_process_pool(generated, pool, cluster):
    before = chunks_run(cluster)
    with portfolio.on_scheduler(cluster.scheduler_address):
        assert portfolio.scheduler_address() == cluster.scheduler_address
        on_cluster = dumped(services.gaps(generated, as_of=AS_OF))
    assert chunks_run(cluster) - before == 3
    assert on_cluster == pool["gaps"]
    assert b'"single_threaded": true' in on_cluster  # real answers, not empty ones


def test_summary_refresh_and_cross_sell_equal_the_process_pool(generated, pool, cluster,
                                                               monkeypatch):
    ids = services.account_ids(generated)
    summaries.forget(generated)
    before = chunks_run(cluster)
    monkeypatch.setenv("GRAPHPROFILE_SCHEDULER", cluster.scheduler_address)
    rows = dumped(summaries.refresh(generated, ids, as_of=AS_OF))
    assert chunks_run(cluster) - before == 3
    assert rows == pool["rows"]
    assert stored(generated) == pool["stored"]
    summaries.forget(generated)
    page = cross_sell_page(generated)
    assert chunks_run(cluster) - before == 6
    assert page == pool["page"]
    assert json.loads(page)["total"] > 50


def test_the_cli_runs_on_the_scheduler_it_is_given(generated, pool, cluster, cli_env):
    runner = CliRunner()
    before = chunks_run(cluster)
    result = runner.invoke(main, ["gaps", "--as-of", AS_OF.isoformat(), "--json",
                                  "--scheduler", cluster.scheduler_address], env=cli_env)
    assert result.exit_code == 0, result.output
    assert chunks_run(cluster) - before == 3
    assert result.stdout_bytes == pool["cli_gaps"]
    # the environment variable alone: every summary recomputed on the cluster
    env = {**cli_env, "GRAPHPROFILE_SCHEDULER": cluster.scheduler_address}
    result = runner.invoke(main, ["summaries", "--all", "--as-of", AS_OF.isoformat(),
                                  "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["computed"] == ACCOUNTS
    assert chunks_run(cluster) - before == 6
    assert stored(generated) == pool["stored"]


def test_an_unreachable_scheduler_is_exit_code_2(generated, cli_env):
    address = f"tcp://127.0.0.1:{free_port()}"
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(main, ["gaps", "--as-of", AS_OF.isoformat(),
                                           "--scheduler", address], env=cli_env)
    assert result.exit_code == 2, result.output
    assert f"error: Dask scheduler at {address} is unreachable: " in result.output


def test_a_loopback_store_with_a_remote_scheduler_is_refused(generated):
    connection = replace(generated.connection, uri="bolt://127.0.0.1:7687")
    loopback = Store(generated.driver, generated.database, connection.uri, connection)
    ids = services.account_ids(generated)[:2]
    with portfolio.on_scheduler("tcp://192.0.2.1:8786"), \
            pytest.raises(ClusterUnavailable, match="loopback") as refused:
        list(portfolio.answers(loopback, len, ids))
    assert "tcp://192.0.2.1:8786" in refused.value.message
    assert "NEO4J_URI" in refused.value.message


def test_one_account_or_one_worker_stays_in_this_process(generated, cluster):
    ids = services.account_ids(generated)
    before = chunks_run(cluster)
    with portfolio.on_scheduler(cluster.scheduler_address):
        one = list(portfolio.answers(generated, len, ids[:1]))
        serial = list(portfolio.answers(generated, len, ids[:60], workers=1))
    assert chunks_run(cluster) == before
    assert [cid for cid, _ in one] == ids[:1] and [cid for cid, _ in serial] == ids[:60]


def test_docs_name_the_contracts():
    text = (Path(__file__).resolve().parents[2] / "docs" / "scaling.md").read_text("utf-8")
    assert "GRAPHPROFILE_SCHEDULER" in text and "--scheduler" in text
