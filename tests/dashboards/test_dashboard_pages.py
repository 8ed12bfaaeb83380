"""AppTest of every dashboard page against the fixture serving warehouse."""

import os
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from dashboard_fixture_warehouse import AS_OF, build_fixture_warehouse
from streamlit.testing.v1 import AppTest

from dashboards import auth, data

APP = str(Path(__file__).resolve().parents[2] / "dashboards" / "app.py")
# page file, title, metric labels it must show, minimum tables and charts
PAGES = [
    ("views/overview.py", "Overview", {"DSO", "Best-possible DSO", "CEI", "Leakage at risk"}, 1, 3),
    ("views/leakage.py", "Revenue leakage", {"Findings", "Amount at risk (USD)"}, 1, 2),
    ("views/collections.py", "Collections", {"Past due"}, 2, 2),
    ("views/cash_application.py", "Cash application",
     {"Auto applied", "Needs review", "Unmatched", "Alias", "Reference token", "Short pay", "Lag days"}, 3, 1),
    ("views/data_sync.py", "Data sync", {"CRM ↔ billing mismatches", "billing ↔ ERP mismatches"}, 1, 1),
    ("views/data_quality.py", "Data quality", {"Quarantined rows"}, 2, 1),
]


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


@pytest.mark.parametrize(("page", "title", "metrics", "tables", "charts"), PAGES)
def test_every_page_renders_its_header_metrics_tables_and_charts(serving_file, page, title, metrics, tables, charts):
    app = open_page(page)
    assert_clean(app)
    assert app.title[0].value == title
    banner = app.caption[0].value  # the as-of date and the last successful run, on every page
    assert f"As of **{AS_OF.isoformat()}**" in banner
    assert "run_2" in banner  # run_3 is later but failed
    assert any("latest run failed" in w.value for w in app.warning)
    assert metrics <= {m.label for m in app.metric}
    assert len(app.dataframe) >= tables
    assert len(app.get("plotly_chart")) >= charts
    # Every table has its two downloads.
    assert len(app.get("download_button")) == 2 * len(app.dataframe)


def test_overview_tiles_follow_the_period_and_segment_filters(serving_file):
    app = open_page()
    assert app.sidebar.selectbox(key="filter_period").value == "2026-02-01..2026-02-28"
    all_segments = metric(app, "DSO")
    assert all_segments == "46.5 days"  # February: 38.5 + 2 × 4
    assert next(m.delta for m in app.metric if m.label == "DSO") == "+2.0 days"  # against January

    app.sidebar.selectbox(key="filter_segment").select("strategic").run()
    assert metric(app, "DSO") == "66.5 days"  # + 5 × 4 for the fourth segment

    app.sidebar.selectbox(key="filter_period").select("2026-01-01..2026-01-31").run()
    assert metric(app, "DSO") == "64.5 days"
    assert_clean(app)


def test_trailing_period_explains_why_there_is_no_change(serving_file):
    app = open_page()
    trailing = "2025-12-16..2026-03-15"
    app.sidebar.selectbox(key="filter_period").select(trailing).run()
    assert_clean(app)
    assert all(m.delta in ("", None) for m in app.metric)
    assert any("No previous period" in c.value for c in app.caption)


def test_leakage_currency_filter_and_drill_down_to_a_finding(serving_file):
    app = open_page("views/leakage.py")
    assert metric(app, "Findings") == "4"
    app.sidebar.selectbox(key="filter_currency").select("USD").run()
    assert metric(app, "Findings") == "3"  # the GBP unbilled usage drops out
    assert metric(app, "Amount at risk (USD)") == "76,840 USD"  # 75,000 + 1,200 + 640

    customers = app.selectbox(key="leakage_customer")
    assert "Stark Industries" in customers.options  # names from the invoices, not bare ids
    customers.set_value("C006").run()
    assert set(app.dataframe[0].value["customer_id"]) == {"C006"}
    customers.set_value(None)
    app.selectbox(key="leakage_type").select("missing_invoice").run()
    findings = app.dataframe[0].value
    assert set(findings["exception_type"]) == {"missing_invoice"}
    app.selectbox(key="leakage_finding").select("ex_002").run()
    assert_clean(app)
    assert app.info[0].value.startswith("Contract K-A006 expects 75,000.00")


def test_leakage_status_filter_includes_resolved_findings(serving_file):
    app = open_page("views/leakage.py")
    app.sidebar.selectbox(key="filter_period").select("2026-03-01..2026-03-15").run()
    open_only = int(metric(app, "Findings"))
    app.multiselect(key="leakage_statuses").select("resolved").run()
    assert int(metric(app, "Findings")) == open_only + 1  # usage_overbilled, resolved in March


def _expected_open_ar(path, at: date, currency: str | None = None) -> Decimal:
    """Open AR computed in Python from the fixture rows, independently of the dashboard's SQL."""
    with duckdb.connect(str(path), read_only=True) as connection:
        invoices = connection.execute("select invoice_id, currency, total_reporting, issued_at, status "
                                      "from marts.dim_invoices").fetchall()
        applied = connection.execute("select invoice_id, amount_reporting, applied_on "
                                     "from marts.fct_invoice_cash_applications").fetchall()
    total = Decimal(0)
    for invoice_id, invoice_currency, amount, issued_at, status in invoices:
        if status in ("void", "draft") or issued_at.date() > at or currency not in (None, invoice_currency):
            continue
        paid = sum((a for i, a, on in applied if i == invoice_id and on <= at), Decimal(0))
        total += max(amount - paid, Decimal(0))
    return total


