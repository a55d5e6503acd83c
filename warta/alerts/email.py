"""E-mail delivery over SMTP: one message per alert, or one digest for the alerts of a watchlist gathered over an
hour or a day. STARTTLS when `smtp_starttls` (refused by the server: a failed attempt, never plain text instead),
a login when `smtp_user` is set. Subjects and bodies are Indonesian ("Peringatan Warta: …")."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from warta.alerts.payload import text_lines
from warta.ids import make_id
from warta.settings import Settings
from warta.store.queries.watch import WatchMatch

FOOTER = "Pesan ini dikirim otomatis oleh Warta karena pantauan di atas cocok dengan berita baru."


def message(alerts: Sequence[WatchMatch], to: str, delivery: str, sender: str) -> EmailMessage:
    """The message about `alerts` (one, or a digest of several) to `to`; `delivery` (the delivery's id, or a
    digest's) becomes its `X-Warta-Delivery` header and Message-ID, the same on every retry."""
    first = alerts[0]
    msg = EmailMessage()
    if len(alerts) == 1:
        msg["Subject"] = f"Peringatan Warta: {first.watchlist} — {first.title or 'berita baru'}"
    else:
        msg["Subject"] = f"Peringatan Warta: {first.watchlist} — {len(alerts)} berita baru"
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(idstring=delivery, domain="warta.alerts")
    msg["X-Warta-Delivery"] = delivery
    lines = [f"Pantauan: {first.watchlist}", f"Berita baru: {len(alerts)}", ""]
    for number, alert in enumerate(alerts, 1):
        lines += [f"{number}. {line}" if i == 0 else f"   {line}" for i, line in enumerate(text_lines(alert))]
        lines.append("")
    msg.set_content("\n".join([*lines, "--", FOOTER]))
    return msg


def digest_id(delivery_ids: Sequence[str]) -> str:
    """The id of a digest: one delivery's own id, or a hash of the ids it gathers."""
    ids = sorted(delivery_ids)
    return ids[0] if len(ids) == 1 else make_id("digest", *ids)


def send(msg: EmailMessage, settings: Settings) -> tuple[bool, str]:
    """Send one message through the configured SMTP server: (sent, the server's answer or what went wrong).
    Never raises for the network or the server: every outcome is an attempt to record."""
    if not settings.smtp_host:
        return False, "no SMTP server set: set smtp_host (WARTA_SMTP_HOST)"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.alerts_timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context(cafile=_cafile(settings)))
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            refused = smtp.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        return False, f"{type(exc).__name__}: {exc}"
    if refused:
        return False, "refused: " + ", ".join(f"{k} ({v[0]})" for k, v in sorted(refused.items()))
    return True, f"accepted by {settings.smtp_host}:{settings.smtp_port}"


def _cafile(settings: Settings) -> str | None:
    """The certificate authorities to trust instead of the system's (`smtp_cafile`), or None."""
    return settings.smtp_cafile or None
