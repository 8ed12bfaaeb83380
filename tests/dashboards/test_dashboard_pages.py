"""AppTest of every dashboard page against a serving warehouse the real pipeline built (conftest.py).

The expected figures are read from the warehouse directly, so each test checks that a page shows
what the marts hold under its filters, not numbers written by hand.
"""

import os
import shlex
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest
from dashboard_warehouse import AS_OF, rows
from streamlit.testing.v1 import AppTest

from dashboards import auth, components, data

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
# page file, title, metric labels it must show, minimum tables and charts
PAGES = [
    ("views/overview.py", "Overview", {"DSO", "Best-possible DSO", "CEI", "Leakage at risk"}, 1, 3),
    ("views/leakage.py", "Revenue leakage", {"Findings", "Amount at risk (USD)"}, 1, 2),
    ("views/collections.py", "Collections", {"Past due"}, 2, 2),
    ("views/cash_application.py", "Cash application",
     {"Auto applied", "Needs review", "Unmatched", "Payout traced", "Alias", "Reference token", "Short pay",
      "Lag days"}, 4, 1),
    ("views/data_sync.py", "Data sync", {"CRM ↔ billing mismatches", "billing ↔ ERP mismatches"}, 1, 1),
    ("views/data_quality.py", "Data quality", {"Quarantined rows"}, 2, 1),
]
OCTOBER = "2026-10-01..2026-10-31"
SEPTEMBER = "2026-09-01..2026-09-30"


