"""Which dbt models a run rebuilds: fingerprints of sources and settings against the last build."""

from __future__ import annotations

import pytest
import yaml

from contract.connectors import CONNECTORS
from orchestration.defs.transform import changes, connectors_in_use
from orchestration.defs.transform.assets import ALWAYS_BUILT, MATCHER, _inputs, dbt_project, parsed_project
from orchestration.settings import Settings
from pipeline_helpers import raw_store_connection

USAGE = changes.Input("billing.usage_events", ("source:billing.usage_events",), "files-1")
AS_OF = changes.Input("as_of", ("int_contract_periods_scheduled", "fct_kpis"), "2026-11-27")


@pytest.fixture
def con():
    with raw_store_connection() as connection:
        yield connection


def _recorded(con, inputs, project="p1") -> None:
    changes.record_build(con, changes.plan_build(con, inputs, project))


@pytest.mark.parametrize(("before", "after", "project", "expected"), [
    (None, [USAGE, AS_OF], "p1", "everything"),  # a fresh warehouse
    ([USAGE, AS_OF], [USAGE, AS_OF], "p1", "no input changed"),
    ([USAGE, AS_OF], [changes.Input(USAGE.name, USAGE.selectors, "files-2"), AS_OF], "p1",
     "changed: billing.usage_events"),
    ([USAGE, AS_OF], [USAGE, changes.Input(AS_OF.name, AS_OF.selectors, "2026-11-28")], "p1", "changed: as_of"),
    ([USAGE, AS_OF], [USAGE, AS_OF], "p2", "everything"),  # the dbt project changed
])
def test_plan(con, before, after, project, expected) -> None:
    if before is not None:
        _recorded(con, before)
    assert changes.plan_build(con, after, project).describe() == expected


def test_a_build_selects_what_reads_the_changed_input_and_never_the_source_tests(con) -> None:
    _recorded(con, [USAGE, AS_OF])
    plan = changes.plan_build(con, [USAGE, changes.Input(AS_OF.name, AS_OF.selectors, "2026-11-28")], "p1")
    assert plan.select_args(ALWAYS_BUILT) == [
        "--select", "fct_kpis+", "int_contract_periods_scheduled+", *ALWAYS_BUILT, "--exclude", *changes.UNCHECKED]
    assert changes.plan_build(con, [USAGE, AS_OF], "p2").select_args(ALWAYS_BUILT) == ["--exclude", *changes.UNCHECKED]


def test_new_rows_leave_the_views_below_them_as_they_were_built(con) -> None:
    """A view is its query: only a changed setting it reads rebuilds it, or the project (everything)."""
    reads_as_of = changes.Input(AS_OF.name, ("stg_dates", "int_contract_periods_scheduled"), "2026-11-27")
    _recorded(con, [USAGE, reads_as_of])
    views = ("stg_billing__usage_events", "stg_dates")
    new_rows = changes.plan_build(con, [changes.Input(USAGE.name, USAGE.selectors, "files-2"), reads_as_of], "p1")
    # one selector for all of them (dbt resolves a list of 80 names in ~0.5 s)
    assert new_rows.select_args((), views) == [
        "--select", "source:billing.usage_events+", "--exclude", *changes.UNCHECKED, "config.materialized:view"]
    new_day = changes.plan_build(con, [USAGE, changes.Input(AS_OF.name, reads_as_of.selectors, "2026-11-28")], "p1")
    assert new_day.select_args((), views)[-2:] == [changes.UNCHECKED[-1], "stg_billing__usage_events"]
    assert changes.plan_build(con, [USAGE, reads_as_of], "p2").select_args((), views) == ["--exclude", *changes.UNCHECKED]


