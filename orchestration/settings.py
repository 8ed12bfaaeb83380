"""Run settings: one typed object. Every setting has a default, a `billops` flag and a BILLOPS_*
environment variable; a flag beats the variable, which beats the default.

The command line builds the object (`load_settings`) and hands it to the Dagster run; the run's
warehouse resource holds it, and dbt gets what it reads as --vars. Nothing passes settings on
through the process environment: BILLOPS_* variables are only ever read, here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from contract.connectors import HUBSPOT_FIELDS, SALESFORCE_FIELDS
from contract.tables import FREQUENCIES
from orchestration.raw_schema import raw_store_path

ENV_PREFIX = "BILLOPS_"
ENGINES = ("duckdb", "spark")
SEVERITIES = ("low", "medium", "high", "critical")
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")
# the default file names of the settings that live beside the warehouse
_BESIDE_THE_WAREHOUSE = {"decisions": "decisions.csv", "temp_directory": "duckdb_tmp"}


class SettingsError(ValueError):
    """A setting that cannot be parsed: reported as one line."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, frozen=True, extra="forbid")

    landing: Path = Field(Path("landing"), description="landing folder with one sub-folder per source system")
    warehouse: Path = Field(Path(".billops/warehouse.duckdb"), description="DuckDB warehouse file")
    exports: Path = Field(Path(".billops/exports"), description="folder the exports are written to")
    as_of: dt.date = Field(None, validate_default=True,  # type: ignore[assignment]
                           description="date every 'late' and 'past due' is judged against (YYYY-MM-DD)")
    reporting_currency: str = Field("USD", description="currency of KPIs and amount_at_risk_reporting")
    seller_country: str = Field("US", description="seller's country for the EU reverse charge")
    invoice_grace_days: int = Field(5, description="days after a period starts before it counts as unbilled")
    payment_retry_window_days: int = Field(7, description="days a failed charge has to be retried")
    erp_posting_lag_days: int = Field(2, description="days an invoice may take to reach the ERP")
    payout_bank_window_days: int = Field(3, description="days a processor payout's bank line may be booked "
                                                        "before or after the payout's arrival date")
    payout_not_received_days: int = Field(5, description="days after its arrival date a paid payout may go "
                                                         "without a bank line")
    auto_apply_threshold: Decimal = Field(Decimal("0.90"),
                                          description="match confidence from which cash is applied without review")
    bank_fee_tolerance: Decimal = Field(Decimal("25.00"), description="short pay accepted as a bank fee, as in a "
                                                                      "two-decimal currency (25.00 is JPY 2500)")
    decisions: Path = Field(None, validate_default=True,  # type: ignore[assignment]
                            description="analysts' decisions file (acknowledgements, match confirmations); "
                                        "default: decisions.csv beside the warehouse")
    write_off_approval_above: Decimal = Field(Decimal("1000.00"),
                                              description="a write-off above this amount (reporting currency) "
                                                          "applies only once a controller other than its "
                                                          "author approves it")
    engine: str = Field("duckdb", description="where the dbt models run: duckdb (embedded) or spark")
    memory_limit: str = Field("3GB", description="DuckDB memory_limit: what DuckDB may hold; the run's process "
                                                 "needs ~0.3 GB more (Python, dbt)")
    temp_directory: Path = Field(None, validate_default=True,  # type: ignore[assignment]
                                 description="DuckDB spill folder; default: beside the warehouse")
    # alerts (docs/alerts.md): off unless a channel is set
    alert_slack_webhook: SecretStr = Field(SecretStr(""), description="Slack incoming-webhook URL for run "
                                                                      "digests and failures; empty: no Slack")
    alert_smtp_host: str = Field("", description="SMTP server for e-mailed digests and failures; empty: no e-mail")
    alert_smtp_port: int = Field(25, description="SMTP port")
    alert_smtp_starttls: bool = Field(False, description="upgrade the SMTP connection with STARTTLS")
    alert_smtp_user: str = Field("", description="SMTP login; empty: none")
    alert_smtp_password: SecretStr = Field(SecretStr(""), description="SMTP password")
    alert_email_from: str = Field("billops@localhost", description="sender of the alert e-mails")
    alert_email_to: str = Field("", description="who gets failures and findings without an owner (comma-separated)")
    alert_min_severity: str = Field("high", description="lowest severity of a new finding that is alerted")
    source_db: str = Field("", description="PostgreSQL database a connector loads into "
                                           "(postgresql://user@host:port/db); its schemas are read as landing "
                                           "folders; the password goes in PGPASSWORD or ~/.pgpass")
    # the Stripe adapter's links (docs/connectors.md): metadata keys, and whether test-mode rows count
    stripe_crm_account_key: str = Field("crm_account_id", description="customer.metadata key holding the "
                                                                      "CRM account id (Stripe landing)")
    stripe_contract_key: str = Field("contract_id", description="subscription.metadata key holding the CRM "
                                                                "contract id (Stripe landing)")
    stripe_product_code_key: str = Field("product_code", description="product.metadata key holding the "
                                                                     "product code, else the product id")
    stripe_po_number_key: str = Field("po_number", description="invoice.metadata key holding the customer's "
                                                               "PO number (Stripe landing)")
    stripe_include_test_mode: bool = Field(False, description="also read Stripe rows with livemode false")
    # the QuickBooks adapter's readings (docs/connectors.md)
    quickbooks_invoice_number_field: str = Field("doc_number", description="invoice column holding the billing "
                                                 "invoice number (doc_number, private_note, customer_memo or a "
                                                 "custom field custom_<name>); doc_number when it is empty")
    quickbooks_home_currency: str = Field("", description="currency of QuickBooks rows without currency_id "
                                                          "(the company's home currency); empty: the reporting "
                                                          "currency")
    # the NetSuite adapter's readings (docs/connectors.md)
    netsuite_invoice_number_field: str = Field("tranid", description="transaction column holding the billing "
                                               "invoice number (tranid, otherrefnum, memo, externalid, "
                                               "transactionnumber or a custom field custbody_<name>); tranid "
                                               "when it is empty")
    netsuite_home_currency: str = Field("", description="currency of NetSuite invoices whose currency the sync "
                                                        "does not name (no currency table); empty: the reporting "
                                                        "currency")
    # the CRM adapters (docs/connectors.md): the custom fields they read, and defaults where none has a value
    salesforce_fields: str = Field("", description="custom fields for contract values, e.g. "
                                                   "billing_frequency=Billing_Period_c,po_number=PO_c (Salesforce "
                                                   "landing; unnamed values keep their default fields)")
    hubspot_fields: str = Field("", description="custom properties for contract values, e.g. "
                                                "billing_frequency=property_invoice_frequency (HubSpot landing)")
    crm_billing_frequency: str = Field("", description="billing frequency of a CRM contract no field gives one "
                                                       "(monthly, quarterly, semiannual, annual; empty: none)")
    crm_payment_terms_days: int = Field(30, description="payment terms of a CRM contract no field gives them")
    crm_term_months: int = Field(12, description="term of a CRM contract no field or line gives an end date")

    @field_validator("*", mode="before")
    @classmethod
    def _from_text(cls, value: Any, info: ValidationInfo) -> Any:
        """Text is stripped and read as the setting's kind; a value of that kind is taken as it is.
        Unset, as_of is today, and the decisions file and spill folder are beside the warehouse."""
        if value is None:
            warehouse = info.data.get("warehouse")  # validated already: it comes first
            if info.field_name == "as_of":
                return dt.date.today()
            if info.field_name in _BESIDE_THE_WAREHOUSE and warehouse is not None:
                return warehouse.with_name(_BESIDE_THE_WAREHOUSE[info.field_name])
            return value
        kind = cls.model_fields[info.field_name].annotation
        if isinstance(value, kind):
            return value
        text = str(value).strip()
        try:
            if kind is bool:
                if text.lower() not in _TRUE + _FALSE:
                    raise ValueError
                return text.lower() in _TRUE
            if kind is dt.date:
                return dt.date.fromisoformat(text)
            if kind is Path:
                return Path(text).expanduser()
            return kind(text)
        except (ValueError, ArithmeticError):
            raise ValueError(f"cannot read {text!r} as {kind.__name__}") from None

    @field_validator("landing", "warehouse", "exports", "decisions", "temp_directory")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.resolve()

    @field_validator("reporting_currency", "seller_country")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("alert_min_severity")
    @classmethod
    def _known_severity(cls, value: str) -> str:
        if value.lower() not in SEVERITIES:
            raise ValueError(f"{value.lower()!r} is not one of {', '.join(SEVERITIES)}")
        return value.lower()
    @field_validator("stripe_crm_account_key", "stripe_contract_key", "stripe_product_code_key",
                     "stripe_po_number_key")
    @classmethod
    def _metadata_key(cls, value: str) -> str:
        """A key dbt puts in a JSON path: letters, digits, _ - and spaces only."""
        if not re.fullmatch(r"[A-Za-z0-9_\- ]+", value):
            raise ValueError(f"{value!r} is not a metadata key (letters, digits, _, - and spaces)")
        return value

    @field_validator("quickbooks_invoice_number_field", "netsuite_invoice_number_field")
    @classmethod
    def _column_name(cls, value: str) -> str:
        """A column name dbt puts in SQL or a JSON path: lower-case letters, digits and _ only."""
        if not re.fullmatch(r"[a-z][a-z0-9_]*", value.lower()):
            raise ValueError(f"{value!r} is not a column name (letters, digits and _)")
        return value.lower()

    @field_validator("quickbooks_home_currency", "netsuite_home_currency")
    @classmethod
    def _currency_or_empty(cls, value: str) -> str:
        if value and not re.fullmatch(r"[A-Za-z]{3}", value):
            raise ValueError(f"{value!r} is not a three-letter currency code")
        return value.upper()

    @field_validator("salesforce_fields", "hubspot_fields")
    @classmethod
    def _field_names(cls, value: str) -> str:
        crm_fields(value)  # raises ValueError for an unknown value name or a column that is not a plain name
        return value

    @field_validator("crm_billing_frequency")
    @classmethod
    def _frequency(cls, value: str) -> str:
        if value.lower() not in (*FREQUENCIES, ""):
            raise ValueError(f"{value.lower()!r} is not one of {', '.join(FREQUENCIES)}")
        return value.lower()

    @field_validator("source_db")
    @classmethod
    def _no_password(cls, value: str) -> str:
        # settings travel in each run's config, which Dagster stores with the run
        if password_in(value):
            raise ValueError("put the password in PGPASSWORD or a .pgpass file, not in the URL")
        return value

    @field_validator("engine")
    @classmethod
    def _known_engine(cls, value: str) -> str:
        if value.lower() not in ENGINES:
            raise ValueError(f"{value.lower()!r} is not one of {', '.join(ENGINES)}")
        return value.lower()

    @property
    def raw_store(self) -> Path:
        """The raw layer's file: written in place by runs, never copied (orchestration/raw_schema.py)."""
        return raw_store_path(self.warehouse)

    @property
    def serving_warehouse(self) -> Path:
        """The copy the dashboard reads; replaced atomically after every successful run."""
        return self.warehouse.with_name(self.warehouse.stem + ".serving.duckdb")

    def dbt_vars(self) -> dict[str, Any]:
        """What the dbt models read with var(); the matcher model through its config (a dbt Python
        model reads config, not var): see dbt_project/dbt_project.yml."""
        return {
            "as_of": self.as_of.isoformat(),
            "reporting_currency": self.reporting_currency,
            "seller_country": self.seller_country,
            "invoice_grace_days": self.invoice_grace_days,
            "payment_retry_window_days": self.payment_retry_window_days,
            "erp_posting_lag_days": self.erp_posting_lag_days,
            "payout_bank_window_days": self.payout_bank_window_days,
            "payout_not_received_days": self.payout_not_received_days,
            "auto_apply_threshold": str(self.auto_apply_threshold),
            "bank_fee_tolerance": str(self.bank_fee_tolerance),
            "stripe_crm_account_key": self.stripe_crm_account_key,
            "stripe_contract_key": self.stripe_contract_key,
            "stripe_product_code_key": self.stripe_product_code_key,
            "stripe_po_number_key": self.stripe_po_number_key,
            "stripe_include_test_mode": self.stripe_include_test_mode,
            "quickbooks_invoice_number_field": self.quickbooks_invoice_number_field,
            "quickbooks_home_currency": self.quickbooks_home_currency or self.reporting_currency,
            "netsuite_invoice_number_field": self.netsuite_invoice_number_field,
            "netsuite_home_currency": self.netsuite_home_currency or self.reporting_currency,
            "salesforce_fields": SALESFORCE_FIELDS | crm_fields(self.salesforce_fields),
            "hubspot_fields": HUBSPOT_FIELDS | crm_fields(self.hubspot_fields),
            "crm_billing_frequency": self.crm_billing_frequency,
            "crm_payment_terms_days": self.crm_payment_terms_days,
            "crm_term_months": self.crm_term_months,
        }

    def as_text(self) -> dict[str, str]:
        """Every setting as text: `load_settings` of it gives these settings back (Dagster run config).
        Secrets are left out: a run never needs them, and run config is stored with the run."""
        return {name: str(value) for name in type(self).model_fields
                if not isinstance(value := getattr(self, name), SecretStr)}

    @property
    def alert_recipients(self) -> list[str]:
        return [a.strip() for a in self.alert_email_to.split(",") if a.strip()]


