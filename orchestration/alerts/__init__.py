"""Alerts after a run (docs/alerts.md): a digest per owner of the new findings, or the failure.

Sent by whoever watched the run finish: `billops run` on the command line, the run-status sensors
under Dagster's scheduler. Nothing is sent unless a channel is set, and a channel that fails is a
warning line: an alert never changes the run's outcome.
"""

from __future__ import annotations

import duckdb

from orchestration.alerts.channels import AlertNotSent, post_to_slack, send_email
from orchestration.alerts.digest import Message, QueueRow, failure_message, run_digests
from orchestration.settings import Settings

_QUEUE_SQL = """
    with latest as (select max(last_seen_at) as seen_at from history.exceptions)
    select exception_id, exception_type, severity, account_id, coalesce(owner, owner_email), amount_at_risk_reporting,
           status, first_seen_at = latest.seen_at as is_new, details
    from history.exceptions, latest
    where status <> 'resolved'"""


def alerts_configured(settings: Settings) -> bool:
    return bool(settings.alert_slack_webhook.get_secret_value() or settings.alert_smtp_host)


def deliver(settings: Settings, messages: list[Message]) -> list[str]:
    """Send to every configured channel; returns one warning line per channel that failed."""
    problems = []
    webhook = settings.alert_slack_webhook.get_secret_value()
    if webhook:
        for message in messages:
            try:
                post_to_slack(webhook, message)
            except AlertNotSent as error:
                problems.append(str(error))
                break
    if settings.alert_smtp_host:
        try:
            send_email(messages, host=settings.alert_smtp_host, port=settings.alert_smtp_port,
                       sender=settings.alert_email_from, user=settings.alert_smtp_user,
                       password=settings.alert_smtp_password.get_secret_value(),
                       starttls=settings.alert_smtp_starttls)
        except AlertNotSent as error:
            problems.append(str(error))
    return problems


def run_succeeded(settings: Settings) -> list[str]:
    """The digests of the run that just published the serving warehouse. Returns warning lines."""
    if not alerts_configured(settings):
        return []
    with duckdb.connect(str(settings.serving_warehouse), read_only=True) as con:
        rows = [QueueRow(*row) for row in con.execute(_QUEUE_SQL).fetchall()]
    recipients = settings.alert_recipients
    messages = run_digests(rows, as_of=settings.as_of, currency=settings.reporting_currency,
                           min_severity=settings.alert_min_severity, unowned_to=", ".join(recipients))
    return deliver(settings, messages)


def run_failed(settings: Settings, run_id: str, error: str) -> list[str]:
    """One message to the alert recipients (and the Slack channel). Returns warning lines."""
    if not alerts_configured(settings):
        return []
    return deliver(settings, [failure_message(run_id, settings.as_of, error, ", ".join(settings.alert_recipients))])
