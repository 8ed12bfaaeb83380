"""Alerts: the digest rules as a table, the channels against a local SMTP server and a local HTTP
endpoint, and the three places that send them (the CLI, the run-status sensors, a failed dbt check)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import threading
from decimal import Decimal
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, HTTPServer

import dagster as dg
import duckdb
import pytest
from aiosmtpd.controller import Controller

from orchestration import alerts
from orchestration.alerts.digest import LISTED, QueueRow, run_digests
from orchestration.cli import main
from orchestration.defs.transform.assets import failed_error_check
from orchestration.progress import first_error
from orchestration.settings import SettingsError, load_settings
from pipeline_helpers import AS_OF, drop_column, run_args

AS_OF_DATE = dt.date.fromisoformat(AS_OF)


def _row(severity="high", owner="ana@example.com", new=True, status="open", amount="100.00", n=0) -> QueueRow:
    return QueueRow(f"id{n}", "missing_invoice", severity, "A1", owner, Decimal(amount), status, new,
                    f"finding {n}")


def _digests(rows, min_severity="high"):
    return run_digests(rows, as_of=AS_OF_DATE, currency="USD", min_severity=min_severity,
                       unowned_to="ops@example.com")


@pytest.mark.parametrize(("rows", "min_severity", "recipients"), [
    pytest.param([_row()], "high", ["ana@example.com"], id="a new high finding: its owner's digest"),
    pytest.param([_row(severity="critical")], "high", ["ana@example.com"], id="critical is above high"),
    pytest.param([_row(severity="medium")], "high", [], id="below the minimum severity: nothing"),
    pytest.param([_row(severity="medium")], "medium", ["ana@example.com"], id="the minimum is a setting"),
    pytest.param([_row(new=False)], "high", [], id="seen in an earlier run: nothing"),
    pytest.param([_row(status="acknowledged")], "high", [], id="acknowledged already: nothing"),
    pytest.param([_row(owner=None)], "high", ["ops@example.com"], id="no owner: the alert recipients"),
    pytest.param([_row(owner="b@example.com"), _row(n=1)], "high", ["ana@example.com", "b@example.com"],
                 id="one digest per owner"),
])
def test_who_gets_a_digest(rows, min_severity, recipients):
    assert [m.recipient for m in _digests(rows, min_severity)] == recipients


def test_a_digest_totals_the_new_findings_and_the_open_queue_exactly():
    rows = [_row(amount="0.10", n=1), _row(amount="0.20", n=2), _row(new=False, severity="low", amount="1.05", n=3),
            _row(status="acknowledged", n=4)]
    [digest] = _digests(rows)
    assert "2 new finding(s)" in digest.text and "USD 0.30 at risk." in digest.text
    assert "Open queue: 3 finding(s), USD 1.35 at risk; 1 acknowledged." in digest.text
    assert digest.text.index("finding 2") < digest.text.index("finding 1")  # the largest first


def test_a_long_digest_lists_the_largest_and_counts_the_rest():
    [digest] = _digests([_row(n=i, amount=str(i)) for i in range(LISTED + 3)])
    assert digest.text.count("\n- [high]") == LISTED and "- and 3 more" in digest.text


@pytest.mark.parametrize(("given", "expected"), [
    ({"alert_smtp_starttls": "yes"}, True), ({"alert_smtp_starttls": "0"}, False),
    ({"alert_smtp_starttls": "off"}, False), ({"alert_min_severity": "CRITICAL"}, "critical"),
])
def test_alert_settings_read_from_text(given, expected):
    [(name, _)] = given.items()
    assert getattr(load_settings(given), name) == expected


@pytest.mark.parametrize("given", [{"alert_smtp_starttls": "maybe"}, {"alert_min_severity": "urgent"}])
def test_a_bad_alert_setting_is_one_line(given):
    with pytest.raises(SettingsError, match=r"^--alert-"):
        load_settings(given)


def test_secrets_never_travel_in_run_config():
    settings = load_settings({"alert_smtp_password": "hunter2", "alert_slack_webhook": "https://hooks.example/x"})
    assert "hunter2" not in str(settings.as_text()) and "hooks.example" not in str(settings.as_text())
    assert settings.alert_smtp_password.get_secret_value() == "hunter2"


# --------------------------------------------------------------------------- channels


class _Inbox:
    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = _Inbox()
    with socket.socket() as probe:  # a free port (aiosmtpd checks its own with a connection to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


@pytest.fixture
def slack():
    posts = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's hook name)
            posts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/services/T0/B0/x", posts
    finally:
        server.shutdown()


def _alert_flags(port: int, webhook: str | None = None) -> dict[str, str]:
    return {"alert_smtp_host": "127.0.0.1", "alert_smtp_port": str(port), "alert_email_to": "ops@example.com",
            "alert_email_from": "billops@example.com"} | ({"alert_slack_webhook": webhook} if webhook else {})


def test_after_a_run_each_owner_with_new_high_findings_gets_one_email_and_slack_one_post(first_run, smtp, slack):
    port, inbox = smtp
    webhook, posts = slack
    settings = load_settings({"warehouse": first_run / "warehouse.duckdb", "as_of": AS_OF} | _alert_flags(port, webhook))
    assert alerts.run_succeeded(settings) == []
    with duckdb.connect(str(settings.serving_warehouse), read_only=True) as con:
        owners = {o or "ops@example.com" for (o,) in con.execute(
            "select distinct owner_email from history.exceptions where severity in ('high', 'critical') "
            "and status = 'open' and first_seen_at = (select max(last_seen_at) from history.exceptions)").fetchall()}
    assert owners, "the demo has high-severity findings"
    assert sorted(to for tos, _ in inbox.messages for to in tos) == sorted(owners)
    assert len(posts) == len(owners) and all(p["text"].startswith("*billops: ") for p in posts)
    assert all(email["From"] == "billops@example.com" and "Open queue:" in email.get_content()
               for _, email in inbox.messages)


def test_a_run_that_cannot_start_is_alerted_and_still_exits_with_its_one_line(tmp_path, smtp, capsys):
    port, inbox = smtp
    flags = [arg for name, value in _alert_flags(port).items() for arg in ("--" + name.replace("_", "-"), value)]
    assert main(run_args(tmp_path / "nowhere", tmp_path, *flags)) == 2
    [(recipients, email)] = inbox.messages
    assert recipients == ["ops@example.com"] and "does not exist" in email.get_content()
    assert "billops: error: landing folder" in capsys.readouterr().err


def test_an_unreachable_channel_is_a_warning_line(tmp_path):
    settings = load_settings({"warehouse": tmp_path / "w.duckdb", "alert_slack_webhook": "http://127.0.0.1:9/x",
                              "alert_smtp_host": "127.0.0.1", "alert_smtp_port": "9",
                              "alert_email_to": "ops@example.com"})
    problems = alerts.run_failed(settings, "r1", "boom")
    assert [p.split(":")[0] for p in problems] == ["Slack webhook", "SMTP 127.0.0.1"]


def test_without_a_channel_nothing_is_sent_or_read(tmp_path):
    assert alerts.run_succeeded(load_settings({"warehouse": tmp_path / "absent.duckdb"})) == []


# --------------------------------------------------------------------------- under Dagster


def test_the_failure_sensor_alerts_a_failed_scheduled_run(landing, tmp_path, smtp):
    from orchestration.definitions import defs
    from orchestration.defs.automation.definitions import alert_run_failed
    from orchestration.defs.resources import run_config_for

    port, inbox = smtp
    broken = tmp_path / "landing"
    shutil.copytree(landing, broken)
    drop_column(broken / "crm" / "accounts.csv", "account_id")
    settings = load_settings({"landing": broken, "warehouse": tmp_path / "warehouse.duckdb", "as_of": AS_OF}
                             | _alert_flags(port))
    with dg.DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("billops_daily").execute_in_process(
            instance=instance, run_config=run_config_for(settings), raise_on_error=False)
        assert not result.success
        [failure] = [e for e in result.all_events if e.event_type == dg.DagsterEventType.RUN_FAILURE]
        context = dg.build_run_status_sensor_context(sensor_name=alert_run_failed.name, dagster_event=failure,
                                                     dagster_instance=instance, dagster_run=result.dagster_run)
        # the sensor reads the alert channel from the run's config, as the daemon gives it
        alert_run_failed(context.for_run_failure())
    [(_, email)] = inbox.messages
    assert result.run_id in email.get_content() and "account_id" in email.get_content()


@pytest.mark.parametrize(("event", "failed"), [
    (dg.AssetCheckResult(passed=True, asset_key="m", check_name="unique_m_id"), None),
    (dg.AssetCheckResult(passed=False, asset_key="m", check_name="unique_m_id"), "unique_m_id"),
    (dg.AssetCheckResult(passed=False, asset_key="m", check_name="warn_only",
                         severity=dg.AssetCheckSeverity.WARN), None),
    (dg.Output(None, output_name="m"), None),
])
def test_a_failed_error_severity_dbt_check_fails_the_run(event, failed):
    assert failed_error_check(event) == failed


def test_the_failed_checks_are_the_runs_one_line_error():
    @dg.op
    def dbt_models():
        raise dg.Failure("2 dbt test(s) failed: a, b (see the dbt log in /logs)")

    @dg.job
    def job():
        dbt_models()

    result = job.execute_in_process(raise_on_error=False)
    assert first_error(result.all_events) == "2 dbt test(s) failed: a, b (see the dbt log in /logs)"
