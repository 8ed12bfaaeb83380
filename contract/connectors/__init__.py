"""Connectors as data: a folder in the landing that holds a sync tool's copy of a source system
(Fivetran's, Airbyte's or dlt's table and column names) instead of the contract's files.

A connector names the contract folders it replaces, the contract tables that stay (the product's
own metering), and its tables with the columns billops reads: a key column is required (the
file must have it and every row a value), any other column may be missing from a file and then
reads as empty, and a group in `one_of` needs at least one of its columns (the fallbacks of a
value the contract needs, in the documented order). Every other column a file has is kept in
`_extra`. Ingestion (orchestration/ingest/) loads these tables as it loads the contract's, into
raw.<folder>__<table>; contract/render_dbt.py writes their dbt sources; the adapter's dbt models
(dbt_project/models/staging/<folder>/) map them to the contract's staging models.
"""

from __future__ import annotations

from contract.connectors.hubspot import HUBSPOT, HUBSPOT_FIELDS
from contract.connectors.model import Connector, ConnectorTable
from contract.connectors.netsuite import NETSUITE
from contract.connectors.quickbooks import QUICKBOOKS
from contract.connectors.salesforce import SALESFORCE, SALESFORCE_FIELDS
from contract.connectors.stripe import STRIPE, STRIPE_MINOR_UNITS
from contract.tables import TABLES, Table

CONNECTORS: tuple[Connector, ...] = (STRIPE, SALESFORCE, HUBSPOT, QUICKBOOKS, NETSUITE)
CONNECTOR_TABLES: tuple[Table, ...] = tuple(t for c in CONNECTORS for t in c.raw_tables())
# every raw extract table: the contract's and every connector's (empty when its folder is absent)
RAW_TABLES: tuple[Table, ...] = TABLES + CONNECTOR_TABLES


def connector_for(folder: str) -> Connector | None:
    return next((c for c in CONNECTORS if c.folder == folder), None)


__all__ = ["CONNECTORS", "CONNECTOR_TABLES", "HUBSPOT", "HUBSPOT_FIELDS", "NETSUITE", "QUICKBOOKS", "RAW_TABLES",
           "SALESFORCE", "SALESFORCE_FIELDS", "STRIPE", "STRIPE_MINOR_UNITS", "Connector", "ConnectorTable", "connector_for"]