def test_a_source_fingerprint_follows_its_files_and_the_erasures(con) -> None:
    con.execute("create schema history")
    con.execute("create table raw.load_log (table_name varchar, source_file varchar, file_hash varchar, "
                "rows_loaded bigint, rows_duplicate bigint, rows_quarantined bigint)")
    con.execute("insert into raw.load_log values ('billing__usage_events', 'a.csv', 'h1', 10, 0, 0)")
    usage = {"source_name": "billing", "name": "usage_events", "database": "raw", "schema": "main",
             "identifier": "billing__usage_events"}

    def fingerprint() -> str:
        return changes.source_inputs(con, [usage])[0].fingerprint

    first = fingerprint()
    con.execute("update raw.load_log set rows_loaded = 9, rows_duplicate = 1")  # a key re-delivered later
    second = fingerprint()
    con.execute("create table history.erasures (customer_id varchar, pseudonym varchar, erased_at timestamp)")
    con.execute("insert into history.erasures values ('C1', 'erased-1', '2026-11-27')")
    third = fingerprint()
    assert len({first, second, third}) == 3


def test_the_readers_of_each_setting_are_found_in_the_models_and_their_macros() -> None:
    manifest = parsed_project()
    readers = changes.var_readers(manifest, ["as_of", "reporting_currency", "auto_apply_threshold",
                                             "bank_fee_tolerance"])
    assert "int_contract_periods_scheduled" in readers["as_of"]  # through the as_of_date() macro
    assert "int_processor_payments_signed" in readers["as_of"]
    assert "int_usage_days_aggregated" not in readers["as_of"]
    assert MATCHER not in readers["as_of"]
    assert "int_invoices_joined" in readers["reporting_currency"]
    # the matcher, a Python model, reads its settings through config set from the vars
    assert readers["auto_apply_threshold"] == {MATCHER}
    assert readers["bank_fee_tolerance"] == {MATCHER}


def test_a_new_matcher_setting_rebuilds_the_matcher_and_what_follows(con) -> None:
    """The matcher reads its settings as config set from vars: a new value is a changed input."""
    manifest = parsed_project()

    def plan(**given):
        return changes.plan_build(con, _inputs(con, manifest, Settings(as_of="2026-11-27", **given), []), "p1")

    changes.record_build(con, plan())
    assert plan().describe() == "no input changed"
    stricter = plan(auto_apply_threshold="0.95")
    assert stricter.describe() == "changed: auto_apply_threshold"
    assert stricter.select_args(())[:2] == ["--select", f"{MATCHER}+"]


def test_the_models_of_connectors_not_in_use_are_left_out_except_those_read_directly() -> None:
    """Contract staging reads adapter models only for the connectors in use (with_adapter_rows);
    payout matching reads Stripe's payouts whatever the landing holds, so those stay."""
    manifest = parsed_project()
    everything = connectors_in_use.models_left_out(manifest, [])
    assert {"stg_stripe__billing_invoices", "stg_stripe__invoice", "stg_salesforce__crm_rejects",
            "stg_hubspot__crm_contracts", "stg_quickbooks__erp_invoices", "stg_netsuite__erp_receipts"} \
        <= set(everything)
    kept = {"stg_stripe__payout", "stg_stripe__payout_balance_transaction", "stg_stripe__balance_transaction",
            "stg_stripe__charge", "stg_stripe__refund", "stg_stripe__dispute"}
    assert not kept & set(everything)
    assert set(everything) == connectors_in_use.adapter_models(manifest) - kept
    assert not [m for m in connectors_in_use.models_left_out(manifest, ["stripe"]) if m.startswith("stg_stripe__")]
    assert connectors_in_use.models_left_out(manifest, [c.folder for c in CONNECTORS]) == []


def test_runs_leave_the_incremental_usage_grain_tests_to_the_test_suite() -> None:
    """tests/test_usage_incremental.py builds with them after every kind of raw change."""
    manifest = parsed_project()
    tagged = {manifest["nodes"][parent]["name"] for node in manifest["nodes"].values()
              if node["resource_type"] == "test" and "rechecks_incremental_grain" in node["tags"]
              for parent in node["depends_on"]["nodes"]}
    assert tagged == {"int_usage_days_aggregated", "int_usage_file_customers_counted"}
    assert "tag:rechecks_incremental_grain" in changes.UNCHECKED


