"""Ingestion: a landing folder into raw.<source>__<table>, validated against the contract.

discover.py finds a table's files in load order; readers.py turns CSV, Parquet and bank files
(bank_formats/) into one staged shape; validation.py is the contract's checks as SQL; load.py
reloads a table or settles only its changed files (incremental.py) against the load log
(manifest.py), quarantining and de-duplicating. This module only names the public API.
"""

from orchestration.ingest.discover import ContractError, check_landing, discover_files
from orchestration.ingest.load import FileResult, TableResult, load_landing, load_table, load_tables

__all__ = ["ContractError", "FileResult", "TableResult", "check_landing", "discover_files", "load_landing",
           "load_table", "load_tables"]
