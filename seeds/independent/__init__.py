"""An independent cash-application test-data generator: open invoices, a bank statement, and the answers.

Written without looking at the project's matcher or its own generator, so the two can test each other; it
imports only the standard library and pyarrow, never the rest of the project. See README.md here for what it
generates and the real-world source of every habit.

    tables = generate(seed=1, customers=1500, numbering="mixed")   # {"open_invoices": pa.Table, ...}
    write(tables, "out/")                                           # out/<name>.parquet
    assert not problems(tables)
"""

from .generator import generate
from .invariants import problems
from .numbering import NUMBERINGS, STYLES
from .writer import TABLE_NAMES, read, write

__all__ = ["NUMBERINGS", "STYLES", "TABLE_NAMES", "generate", "problems", "read", "write"]
