"""Where the alerts go: a Slack incoming webhook and e-mail over SMTP. A channel that cannot be
reached is reported as one line and never fails the run that sent the alert."""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage

from orchestration.alerts.digest import Message

TIMEOUT_SECONDS = 15


class AlertNotSent(Exception):
    """A channel refused or could not be reached: one line, the run goes on."""


def post_to_slack(webhook_url: str, message: Message) -> None:
    """One post per message (Slack's incoming webhooks take {"text": ...}; mrkdwn bold for the subject)."""
    recipient = f" (for {message.recipient})" if message.recipient else ""
    body = json.dumps({"text": f"*{message.subject}*{recipient}\n{message.text}"}).encode()
    request = urllib.request.Request(webhook_url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            response.read()
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise AlertNotSent(f"Slack webhook: {getattr(error, 'reason', error)}") from None


def send_email(messages: list[Message], *, host: str, port: int, sender: str, user: str, password: str,
               starttls: bool) -> None:
    """Every message over one SMTP connection; a message without a recipient is not e-mailed."""
    addressed = [m for m in messages if m.recipient]
    if not addressed:
        return
    try:
        with smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS) as smtp:
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password)
            for message in addressed:
                email = EmailMessage()
                email["From"], email["To"], email["Subject"] = sender, message.recipient, message.subject
                email.set_content(message.text)
                smtp.send_message(email)
    except (smtplib.SMTPException, OSError) as error:
        raise AlertNotSent(f"SMTP {host}:{port}: {error}") from None