def test_collections_aging_matches_the_invoices_and_filters_change_it(serving_file):
    app = open_page("views/collections.py")
    aging_date = app.date_input[0].value
    assert aging_date == date(2026, 2, 28)
    aging = app.dataframe[0].value
    assert list(aging["bucket"]) == list(data.AGING_BUCKETS)
    assert sum(aging["open_amount_reporting"]) == _expected_open_ar(serving_file, aging_date)

    app.date_input[0].set_value(AS_OF).run()
    assert sum(app.dataframe[0].value["open_amount_reporting"]) == _expected_open_ar(serving_file, AS_OF)

    app.sidebar.selectbox(key="filter_currency").select("EUR").run()
    assert sum(app.dataframe[0].value["open_amount_reporting"]) == _expected_open_ar(serving_file, AS_OF, "EUR")
    assert set(app.dataframe[1].value["currency"]) == {"EUR"}
    assert_clean(app)


def test_collections_worklist_by_stage_and_owner(serving_file):
    app = open_page("views/collections.py")
    everything = app.dataframe[1].value
    app.multiselect(key="worklist_stages").select("formal_collections").run()
    formal = app.dataframe[1].value
    assert set(formal["stage"]) == {"formal_collections"}
    assert (formal["days_past_due"] >= 90).all()
    assert 0 < len(formal) < len(everything)
    app.multiselect(key="worklist_owners").select("ana@example.com").run()
    assert set(app.dataframe[1].value["owner_email"]) == {"ana@example.com"}


def test_cash_application_queues_follow_the_period(serving_file):
    app = open_page("views/cash_application.py")
    review = app.dataframe[0].value
    assert set(review["status"]) == {"needs_review"}
    assert all(date(2026, 2, 1) <= d <= date(2026, 2, 28) for d in review["value_date"])
    february = metric(app, "Auto applied")
    app.sidebar.selectbox(key="filter_period").select("2025-12-16..2026-03-15").run()
    assert metric(app, "Auto applied") != february


def test_each_suggestion_shows_why_beside_it(serving_file):
    review = open_page("views/cash_application.py").dataframe[0].value
    columns = list(review.columns)
    assert columns.index("detail") == columns.index("confidence") + 1
    assert len(review) and all("runner-up" in d for d in review["detail"])


def test_what_the_matcher_learned_with_the_unlearn_command_per_row(serving_file):
    from dashboard_fixture_warehouse import HABITS

    app = open_page("views/cash_application.py")
    assert_clean(app)
    assert [s.value for s in app.subheader] == ["What the matcher learned"]
    assert metric(app, "Alias") == "2 in use" and metric(app, "Reference token") == "1 in use"
    learned = app.dataframe[2].value
    assert len(learned) == len(HABITS)
    unlearned = learned[learned["is_unlearned"]]
    assert list(unlearned["value"]) == ["REMITTANCE"] and unlearned["unlearn"].isna().all()
    commands = dict(zip(learned["value"], learned["unlearn"]))
    assert commands["VND4471"] == "billops match unlearn --customer C001 --habit reference_token --value VND4471"
    # quoted for the shell: the command an analyst copies records exactly this value
    assert commands["O'HARA & SONS"] == ("billops match unlearn --customer C004 --habit alias "
                                         "--value 'O'\"'\"'HARA & SONS'")
    app.selectbox(key="learned_habit").select("short_pay").run()
    app.checkbox(key="learned_include_unlearned").uncheck().run()
    assert list(app.dataframe[2].value["value"]) == ["15.000"]


def test_data_quality_drills_into_quarantined_rows(serving_file):
    app = open_page("views/data_quality.py")
    assert metric(app, "Quarantined rows") == "10"
    app.selectbox(key="quarantine_reason").select("negative amount on a charge").run()
    rows = app.dataframe[1].value
    assert len(rows) == 4 and set(rows["source_file"]) == {"payments/transactions.csv"}


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
    assert metric(app, "Quarantined rows") == "10"

    # A new run publishes a copy with one more quarantined row (write elsewhere, then os.replace).
    staged = build_fixture_warehouse(tmp_path / "staged.duckdb")
    with duckdb.connect(str(staged)) as connection:
        connection.execute("insert into raw.quarantine values ('crm__accounts', 'crm/accounts.csv', 4, 'bad', '{}')")
    os.replace(staged, serving_file)
    app.run()
    assert metric(app, "Quarantined rows") == "11"

    # A file that is not a database (a broken publish) leaves the last good numbers on screen.
    serving_file.write_bytes(b"not a duckdb file")
    app.run()
    assert_clean(app)
    assert metric(app, "Quarantined rows") == "11"


def test_connections_are_read_only_and_cannot_reach_files(serving_file):
    serving = data.current_serving()
    with pytest.raises(data.WarehouseUnavailable, match="read-only"):
        data.query(serving, "create table raw.sneaky (a integer)")
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
