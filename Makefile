# Two commands on a fresh machine: `make demo` and `make test`.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
DBT_DIR := dbt_project
# Byte-compile what uv installs: where PYTHONDONTWRITEBYTECODE is set (CI images often do) every
# `billops run` would otherwise compile Dagster's and dbt's modules again at its start.
export UV_COMPILE_BYTECODE := 1

.PHONY: demo test setup dbt-manifest dashboard dagster browser postgres clean

setup:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen
	$(MAKE) --no-print-directory dbt-manifest

# dagster-dbt reads the manifest when the definitions load: prepare it once here, never at import.
# First the dbt files the contract dictates (sources, queue columns, enums; contract/render_dbt.py).
dbt-manifest:
	.venv/bin/python -m contract.render_dbt $(DBT_DIR)
	cd $(DBT_DIR) && ../.venv/bin/dbt parse --quiet --profiles-dir .

demo: setup
	$(UV) run --frozen billops demo

# Debian's chromium for the real-browser dashboard test (never `playwright install`: no downloads here).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || echo "chromium not installed: the browser test will be skipped"

# Debian's PostgreSQL for the --source-db tests (tests/postgres_server.py starts a throwaway cluster)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; } || echo "postgresql not installed: the --source-db tests will be skipped"

# the spark extra (pyspark, Java 17) is installed for the Spark-vs-DuckDB comparison test only
test: setup browser postgres
	$(UV) run --frozen --extra spark pytest

dashboard:
	$(UV) run --frozen billops dashboard --warehouse demo/warehouse.duckdb

dagster:
	$(UV) run --frozen dagster dev -m orchestration.definitions

clean:
	rm -rf demo .billops $(DBT_DIR)/target $(DBT_DIR)/logs
