"""Run settings: a flag beats its BILLOPS_* variable, which beats the default; a bad value is one
line naming both; and nothing passes settings on through the process environment."""

from __future__ import annotations

import ast
import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.cli import main
from orchestration.defs.resources import run_config_for
from orchestration.settings import Settings, SettingsError, load_settings

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def no_billops_variables(monkeypatch):
    for name in Settings.model_fields:
        monkeypatch.delenv(f"BILLOPS_{name.upper()}", raising=False)


def test_the_defaults(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.landing == tmp_path / "landing"
    assert settings.warehouse == tmp_path / ".billops" / "warehouse.duckdb"
    assert settings.decisions == tmp_path / ".billops" / "decisions.csv"
    assert settings.temp_directory == tmp_path / ".billops" / "duckdb_tmp"
    assert settings.as_of == dt.date.today()
    assert (settings.reporting_currency, settings.seller_country, settings.engine) == ("USD", "US", "duckdb")
    assert (settings.invoice_grace_days, settings.payment_retry_window_days, settings.erp_posting_lag_days) == (5, 7, 2)
    assert (settings.auto_apply_threshold, settings.bank_fee_tolerance) == (Decimal("0.90"), Decimal("25.00"))


@pytest.mark.parametrize(("name", "text", "value"), [
    ("as_of", "2026-11-27", dt.date(2026, 11, 27)),
    ("as_of", " 2026-11-27 ", dt.date(2026, 11, 27)),
    ("invoice_grace_days", "9", 9),
    ("auto_apply_threshold", "0.85", Decimal("0.85")),
    ("bank_fee_tolerance", "2.500", Decimal("2.500")),  # kept as written: BHD has three decimals
    ("reporting_currency", "eur", "EUR"),
    ("seller_country", "de", "DE"),
    ("engine", "Spark", "spark"),
    ("memory_limit", "512MB", "512MB"),
])
def test_a_value_is_read_as_its_kind(name, text, value) -> None:
    assert getattr(load_settings({name: text}), name) == value


def test_a_flag_beats_the_variable_which_beats_the_default(monkeypatch) -> None:
    monkeypatch.setenv("BILLOPS_INVOICE_GRACE_DAYS", "8")
    monkeypatch.setenv("BILLOPS_ERP_POSTING_LAG_DAYS", "")  # empty: as if unset
    settings = load_settings({"invoice_grace_days": "3", "payment_retry_window_days": None})
    assert settings.invoice_grace_days == 3
    assert load_settings().invoice_grace_days == 8
    assert (settings.payment_retry_window_days, settings.erp_posting_lag_days) == (7, 2)


def test_paths_are_absolute_and_the_decisions_and_spill_folder_follow_the_warehouse(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    settings = load_settings({"warehouse": "w/prod.duckdb", "landing": "~/drop"})
    assert settings.landing == tmp_path / "home" / "drop"
    assert settings.decisions == tmp_path / "w" / "decisions.csv"
    assert settings.temp_directory == tmp_path / "w" / "duckdb_tmp"
    assert load_settings({"warehouse": "w/prod.duckdb", "decisions": "d.csv"}).decisions == tmp_path / "d.csv"


@pytest.mark.parametrize(("name", "text", "message"), [
    ("as_of", "27/11/2026", "--as-of / BILLOPS_AS_OF: cannot read '27/11/2026' as date"),
    ("invoice_grace_days", "5.5", "--invoice-grace-days / BILLOPS_INVOICE_GRACE_DAYS: cannot read '5.5' as int"),
    ("auto_apply_threshold", "high",
     "--auto-apply-threshold / BILLOPS_AUTO_APPLY_THRESHOLD: cannot read 'high' as Decimal"),
    ("engine", "flink", "--engine / BILLOPS_ENGINE: 'flink' is not one of duckdb, spark"),
])
def test_a_bad_value_is_one_line_naming_the_flag_and_the_variable(monkeypatch, name, text, message) -> None:
    with pytest.raises(SettingsError) as flagged:
        load_settings({name: text})
    assert str(flagged.value) == message
    monkeypatch.setenv(f"BILLOPS_{name.upper()}", text)
    with pytest.raises(SettingsError) as from_environment:
        load_settings()
    assert str(from_environment.value) == message


def test_a_bad_flag_ends_the_command_in_one_line(capsys, tmp_path) -> None:
    assert main(["run", "--landing", str(tmp_path), "--invoice-grace-days", "five"]) == 2
    assert capsys.readouterr().err == ("billops: error: --invoice-grace-days / BILLOPS_INVOICE_GRACE_DAYS: "
                                       "cannot read 'five' as int\n")


def test_the_run_config_hands_the_same_settings_to_the_run(monkeypatch) -> None:
    settings = load_settings({"as_of": "2026-11-27", "bank_fee_tolerance": "2.500", "engine": "spark"})
    given = run_config_for(settings)["resources"]["warehouse"]["config"]["given"]
    monkeypatch.setenv("BILLOPS_ENGINE", "duckdb")  # what the run config gives wins over the environment
    assert load_settings(given) == settings


def _environment_writes(path: Path) -> list[str]:
    """os.environ[...] = / del os.environ[...] / os.environ.update(...) and the like, os.putenv."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else []
        writes = [t for t in targets if isinstance(t, ast.Subscript) and ast.unparse(t.value) == "os.environ"]
        if isinstance(node, ast.Call) and re.fullmatch(
                r"os\.(environ\.(update|setdefault|pop|popitem|clear|__setitem__)|putenv|unsetenv)",
                ast.unparse(node.func)):
            writes.append(node)
        found += [f"{path.relative_to(REPO)}:{w.lineno}" for w in writes]
    return found


def test_nothing_passes_settings_through_the_process_environment() -> None:
    python = [*sorted((REPO / "orchestration").rglob("*.py")), *sorted((REPO / "dbt_project").rglob("*.py"))]
    assert [write for path in python for write in _environment_writes(path)] == []
    # dbt reads the run's settings as vars; the only variables it reads are the Spark session's
    # own knobs, which a user sets (docs/scaling.md), never the pipeline
    dbt_files = [p for p in (REPO / "dbt_project").rglob("*") if p.suffix in (".yml", ".sql", ".py")
                 and "target" not in p.relative_to(REPO / "dbt_project").parts]
    read = {name for path in dbt_files
            for name in re.findall(r"""env_var\(\s*['"](\w+)['"]|os\.environ|getenv""", path.read_text())}
    assert read <= {"BILLOPS_SPARK_THREADS", "BILLOPS_SPARK_MASTER", "BILLOPS_SPARK_DRIVER_MEMORY",
                    "BILLOPS_SPARK_SHUFFLE_PARTITIONS"}, read
