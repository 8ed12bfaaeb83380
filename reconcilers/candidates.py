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
    """(line_idx, doc_idx, kind, token) with kind 2 for an exact key, 1 for one wrong, doubled or
    dropped character or two swapped ones; token is the longest key read that found the document.
    line_tokens: (line_idx, token, bare, currency); documents: (doc_idx, key, bare, currency), a
    document has its key and its bare key. Exact keys are looked up in a dict; only bare tokens
    that are no document's key are tried fuzzily against bare keys, in DuckDB: with sequential
    numbering every number has dozens of one-character neighbours."""
    read = {token for _, token, _, _ in line_tokens}
    by_key: dict[str, list[tuple[int, str]]] = {}  # only keys some line reads
    for doc_idx, key, _, currency in documents:
        if key in read:
            by_key.setdefault(key, []).append((doc_idx, currency))
    rows = [(line_idx, doc_idx, 2, token) for line_idx, token, _, currency in line_tokens if token in by_key
            for doc_idx, doc_currency in by_key[token] if doc_currency == currency]
    fuzzy = [(line_idx, token, currency) for line_idx, token, bare, currency in line_tokens
             if bare and len(token) >= FUZZY_MIN_CHARS and token not in by_key] if fuzzy_allowed else []
    if fuzzy:
        # a key one shorter than the shortest token: a character typed twice ('ACME-266-02653')
        rows += _fuzzy_hits(con, fuzzy, [(doc_idx, key, currency) for doc_idx, key, bare, currency in documents
                                         if bare and len(key) >= FUZZY_MIN_CHARS - 1])
    best: dict[tuple[int, int], tuple[int, str]] = {}
    for line_idx, doc_idx, kind, token in rows:
        found = best.get((line_idx, doc_idx))
        if found is None or (kind, len(token), token) > (found[0], len(found[1]), found[1]):
            best[(line_idx, doc_idx)] = (kind, token)
    return sorted((line_idx, doc_idx, kind, token) for (line_idx, doc_idx), (kind, token) in best.items())


def _fuzzy_hits(con: duckdb.DuckDBPyConnection, tokens: list[tuple[int, str, str]], keys: list[tuple[int, str, str]]
                ) -> list[tuple[int, int, int, str]]:
    """One substituted character (a wildcard join), two adjacent characters swapped, or one
    character typed twice or left out (the usual single slips of a typist, with substitution and
    transposition: '4FDBBC8E3-0001' for 4FDBC8E3-0001, '900002970' for 9000029705). A dropped
    character joins the same wildcard keys as a substitution, the token taking the wildcard where
    the character is missing; a doubled one joins the keys with one of the token's characters
    deleted; only the tokens are expanded for both."""
    con.register("_cash_tokens", pa.table({"line_idx": pa.array([t[0] for t in tokens], pa.int64()),
                                           "token": pa.array([t[1] for t in tokens], pa.string()),
                                           "currency": pa.array([t[2] for t in tokens], pa.string())}))
    con.register("_cash_keys", pa.table({"doc_idx": pa.array([k[0] for k in keys], pa.int64()),
                                         "key": pa.array([k[1] for k in keys], pa.string()),
                                         "currency": pa.array([k[2] for k in keys], pa.string())}))
    try:
        return con.execute("""
            with fuzzy_tokens as (
                select line_idx, token, currency, r.i as i from _cash_tokens, range(length(token)) r(i)
            ), fuzzy_keys as (
                select doc_idx, currency, substr(key, 1, r.i) || '_' || substr(key, r.i + 2) as wildcard
                from _cash_keys, range(length(key)) r(i)
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
                join _cash_keys k on f.swapped = k.key and f.currency = k.currency
            ), dropped as (
                select f.line_idx, k.doc_idx, 1 as kind, f.token
                from (select line_idx, token, currency, substr(token, 1, i) || '_' || substr(token, i + 1) as wildcard
                      from fuzzy_tokens union all
                      select line_idx, token, currency, token || '_' from _cash_tokens) f
                join fuzzy_keys k using (wildcard, currency)
            ), doubled as (
                select f.line_idx, k.doc_idx, 1 as kind, f.token
                from (select line_idx, token, currency, substr(token, 1, i) || substr(token, i + 2) as shorter
                      from fuzzy_tokens) f
                join _cash_keys k on f.shorter = k.key and f.currency = k.currency
            )
            select distinct * from (select * from substituted union all select * from transposed
                                    union all select * from dropped union all select * from doubled)
        """).fetchall()
    finally:
        con.unregister("_cash_tokens")
        con.unregister("_cash_keys")
