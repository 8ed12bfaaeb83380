"""Run settings: every one has a default, a `billops` flag and a BILLOPS_* environment variable."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Setting:
    name: str
    flag: str
    help: str
    default: Any
    kind: type = str

    @property
    def env(self) -> str:
        return "BILLOPS_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("landing", "--landing", "landing folder with one sub-folder per source system", "landing", Path),
    Setting("warehouse", "--warehouse", "DuckDB warehouse file", ".billops/warehouse.duckdb", Path),
    Setting("exports", "--exports", "folder the exports are written to", ".billops/exports", Path),
    Setting("as_of", "--as-of", "date every 'late' and 'past due' is judged against (YYYY-MM-DD)", None,
            dt.date),
    Setting("reporting_currency", "--reporting-currency", "currency of KPIs and amount_at_risk_reporting",
            "USD"),
    Setting("seller_country", "--seller-country", "seller's country for the EU reverse charge", "US"),
    Setting("invoice_grace_days", "--invoice-grace-days", "days after a period starts before it counts as "
            "unbilled", 5, int),
    Setting("payment_retry_window_days", "--payment-retry-window-days", "days a failed charge has to be "
            "retried", 7, int),
    Setting("erp_posting_lag_days", "--erp-posting-lag-days", "days an invoice may take to reach the ERP", 2,
            int),
    Setting("auto_apply_threshold", "--auto-apply-threshold", "match confidence from which cash is applied "
            "without review", Decimal("0.90"), Decimal),
    Setting("bank_fee_tolerance", "--bank-fee-tolerance", "short pay accepted as a bank fee, as in a "
            "two-decimal currency (25.00 is JPY 2500)", Decimal("25.00"), Decimal),
    Setting("decisions", "--decisions", "analysts' decisions file (acknowledgements, match confirmations); "
            "default: decisions.csv beside the warehouse", None, Path),
    Setting("engine", "--engine", "where the dbt models run: duckdb (embedded) or spark", "duckdb"),
    Setting("memory_limit", "--memory-limit", "DuckDB memory_limit", "4GB"),
    Setting("temp_directory", "--temp-directory", "DuckDB spill folder; default: beside the warehouse", None,
            Path),
)


@dataclass(frozen=True)
class Settings:
    landing: Path
    warehouse: Path
    exports: Path
    as_of: dt.date
    reporting_currency: str
    seller_country: str
    invoice_grace_days: int
    payment_retry_window_days: int
    erp_posting_lag_days: int
    auto_apply_threshold: Decimal
    bank_fee_tolerance: Decimal
    decisions: Path
    engine: str
    memory_limit: str
    temp_directory: Path

    @property
    def serving_warehouse(self) -> Path:
        """The copy the dashboard reads; replaced atomically after every successful run."""
        return self.warehouse.with_name(self.warehouse.stem + ".serving.duckdb")

    def dbt_vars(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "reporting_currency": self.reporting_currency,
            "seller_country": self.seller_country,
            "invoice_grace_days": self.invoice_grace_days,
            "payment_retry_window_days": self.payment_retry_window_days,
            "erp_posting_lag_days": self.erp_posting_lag_days,
            "bank_fee_tolerance": str(self.bank_fee_tolerance),
        }


ENGINES = ("duckdb", "spark")


class SettingsError(ValueError):
    """A setting that cannot be parsed: reported as one line."""


def _convert(setting: Setting, value: Any) -> Any:
    if value is None or isinstance(value, setting.kind):
        return value
    text = str(value).strip()
    try:
        if setting.kind is dt.date:
            return dt.date.fromisoformat(text)
        if setting.kind is Path:
            return Path(text).expanduser()
        return setting.kind(text)
    except (ValueError, ArithmeticError):
        raise SettingsError(f"{setting.flag} / {setting.env}: cannot read {text!r} as "
                            f"{setting.kind.__name__}") from None


def resolve_settings(overrides: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> Settings:
    """Flags (overrides) beat environment variables, which beat defaults. Paths become absolute."""
    overrides = overrides or {}
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = overrides.get(setting.name)
        if raw is None:
            raw = env.get(setting.env) or None
        values[setting.name] = _convert(setting, raw if raw is not None else setting.default)
    for name in ("landing", "warehouse", "exports"):
        values[name] = values[name].resolve()
    values["as_of"] = values["as_of"] or dt.date.today()
    values["reporting_currency"] = values["reporting_currency"].upper()
    values["seller_country"] = values["seller_country"].upper()
    values["engine"] = values["engine"].lower()
    if values["engine"] not in ENGINES:
        raise SettingsError(f"--engine / BILLOPS_ENGINE: {values['engine']!r} is not one of {', '.join(ENGINES)}")
    values["decisions"] = (values["decisions"] or values["warehouse"].with_name("decisions.csv")).resolve()
    values["temp_directory"] = (values["temp_directory"] or values["warehouse"].with_name("duckdb_tmp")).resolve()
    assert {f.name for f in fields(Settings)} == set(values)
    return Settings(**values)
