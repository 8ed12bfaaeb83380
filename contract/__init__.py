"""The data contract (shared/CONTRACT.md v1) as data and the rules every package shares.

A leaf: it imports nothing of the project, so ingestion, the matcher, the generator, the exports
and the dashboard can all depend on it without depending on each other (import-linter checks it).
- tables: every extract, its columns, types and keys;
- findings_queue: the exception queue's columns, types and order (exceptions.csv);
- render_dbt: the dbt files that repeat the contract, rendered from it (`make dbt-manifest`);
- money: currencies' minor units and rounding;
- personal_data: which columns hold what people type (erasure, card-number masking);
- card_numbers: PCI DSS masking of primary account numbers;
- spreadsheet: text a spreadsheet program would run as a formula.
"""