def open_page(page: str | None = None, secrets: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    for key, value in (secrets or {}).items():
        app.secrets[key] = value
    app.run()
    if page:
        app.switch_page(page).run()
    return app


def assert_clean(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def metric(app: AppTest, label: str) -> str:
    return next(m.value for m in app.metric if m.label == label)


def test_the_failed_run_is_recorded_after_the_successful_ones(pipeline_serving_file):
    statuses = [status for status, in rows(pipeline_serving_file,
                                           "select status from history.runs order by started_at")]
    assert statuses == ["success", "success", "failed"]


@pytest.mark.parametrize(("page", "title", "metrics", "tables", "charts"), PAGES)
def test_every_page_renders_its_header_metrics_tables_and_charts(serving_file, page, title, metrics, tables, charts):
    (last_success,), = rows(serving_file, "select run_id from history.runs where status = 'success' "
                                          "order by finished_at desc limit 1")
    app = open_page(page)
    assert_clean(app)
    assert app.title[0].value == title
    banner = app.caption[0].value  # the as-of date and the last successful run, on every page
    assert f"As of **{AS_OF}**" in banner
    assert last_success in banner  # the failed run is later
    assert any("latest run failed" in w.value for w in app.warning)
    assert metrics <= {m.label for m in app.metric}
    assert len(app.dataframe) >= tables
    assert len(app.get("plotly_chart")) >= charts
    # Every table has its two downloads.
    assert len(app.get("download_button")) == 2 * len(app.dataframe)


def _kpi(path: Path, kpi: str, period: str, segment: str | None) -> Decimal:
    start, end = period.split("..")
    (value,), = rows(path, "select value from marts.fct_kpis where kpi = ? and period_start = ? and period_end = ? "
                           "and segment is not distinct from ?", kpi, start, end, segment)
    return value


def test_overview_tiles_follow_the_period_and_segment_filters(serving_file):
    app = open_page()
    assert app.sidebar.selectbox(key="filter_period").value == OCTOBER  # the latest complete month
    october, september = _kpi(serving_file, "dso", OCTOBER, None), _kpi(serving_file, "dso", SEPTEMBER, None)
    assert metric(app, "DSO") == f"{october:.1f} days"
    assert next(m.delta for m in app.metric if m.label == "DSO") == f"{october - september:+.1f} days"
    # the tile is fct_kpis' dso, whose AR nets the customer cash not yet applied: the page says so
    assert any("not yet applied" in c.value for c in app.caption)

    segment = app.sidebar.selectbox(key="filter_segment").options[-1]
    app.sidebar.selectbox(key="filter_segment").select(segment).run()
    assert metric(app, "DSO") == f"{_kpi(serving_file, 'dso', OCTOBER, segment):.1f} days"

    app.sidebar.selectbox(key="filter_period").select(SEPTEMBER).run()
    assert metric(app, "DSO") == f"{_kpi(serving_file, 'dso', SEPTEMBER, segment):.1f} days"
    assert_clean(app)


def test_trailing_period_explains_why_there_is_no_change(serving_file):
    app = open_page()
    trailing = "2026-08-30..2026-11-27"  # the 90 days to as_of
    app.sidebar.selectbox(key="filter_period").select(trailing).run()
    assert_clean(app)
    assert all(m.delta in ("", None) for m in app.metric)
    assert any("No previous period" in c.value for c in app.caption)


def test_leakage_currency_filter_and_drill_down_to_a_finding(serving_file):
    app = open_page("views/leakage.py")
    everything = app.dataframe[0].value
    assert int(metric(app, "Findings")) == len(everything) and len(set(everything["currency"])) > 1
    app.sidebar.selectbox(key="filter_currency").select("USD").run()
    usd = app.dataframe[0].value
    assert set(usd["currency"]) == {"USD"} and int(metric(app, "Findings")) == len(usd) < len(everything)
    assert metric(app, "Amount at risk (USD)") == f"{sum(usd['amount_at_risk_reporting'].dropna()):,.0f} USD"

    customers = app.selectbox(key="leakage_customer")
    customer_id = usd["customer_id"].dropna().iloc[0]
    (name,), = rows(serving_file, "select any_value(customer_name) from marts.dim_invoices where customer_id = ?",
                    customer_id)
    assert name in customers.options  # names from the invoices, not bare ids
    customers.set_value(customer_id).run()
    assert set(app.dataframe[0].value["customer_id"]) == {customer_id}
    app.selectbox(key="leakage_customer").set_value(None)
    exception_type = usd["exception_type"].iloc[0]
    app.selectbox(key="leakage_type").select(exception_type).run()
    findings = app.dataframe[0].value
    assert set(findings["exception_type"]) == {exception_type}
    exception_id = findings["exception_id"].iloc[0]
    app.selectbox(key="leakage_finding").select(exception_id).run()
    assert_clean(app)
    (details,), = rows(serving_file, "select details from history.exceptions where exception_id = ?", exception_id)
    assert app.info[0].value == details


def test_leakage_segment_filter_uses_the_accounts_segment(serving_file):
    app = open_page("views/leakage.py")
    segment = app.sidebar.selectbox(key="filter_segment").options[-1]
    app.sidebar.selectbox(key="filter_segment").select(segment).run()
    shown = app.dataframe[0].value
    assert len(shown) and set(shown["segment"]) == {segment}
    in_segment = {a for a, in rows(serving_file, "select account_id from marts.dim_accounts where segment = ?",
                                   segment)}
    assert set(shown["account_id"]) <= in_segment


def test_leakage_status_filter_includes_resolved_findings(serving_file):
    app = open_page("views/leakage.py")
    before = int(metric(app, "Findings"))
    exception_id = app.dataframe[0].value["exception_id"].iloc[0]
    with duckdb.connect(str(serving_file)) as con:  # a later run no longer finds it
        con.execute("update history.exceptions set status = 'resolved' where exception_id = ?", [exception_id])
    app.run()
    assert int(metric(app, "Findings")) == before - 1
    app.multiselect(key="leakage_statuses").select("resolved").run()
    assert int(metric(app, "Findings")) == before


def _expected_open_ar(path, at: date, currency: str | None = None) -> Decimal:
    """Open AR at `at` computed in Python from the invoices and the cash applied to them,
    independently of the aging mart: per invoice issued by then, its total less what was applied
    on or before `at` (never below zero), in USD cents at its issue-date rate."""
    invoices = rows(path, "select invoice_id, currency, total, rate_to_reporting, issued_on from marts.dim_invoices")
    applied = rows(path, "select invoice_id, amount, applied_on from marts.fct_invoice_cash_applications")
    total = Decimal(0)
    for invoice_id, invoice_currency, amount, rate, issued_on in invoices:
        if issued_on > at or currency not in (None, invoice_currency):
            continue
        paid = sum((a for i, a, on in applied if i == invoice_id and on <= at), Decimal(0))
        total += (max(amount - paid, Decimal(0)) * rate).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return total


def test_collections_aging_matches_the_invoices_and_filters_change_it(serving_file):
    app = open_page("views/collections.py")
    aging_at = app.selectbox(key=f"aging_at_{OCTOBER}")
    assert aging_at.value == date(2026, 10, 31)  # the selected period's end
    aging = app.dataframe[0].value
    labels = [label for label, in rows(serving_file, "select label from marts.dim_aging_buckets order by bucket_order")]
    assert list(aging["bucket"]) == labels  # every bucket of the seed, in order, also when empty
    assert sum(aging["open_amount_reporting"]) == _expected_open_ar(serving_file, aging_at.value)

    as_of = date.fromisoformat(AS_OF)
    aging_at.select(as_of).run()
    assert sum(app.dataframe[0].value["open_amount_reporting"]) == _expected_open_ar(serving_file, as_of)

    app.sidebar.selectbox(key="filter_currency").select("EUR").run()
    assert sum(app.dataframe[0].value["open_amount_reporting"]) == _expected_open_ar(serving_file, as_of, "EUR")
    assert set(app.dataframe[1].value["currency"]) <= {"EUR"}
    assert_clean(app)


def test_collections_aging_at_a_period_end_is_that_periods_aging_kpis(serving_file):
    app = open_page("views/collections.py")
    shown = sum(app.dataframe[0].value["open_amount_reporting"])
    kpis = sum(value for value, in rows(serving_file, "select value from marts.fct_kpis where kpi like 'ar_aging_%' "
                                                      "and period_start = '2026-10-01' and period_end = '2026-10-31' "
                                                      "and segment is null"))
    assert shown == kpis


def test_collections_worklist_by_stage_and_owner(serving_file):
    app = open_page("views/collections.py")
    everything = app.dataframe[1].value
    stage = everything["stage"].iloc[0]
    app.multiselect(key="worklist_stages").select(stage).run()
    staged = app.dataframe[1].value
    assert set(staged["stage"]) == {stage}
    assert 0 < len(staged) < len(everything)
    owner = staged["owner_email"].iloc[0]
    app.multiselect(key="worklist_owners").select(owner).run()
    assert set(app.dataframe[1].value["owner_email"]) == {owner}


def test_cash_application_queues_follow_the_period(serving_file):
    app = open_page("views/cash_application.py")
    unapplied = app.dataframe[1].value
    assert set(unapplied["status"]) <= {"unmatched"}
    assert all(date(2026, 10, 1) <= d <= date(2026, 10, 31) for d in unapplied["value_date"])
    october = metric(app, "Auto applied")
    (expected,), = rows(serving_file, "select count(distinct bank_txn_id) from marts.fct_remittance_matches "
                                      "where status = 'auto_applied' "
                                      "and value_date between '2026-10-01' and '2026-10-31'")
    assert october == f"{expected:,} bank lines"
    app.sidebar.selectbox(key="filter_period").select("2026-08-30..2026-11-27").run()
    assert metric(app, "Auto applied") != october


def test_each_suggestion_shows_why_beside_it(serving_file):
    app = open_page("views/cash_application.py")
    app.sidebar.selectbox(key="filter_period").select("2026-08-30..2026-11-27").run()
    review = app.dataframe[0].value
    columns = list(review.columns)
    assert columns.index("detail") == columns.index("confidence") + 1
    assert len(review) and all(isinstance(d, str) and d for d in review["detail"])


@pytest.mark.parametrize(("customer", "habit", "value", "command"), [
    ("C001", "reference_token", "VND4471",
     "billops match unlearn --customer C001 --habit reference_token --value VND4471"),
    # quoted for the shell: the command an analyst copies records exactly this value
    ("C004", "alias", "O'HARA & SONS", "billops match unlearn --customer C004 --habit alias "
                                       "--value 'O'\"'\"'HARA & SONS'"),
    ("C002", "short_pay", "15.000", "billops match unlearn --customer C002 --habit short_pay --value 15.000"),
    ("C$(rm -rf x)", "alias", "A;B", "billops match unlearn --customer 'C$(rm -rf x)' --habit alias --value 'A;B'"),
])
def test_unlearn_commands_are_quoted_for_the_shell(customer, habit, value, command):
    assert components.unlearn_command(customer, habit, value) == command
    assert shlex.split(command)[3:] == ["--customer", customer, "--habit", habit, "--value", value]


def test_what_the_matcher_learned_with_the_unlearn_command_per_row(serving_file):
    habits = rows(serving_file, "select habit, is_unlearned from marts.fct_payer_habits")
    app = open_page("views/cash_application.py")
    assert_clean(app)
    assert [s.value for s in app.subheader] == ["What the matcher learned", "Processor payouts"]
    for habit in data.PAYER_HABITS:
        in_use = sum(1 for h, unlearned in habits if h == habit and not unlearned)
        assert metric(app, habit.replace("_", " ").capitalize()) == f"{in_use} in use"
    learned = app.dataframe[2].value
    assert len(learned) == len(habits)
    unlearned = learned[learned["is_unlearned"]]
    assert len(unlearned) and unlearned["unlearn"].isna().all()  # the customer unlearned before the second run
    for row in learned[~learned["is_unlearned"]].itertuples():
        assert shlex.split(row.unlearn)[3:] == ["--customer", row.customer_id, "--habit", row.habit,
                                                "--value", row.value]
    habit = learned["habit"].iloc[0]
    app.selectbox(key="learned_habit").select(habit).run()
    app.checkbox(key="learned_include_unlearned").uncheck().run()
    shown = app.dataframe[2].value
    assert set(shown["habit"]) <= {habit} and not shown["is_unlearned"].any()


def test_data_quality_drills_into_quarantined_rows(serving_file):
    quarantined = rows(serving_file, "select source_file, reason from marts.fct_quarantine")
    app = open_page("views/data_quality.py")
    assert metric(app, "Quarantined rows") == str(len(quarantined))
    source_file, reason = quarantined[0]
    app.selectbox(key="quarantine_reason").select(reason).run()
    shown = app.dataframe[1].value
    assert len(shown) == sum(1 for _, r in quarantined if r == reason) and set(shown["reason"]) == {reason}
    assert source_file in set(shown["source_file"])


def test_no_warehouse_yet_shows_how_to_run_the_pipeline(tmp_path, monkeypatch):
    monkeypatch.setenv(data.SERVING_ENV, str(tmp_path / "absent.duckdb"))
    app = open_page()
    assert_clean(app)
    assert app.title[0].value == "No warehouse yet"
    assert "make demo" in app.markdown[0].value and "billops run --landing DIR" in app.markdown[0].value


@pytest.mark.parametrize("page", [p[0] for p in PAGES])
def test_missing_tables_say_what_to_run_instead_of_crashing(tmp_path, monkeypatch, page):
    path = tmp_path / "partial.duckdb"
    with duckdb.connect(str(path)) as connection:
        connection.execute("create schema history; create table history.runs (run_id varchar, "
                           "started_at timestamp, finished_at timestamp, as_of date, status varchar, landing varchar);"
                           "insert into history.runs values ('r1', now(), now(), '2026-03-15', 'success', 'x');"
                           # dbt's views name the catalog they were built in: in a copy they do not resolve.
                           "attach ':memory:' as building; create table building.main.kpis (kpi varchar);"
                           "create schema marts; create view marts.fct_kpis as select * from building.main.kpis;"
                           "detach building")
    monkeypatch.setenv(data.SERVING_ENV, str(path))
    app = open_page(page)
    assert_clean(app)
    assert not app.warning
    assert app.info and all("billops run --landing DIR" in i.value for i in app.info)


def test_a_new_run_shows_up_and_a_broken_swap_keeps_the_last_good_data(serving_file, tmp_path):
    app = open_page("views/data_quality.py")
    quarantined = int(metric(app, "Quarantined rows"))

    # A new run publishes a copy with one more quarantined row (write elsewhere, then os.replace).
    staged = tmp_path / "staged.duckdb"
    shutil.copyfile(serving_file, staged)
    with duckdb.connect(str(staged)) as connection:
        connection.execute("insert into marts.fct_quarantine "
                           "values ('crm__accounts', 'crm/accounts.csv', 4, 'bad', '{}')")
    os.replace(staged, serving_file)
    app.run()
    assert metric(app, "Quarantined rows") == str(quarantined + 1)

    # A file that is not a database (a broken publish) leaves the last good numbers on screen.
    serving_file.write_bytes(b"not a duckdb file")
    app.run()
    assert_clean(app)
    assert metric(app, "Quarantined rows") == str(quarantined + 1)


def test_connections_are_read_only_and_cannot_reach_files(serving_file):
    serving = data.current_serving()
    with pytest.raises(data.WarehouseUnavailable, match="read-only"):
        data.query(serving, "create table marts.sneaky (a integer)")
    with pytest.raises(data.WarehouseUnavailable, match="disabled"):
        data.query(serving, "select * from read_csv($file)", file="/etc/passwd")


def test_without_login_it_refuses_to_serve_beyond_localhost(serving_file):
    from streamlit import config

    config.set_option("server.address", "0.0.0.0")
    app = open_page()
    assert "only serves on localhost" in app.error[0].value
    assert not app.title and not app.dataframe


USERS = {"carol": {"password_hash": auth.hash_password("carol-secret"), "role": "controller"},
         "alan": {"password_hash": auth.hash_password("alan-secret"), "role": "analyst"}}


def log_in(name: str, password: str) -> AppTest:
    app = open_page(secrets={"billops": {"users": USERS}})
    assert [t.value for t in app.title] == ["Billing operations"] and not app.metric  # only the login form
    app.text_input[0].input(name)
    app.text_input[1].input(password)
    app.button[0].click().run()
    return app


def test_password_login_roles(serving_file):
    from streamlit import config

    config.set_option("server.address", "0.0.0.0")  # a login makes a public address acceptable
    controller = log_in("carol", "carol-secret")
    assert_clean(controller)
    assert controller.title[0].value == "Overview"
    assert any("carol (controller)" in c.value for c in controller.sidebar.caption)

    analyst = log_in("alan", "alan-secret")
    assert analyst.title[0].value == "Revenue leakage"  # analysts do not get the Overview page
    with pytest.raises(ValueError):
        analyst.switch_page("views/overview.py")

    wrong = log_in("alan", "carol-secret")
    assert wrong.error[0].value == "Wrong user name or password."
    assert [t.value for t in wrong.title] == ["Billing operations"] and not wrong.metric


def test_oidc_login_asks_to_log_in(serving_file):
    app = open_page(secrets={"auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                                      "cookie_secret": "x", "client_id": "x", "client_secret": "x",
                                      "server_metadata_url": "https://id.example/.well-known/openid-configuration"}})
    assert_clean(app)
    assert app.button[0].label == "Log in"
    assert not app.metric


@pytest.mark.parametrize(("password", "stored_for", "ok"), [
    ("s3cret", "s3cret", True), ("s3cret", "other", False), ("", "", True)])
def test_password_hashes_verify_only_the_same_password(password, stored_for, ok):
    assert auth.verify_password(password, auth.hash_password(stored_for)) is ok


@pytest.mark.parametrize("stored", ["", "plain", "md5$00$00", "scrypt$zz$00"])
def test_malformed_password_hashes_never_verify(stored):
    assert auth.verify_password("anything", stored) is False
