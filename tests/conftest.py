"""The dbt manifest must exist before anything imports the Dagster definitions."""

from orchestration.cli import ensure_dbt_manifest

ensure_dbt_manifest()