def test_a_build_excludes_only_the_left_out_models_it_reaches() -> None:
    """dbt resolves each excluded name against every node: a build below new usage rows names none."""
    manifest = parsed_project()
    everything = connectors_in_use.models_left_out(manifest, [])
    assert connectors_in_use.models_left_out(manifest, [], ["source:billing.usage_events"]) == []
    assert connectors_in_use.models_left_out(manifest, [], ["int_contract_periods_scheduled", "fct_kpis"]) == []
    stripe_invoices = connectors_in_use.models_left_out(manifest, [], ["source:stripe.invoice"])
    assert "stg_stripe__invoice" in stripe_invoices and set(stripe_invoices) < set(everything)
    assert not [m for m in stripe_invoices if not m.startswith("stg_stripe__")]
    # a connector coming into use rebuilds every adapter model's readers: the others' are all reached
    readers = sorted(connectors_in_use.adapter_models(manifest))
    assert connectors_in_use.models_left_out(manifest, [], readers) == everything


def _node(name: str, resource_type: str = "model", fqn: tuple[str, ...] = ("marts", "x"),
          parents: tuple[str, ...] = ()) -> dict:
    return {"name": name, "resource_type": resource_type, "fqn": ["billops", *fqn, name],
            "depends_on": {"nodes": list(parents), "macros": []}}


def test_a_left_out_model_a_reached_test_reads_is_excluded_too() -> None:
    """dbt selects a test when one of the models it reads is selected: a left-out model it also
    reads must be excluded by name, or the test would read a relation no run builds."""
    manifest = {"sources": {}, "nodes": {
        "model.adapter": _node("stg_adapter", fqn=("staging", CONNECTORS[0].folder)),
        "model.reached": _node("reached"),
        "model.elsewhere": _node("elsewhere"),
        "test.both": _node("relationships", "test", parents=("model.reached", "model.adapter")),
    }, "child_map": {"model.reached": ["test.both"], "model.adapter": ["test.both"]}}
    assert connectors_in_use.models_left_out(manifest, []) == ["stg_adapter"]
    assert connectors_in_use.models_left_out(manifest, [], ["reached"]) == ["stg_adapter"]
    assert connectors_in_use.models_left_out(manifest, [], ["elsewhere"]) == []


def test_a_build_by_hand_reads_every_connector() -> None:
    project = yaml.safe_load((dbt_project.project_dir / "dbt_project.yml").read_text())
    assert project["vars"][connectors_in_use.VAR] == [c.folder for c in CONNECTORS]


def test_the_connectors_in_use_are_those_with_rows(con) -> None:
    assert connectors_in_use.connectors_in_use(con) == []
    con.execute("create table raw.quickbooks__invoice (id varchar)")
    assert connectors_in_use.connectors_in_use(con) == []
    con.execute("insert into raw.quickbooks__invoice values ('1')")
    assert connectors_in_use.connectors_in_use(con) == ["quickbooks"]


def test_a_connector_coming_into_use_rebuilds_its_models_and_their_readers(con) -> None:
    manifest = parsed_project()

    def plan(in_use):
        return changes.plan_build(con, _inputs(con, manifest, Settings(as_of="2026-11-27"), in_use), "p1")

    changes.record_build(con, plan([]))
    stripe = plan(["stripe"])
    assert stripe.describe() == f"changed: {connectors_in_use.VAR}"
    views = tuple(node["name"] for node in manifest["nodes"].values()
                  if node["resource_type"] == "model" and node["config"]["materialized"] == "view")
    selected = stripe.select_args((), views)
    assert {"stg_stripe__invoice+", "stg_billing__invoices+", "int_data_quality_issues_grouped+"} \
        <= set(selected[:selected.index("--exclude")])
    assert "stg_stripe__invoice" in views  # a view, rebuilt though views are left as built otherwise
    assert not {"stg_stripe__invoice", "config.materialized:view"} & set(selected[selected.index("--exclude"):])
