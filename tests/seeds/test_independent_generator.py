"""The independent generator (seeds/independent) at a small size: its invariants hold, every answer points at a
bank line, a seed always gives the same tables, and it imports nothing of the project."""

import ast
import sys
from pathlib import Path

import pyarrow as pa
import pytest

from seeds.independent import TABLE_NAMES, generate, problems

PACKAGE = Path(__file__).resolve().parents[2] / "seeds" / "independent"
SEEDS = (1, 2)
NUMBERINGS = ("mixed", "stripe", "quickbooks", "sap", "odoo")
CUSTOMERS = 150


@pytest.mark.parametrize("numbering", NUMBERINGS)
@pytest.mark.parametrize("seed", SEEDS)
def test_invariants_hold_and_the_seed_decides_the_tables(seed: int, numbering: str) -> None:
    tables = generate(seed, CUSTOMERS, numbering)
    assert set(tables) == set(TABLE_NAMES)
    assert problems(tables) == []
    lines = set(tables["bank_lines"].column("bank_txn_id").to_pylist())
    answered = set(tables["truth_matches"].column("bank_txn_id").to_pylist())
    not_customers = set(tables["non_customer"].column("bank_txn_id").to_pylist())
    assert answered and not_customers
    assert answered <= lines
    assert not_customers <= lines
    again = generate(seed, CUSTOMERS, numbering)
    assert all(again[name].equals(tables[name]) for name in TABLE_NAMES)


def test_problems_finds_a_line_without_an_answer() -> None:
    tables = generate(1, CUSTOMERS, "mixed")
    orphan = pa.table({"bank_txn_id": ["bt_orphan"], "value_date": ["2026-01-05"], "amount": ["10.00"],
                       "currency": ["USD"], "payer_name": [""], "reference": [""]})
    broken = dict(tables, bank_lines=pa.concat_tables([tables["bank_lines"], orphan]))
    assert problems(broken) == ["bank line neither truth nor non_customer bt_orphan"]


def test_imports_only_the_standard_library_and_pyarrow() -> None:
    foreign = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            foreign += [f"{path.name}: {name}" for name in names
                        if name.split(".")[0] not in sys.stdlib_module_names and name.split(".")[0] != "pyarrow"]
    assert foreign == []