def crm_fields(text: str) -> dict[str, str]:
    """`billing_frequency=Billing_Period_c,po_number=PO_c` as {value: column}. The values are those of
    SALESFORCE_FIELDS; a column is a plain name (it goes into a JSON path)."""
    fields: dict[str, str] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, _, column = (s.strip() for s in part.partition("="))
        if name not in SALESFORCE_FIELDS:
            raise ValueError(f"{name!r} is not one of {', '.join(SALESFORCE_FIELDS)}")
        if not re.fullmatch(r"[A-Za-z0-9_]+", column):
            raise ValueError(f"{part!r}: name a column as value=column (letters, digits and _)")
        fields[name] = column
    return fields


def password_in(url: str) -> bool:
    """A password written into a PostgreSQL URL or key=value DSN."""
    if "://" in url:
        return urlsplit(url).password is not None
    return any(part.split("=", 1)[0].strip() == "password" for part in url.split())


def flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def env_name(name: str) -> str:
    return ENV_PREFIX + name.upper()


def load_settings(given: Mapping[str, Any] | None = None) -> Settings:
    """The settings of a run: `given` (flags; None means not given), then BILLOPS_* variables,
    then defaults. Paths become absolute. A bad value is one line naming its flag and variable."""
    try:
        return Settings(**{name: value for name, value in (given or {}).items() if value is not None})
    except ValidationError as error:
        first = error.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        message = first["msg"].removeprefix("Value error, ")
        raise SettingsError(f"{flag(name)} / {env_name(name)}: {message}" if name else message) from None
