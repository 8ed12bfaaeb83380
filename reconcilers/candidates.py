"""Candidate generation: which (bank line, invoice) pairs are worth scoring. Blocking keeps this
near-linear: reference numbers are joined exactly and with one substituted, transposed, doubled or
dropped character, in DuckDB. (Payer names are blocked in names.py.)"""

from __future__ import annotations

import duckdb
import pyarrow as pa

FUZZY_MIN_CHARS = 8  # shorter numbers have too many one-character neighbours to guess between


def reference_hits(con: duckdb.DuckDBPyConnection, line_tokens: list[tuple[int, str, bool, str]],
                   documents: list[tuple[int, str, bool, str]], fuzzy_allowed: bool = True
                   ) -> list[tuple[int, int, int, str]]:
    """(line_idx, doc_idx, kind, token), sorted, with kind 2 for an exact key, 1 for one wrong,
    doubled or dropped character or two swapped ones; token is the longest key read that found the
    document (of two as long, the one sorting last), an exact one before any other. line_tokens:
    (line_idx, token, bare, currency); documents: (doc_idx, key, bare, currency), a document has its
    key and its bare key. Only bare tokens that are no document's key are tried fuzzily against
    bare keys: with sequential numbering every number has dozens of one-character neighbours. One
    statement in DuckDB: a short number read in many references finds many documents each, and
    those pairs cost more to collect in Python than to join."""
    con.register("_cash_tokens", _numbers_table(line_tokens, ("line_idx", "token")))
    con.register("_cash_keys", _numbers_table(documents, ("doc_idx", "key")))
    try:
        return con.execute(f"""
            with exact as (
                select t.line_idx, k.doc_idx, 2 as kind, t.token
                from _cash_tokens t join _cash_keys k on k.key = t.token and k.currency = t.currency
            ), {_FUZZY_HITS if fuzzy_allowed else "fuzzy as (select * from exact where false)"}
            select line_idx, doc_idx, kind, token from (select * from exact union all select * from fuzzy)
            qualify row_number() over (partition by line_idx, doc_idx order by kind desc, length(token) desc,
                                                                         token desc) = 1
            order by line_idx, doc_idx""").fetchall()
    finally:
        con.unregister("_cash_tokens")
        con.unregister("_cash_keys")


def _numbers_table(rows: list[tuple[int, str, bool, str]], names: tuple[str, str]) -> pa.Table:
    """(index, number, bare, currency) rows as the columns the statement reads, the first two named `names`."""
    types = (pa.int64(), pa.string(), pa.bool_(), pa.string())
    return pa.table({name: pa.array([row[k] for row in rows], kind)
                     for k, (name, kind) in enumerate(zip((*names, "bare", "currency"), types, strict=True))})


# One substituted character (a wildcard join), two adjacent characters swapped, or one character
# typed twice or left out (the usual single slips of a typist, with substitution and transposition:
# '4FDBBC8E3-0001' for 4FDBC8E3-0001, '900002970' for 9000029705). A dropped character joins the
# same wildcard keys as a substitution, the token taking the wildcard where the character is
# missing; a doubled one joins the keys with one of the token's characters deleted; only the tokens
# are expanded for both. A key one shorter than the shortest token: a character typed twice
# ('ACME-266-02653').
_FUZZY_HITS = f"""
    fuzzy_sources as (
        select line_idx, token, currency from _cash_tokens
        where bare and length(token) >= {FUZZY_MIN_CHARS} and token not in (select key from _cash_keys)
    ), fuzzy_keys_read as (
        select doc_idx, key, currency from _cash_keys where bare and length(key) >= {FUZZY_MIN_CHARS - 1}
    ), fuzzy_tokens as (
        select line_idx, token, currency, r.i as i from fuzzy_sources, range(length(token)) r(i)
    ), fuzzy_keys as (
        select doc_idx, currency, substr(key, 1, r.i) || '_' || substr(key, r.i + 2) as wildcard
        from fuzzy_keys_read, range(length(key)) r(i)
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
        join fuzzy_keys_read k on f.swapped = k.key and f.currency = k.currency
    ), dropped as (
        select f.line_idx, k.doc_idx, 1 as kind, f.token
        from (select line_idx, token, currency, substr(token, 1, i) || '_' || substr(token, i + 1) as wildcard
              from fuzzy_tokens union all
              select line_idx, token, currency, token || '_' from fuzzy_sources) f
        join fuzzy_keys k using (wildcard, currency)
    ), doubled as (
        select f.line_idx, k.doc_idx, 1 as kind, f.token
        from (select line_idx, token, currency, substr(token, 1, i) || substr(token, i + 2) as shorter
              from fuzzy_tokens) f
        join fuzzy_keys_read k on f.shorter = k.key and f.currency = k.currency
    ), fuzzy as (
        select * from substituted union all select * from transposed
        union all select * from dropped union all select * from doubled
    )"""
