"""A mail sink for the browser tests: just enough SMTP for Django's SMTP backend.

With DEBUG off the live server mails invitations over SMTP, and a failed send fails the request.
The sink accepts every message and keeps it, so a test can see who was invited.
"""

import email
import email.policy
import re
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage

ADDRESS = re.compile(r"<([^>]*)>")


@dataclass(frozen=True)
class Mail:
    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()


class SmtpHandler(socketserver.StreamRequestHandler):
    server: "MailSink"

    def handle(self) -> None:
        self.reply("220 fake-smtp ready")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("HELO", "EHLO"):
                self.reply("250 fake-smtp")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.extend(ADDRESS.findall(command)[:1])
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.keep(recipients, self.read_data())
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # RSET, NOOP
                self.reply("250 OK")

    def read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)

    def reply(self, text: str) -> None:
        self.wfile.write(f"{text}\r\n".encode())


class MailSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SmtpHandler)
        self._mails: list[Mail] = []
        self._lock = threading.Lock()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def keep(self, recipients: list[str], data: bytes) -> None:
        message = email.message_from_bytes(data, policy=email.policy.default)
        with self._lock:
            self._mails.append(Mail(tuple(recipients), message))

    def mails(self) -> list[Mail]:
        with self._lock:
            return list(self._mails)


@contextmanager
def running_mail_sink() -> Iterator[MailSink]:
    sink = MailSink()
    thread = threading.Thread(target=sink.serve_forever, name="mail-sink", daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        sink.shutdown()
        sink.server_close()
        thread.join(timeout=5)
