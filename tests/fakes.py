"""Mail servers for tests: a backend that can be down, with recorded `calls` and `delivered`
lists in the spirit of mail.outbox (used as EMAIL_TRANSPORT_BACKEND behind the site's outbox),
and a real SMTP server on a local socket for workers running in their own processes."""

import contextlib
import smtplib
import socket
import socketserver
import threading
import time

from django.core.mail.backends.base import BaseEmailBackend


class FlakyMailServer(BaseEmailBackend):
    down = False  # every attempt fails as a server that is not there
    refuse_all = False  # every recipient refused (a final answer)
    calls = []  # every message handed over, delivered or not
    delivered = []

    def send_messages(self, messages):
        for message in messages:
            type(self).calls.append(message)
            if self.down:
                raise ConnectionRefusedError(111, "Connection refused")
            if self.refuse_all:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (550, b"No such user") for address in message.recipients()}
                )
            type(self).delivered.append(message)
        return len(messages)

    @classmethod
    def reset(cls):
        cls.down, cls.refuse_all, cls.calls, cls.delivered = False, False, [], []


class SmtpServer:
    """A real SMTP server on 127.0.0.1 (plain text, no TLS or AUTH), for tests in which the
    real `db_worker` runs in another process and talks SMTP as in production. `accepted`
    records the recipients of each message at the moment the server answers 250 to it, the
    moment a real server takes responsibility. `stop()` makes it refuse connections, as a
    server that is down; `start()` brings it back on the same port."""

    def __init__(self):
        self.accepted = []  # one tuple of recipient addresses per accepted message
        self.port = 0
        self._lock = threading.Lock()
        self._server = None
        self._sessions = set()

    def start(self):
        smtp = self

        class Session(socketserver.StreamRequestHandler):
            def handle(self):
                with smtp._lock:
                    smtp._sessions.add(self.connection)
                try:
                    smtp._converse(self.rfile, self.wfile)
                except OSError:
                    pass  # the client went away (killed) or the server was stopped
                finally:
                    with smtp._lock:
                        smtp._sessions.discard(self.connection)

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self._server = Server(("127.0.0.1", self.port), Session)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        self._server = None
        with self._lock:
            for connection in list(self._sessions):
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)

    def wait_idle(self, timeout=5):
        """Until every session has ended (a killed client's socket reads as closed), so that
        `accepted` holds everything the server will ever accept from it."""
        deadline = time.monotonic() + timeout
        while self._sessions and time.monotonic() < deadline:
            time.sleep(0.001)

    def _converse(self, rfile, wfile):
        def reply(*lines):
            wfile.write(b"".join(line.encode() + b"\r\n" for line in lines))
            wfile.flush()

        reply("220 fake ESMTP")
        recipients = []
        while line := rfile.readline():
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                reply("250-fake", "250-8BITMIME", "250 SMTPUTF8")
            elif verb in ("HELO", "NOOP"):
                reply("250 OK")
            elif verb in ("MAIL", "RSET"):
                recipients = []
                reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].split()[0].strip("<>").lower())
                reply("250 OK")
            elif verb == "DATA":
                reply("354 End data with <CR><LF>.<CR><LF>")
                while (line := rfile.readline()) != b".\r\n":
                    if not line:
                        return  # the client died mid-message: nothing was accepted
                with self._lock:
                    self.accepted.append(tuple(recipients))
                reply("250 OK: queued")
            elif verb == "QUIT":
                reply("221 Bye")
                return
            else:
                reply("502 Command not implemented")
