"""Candidate generation in DuckDB: which (bank line, invoice) and (bank line, customer name) pairs
are worth scoring. Blocking keeps this near-linear: reference numbers are joined exactly and with
one substituted or transposed character, names by word-prefix keys whose blocks are not too common."""

from __future__ import annotations

import duckdb
import numpy as np
import pyarrow as pa

FUZZY_MIN_CHARS = 8  # shorter numbers have too many one-character neighbours to guess between


def reference_hits(con: duckdb.DuckDBPyConnection, line_tokens: pa.Table, document_keys: pa.Table
                   ) -> list[tuple[int, int, int, str]]:
    """(line_idx, doc_idx, kind, token) with kind 2 for an exact key, 1 for one wrong or two swapped
    characters; token is the longest key read that found the document.
    line_tokens: line_idx, token, bare, currency; document_keys: doc_idx, key, bare, currency (a
    document has its key and its bare key). Only bare tokens that are no document's key are
    tried fuzzily against bare keys: with sequential numbering every number has dozens of
    one-character neighbours."""
    con.register("_cash_tokens", line_tokens)
    con.register("_cash_keys", document_keys)
    try:
        rows = con.execute(f"""
            with fuzzy_tokens as (
                select line_idx, token, currency, r.i as i from _cash_tokens, range(length(token)) r(i)
                where bare and length(token) >= {FUZZY_MIN_CHARS} and token not in (select key from _cash_keys)
            ), bare_keys as (
                select doc_idx, key, currency from _cash_keys where bare and length(key) >= {FUZZY_MIN_CHARS}
            ), fuzzy_keys as (
                select doc_idx, currency, substr(key, 1, r.i) || '_' || substr(key, r.i + 2) as wildcard
                from bare_keys, range(length(key)) r(i)
            ), exact as (
                select t.line_idx, k.doc_idx, 2 as kind, t.token from _cash_tokens t
                join _cash_keys k on t.token = k.key and t.currency = k.currency
            ), substituted as (
                select f.line_idx, k.doc_idx, 1 as kind, f.token
                from (select line_idx, token, currency, substr(token, 1, i) || '_' || substr(token, i + 2) as wildcard
                      from fuzzy_tokens) f
                join fuzzy_keys k using (wildcard, currency)
            ), transposed as (
                select f.line_idx, k.doc_idx, 1 as kind, f.token
                from (select line_idx, token, currency, substr(token, 1, i) || substr(token, i + 2, 1)
                             || substr(token, i + 1, 1) || substr(token, i + 3) as swapped
                      from fuzzy_tokens where i < length(token) - 1) f
                join bare_keys k on f.swapped = k.key and f.currency = k.currency
            )
            select distinct * from (
                select * from exact union all select * from substituted union all select * from transposed)
        """).fetchall()
    finally:
        con.unregister("_cash_tokens")
        con.unregister("_cash_keys")
    best: dict[tuple[int, int], tuple[int, str]] = {}
    for line_idx, doc_idx, kind, token in rows:
        known = best.get((line_idx, doc_idx))
        if known is None or (kind, len(token), token) > (known[0], len(known[1]), known[1]):
            best[(line_idx, doc_idx)] = (kind, token)
    return sorted((line_idx, doc_idx, kind, token) for (line_idx, doc_idx), (kind, token) in best.items())


def name_pairs(con: duckdb.DuckDBPyConnection, line_keys: pa.Table, name_keys: pa.Table, max_block: int
               ) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (line_idx, name_idx) sharing a word-prefix key held by at most max_block names:
    a common word such as 'GLOBAL' blocks only through its pair keys ('GLOB+TECH')."""
    con.register("_cash_line_keys", line_keys)
    con.register("_cash_name_keys", name_keys)
    try:
        result = con.execute(f"""
            with selective as (
                select key from _cash_name_keys group by key having count(*) <= {max_block}
            )
            select distinct l.line_idx, n.name_idx
            from _cash_line_keys l join selective using (key) join _cash_name_keys n using (key)
        """).to_arrow_table()
    finally:
        con.unregister("_cash_line_keys")
        con.unregister("_cash_name_keys")
    return result.column(0).to_numpy(), result.column(1).to_numpy()
