"""A CRM landing must say where its contracts' billing frequency comes from.

The contract needs one per contract, and Salesforce and HubSpot have no standard field for it: it
comes from the custom field the settings name (salesforce_fields / hubspot_fields), else the
connector's own fallbacks (Salesforce CPQ's billing frequency on a product or an order product,
HubSpot's line items' recurringbillingfrequency), else the crm_billing_frequency setting. When none of these exists at
all, every won deal would be left out one by one: the run stops instead, with one line saying
what to set. (A value missing on some deals only leaves those out, as data-quality findings.)
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from contract.connectors import RAW_TABLES
from orchestration.ingest.discover import ContractError
from orchestration.raw_schema import RAW_SCHEMA
from orchestration.settings import Settings
from orchestration.warehouse import table_exists


@dataclass(frozen=True)
class FrequencySources:
    folder: str
    deals: str  # the table whose custom field holds it
    won: str  # SQL: a row of a won deal (as dbt decides it, on any version of the row)
    fallbacks: tuple[tuple[str, str], ...]  # (table, column) that may give one instead
    fallback_name: str


_LIVE = "coalesce(is_deleted, 'false') = 'false' and coalesce(_fivetran_deleted, 'false') = 'false'"
SOURCES = (
    FrequencySources("salesforce", "opportunity", f"{_LIVE} and (is_won = 'true' or stage_name = 'Closed Won')",
                     (("product_2", "sbqq_billing_frequency_c"), ("order_item", "sbqq_billing_frequency_c")),
                     "Salesforce CPQ billing frequency on a product or order product"),
    FrequencySources("hubspot", "deal", f"""{_LIVE} and (property_hs_is_closed_won = 'true'
                     or coalesce(deal_pipeline_stage_id, property_dealstage) = 'closedwon'
                     or deal_pipeline_stage_id in (select stage_id from {RAW_SCHEMA}.hubspot__deal_pipeline_stage
                                                   where closed_won = 'true'))""",
                     (("line_item", "property_recurringbillingfrequency"),), "line item's recurringbillingfrequency"),
)


def _has_values(con: duckdb.DuckDBPyConnection, table_id: str, column: str) -> bool:
    """Whether any row of the raw table has a value in `column`: a declared column, else one kept in _extra."""
    if not table_exists(con, RAW_SCHEMA, table_id):
        return False
    declared = next(t for t in RAW_TABLES if t.id == table_id).column_names
    value = f'"{column}"' if column in declared else f"""json_extract_string(_extra, '$."{column}"')"""
    return con.execute(f"select count(*) from {RAW_SCHEMA}.{table_id} where nullif(trim({value}), '') is not null "
                       "limit 1").fetchone()[0] > 0


def check_crm_fields(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """After ingestion: raise ContractError when a CRM folder's deals have no source for a billing frequency."""
    if settings.crm_billing_frequency:
        return
    fields = settings.dbt_vars()
    for source in SOURCES:
        deals = f"{source.folder}__{source.deals}"
        if not table_exists(con, RAW_SCHEMA, deals) or not con.execute(
                f"select count(*) from {RAW_SCHEMA}.{deals} where {source.won}").fetchone()[0]:
            continue
        column = fields[f"{source.folder}_fields"]["billing_frequency"]
        if _has_values(con, deals, column) or any(_has_values(con, f"{source.folder}__{table}", fallback)
                                                  for table, fallback in source.fallbacks):
            continue
        raise ContractError(f"{source.folder}/{source.deals}: no billing frequency for its contracts: no column "
                            f"{column} and no {source.fallback_name}; name the field with --{source.folder}-fields "
                            f"billing_frequency=<column> or set --crm-billing-frequency")
