"""--scale N: N extra usage events as Parquet parts, generated in vectorised batches.

The extra events belong to the real usage customers and products, inside the data window, but
carry quantity 0, so rated usage and therefore the truth files stay exact while ingestion, the
de-duplication on event_id and the rating queries get benchmark volumes.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from seeds.landing import Landing

ROWS_PER_PART = 1_000_000


def write_scaled_usage(landing: Landing, out: Path, seed: int, as_of: date, n_events: int) -> None:
    folder = out / "billing" / "usage_events"
    folder.mkdir(parents=True, exist_ok=True)
    single = out / "billing" / "usage_events.csv"
    if single.exists():  # a table is a file or a folder, not both
        single.rename(folder / "part-0000.csv")
    pairs = sorted({(e["customer_id"], e["product_code"]) for e in landing.tables["billing__usage_events"]
                    if e["customer_id"]})
    customers = pa.array([c for c, _ in pairs], pa.string())
    products = pa.array([p for _, p in pairs], pa.string())
    rng = np.random.default_rng(seed)
    start = np.datetime64(datetime(as_of.year, as_of.month, as_of.day) - timedelta(days=540), "s")
    span_seconds = 540 * 86400
    for part, first in enumerate(range(0, n_events, ROWS_PER_PART), start=1):
        size = min(ROWS_PER_PART, n_events - first)
        which = pa.array(rng.integers(0, len(pairs), size))
        moments = pa.array(start + rng.integers(0, span_seconds, size).astype("timedelta64[s]"))
        numbers = pc.cast(pa.array(np.arange(first, first + size)), pa.string())
        table = pa.table({
            "event_id": pc.binary_join_element_wise("evt_scale_", numbers, ""),
            "customer_id": customers.take(which),
            "product_code": products.take(which),
            "quantity": pc.cast(pa.array(np.zeros(size, dtype=np.int64)), pa.string()),
            "occurred_at": pc.strftime(moments, format="%Y-%m-%dT%H:%M:%SZ"),
        })
        pq.write_table(table, folder / f"part-{part:04d}.parquet")
