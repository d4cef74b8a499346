"""A small threaded WSGI server over mutual TLS: the DUO simulator, and (in the tests and the demo) our own
Notificatie endpoint, which production puts behind nginx. It verifies the client certificate against `cafile` and
hands the verified certificate to the application as environ["SSL_CLIENT_CERT"] (PEM), as Apache's mod_ssl does.

The TLS handshake runs in the request's thread, so a client that stalls or fails it does not hold up the accept
loop. Requests are not logged: their paths carry BSNs."""

from __future__ import annotations

import signal
import socket
import socketserver
import ssl
import threading
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

HANDSHAKE_TIMEOUT = 10  # seconds a client gets to complete the handshake and send its request


class _Handler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature of BaseHTTPRequestHandler
        pass

    def get_environ(self):
        environ = super().get_environ()
        environ["HTTPS"] = "on"  # wsgiref derives wsgi.url_scheme from it
        der = self.connection.getpeercert(binary_form=True)
        if der:
            environ["SSL_CLIENT_CERT"] = ssl.DER_cert_to_PEM_cert(der)
        return environ


class _Server(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, adres, context: ssl.SSLContext):
        self.context = context
        super().__init__(adres, _Handler)

    def server_bind(self):
        # HTTPServer.server_bind looks up the host's FQDN (DNS); the name is not needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]
        self.setup_environ()

    def finish_request(self, request, client_address):
        """Runs in the request's thread: handshake, then one HTTP request. A failed handshake (no certificate, one
        of another CA) only closes the connection."""
        request.settimeout(HANDSHAKE_TIMEOUT)
        try:
            tls = self.context.wrap_socket(request, server_side=True, do_handshake_on_connect=False)
        except OSError:
            return
        try:
            tls.do_handshake()
            self.RequestHandlerClass(tls, client_address, self)
        except (ssl.SSLError, OSError):
            pass
        finally:
            try:
                tls.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            tls.close()

    def shutdown_request(self, request):
        try:
            request.close()  # already detached by wrap_socket; closes what remains
        except OSError:
            pass

    def handle_error(self, request, client_address):
        pass  # a broken connection is the client's business; the traceback could hold a BSN


class MtlsServer:
    """`MtlsServer(app, "127.0.0.1", 0, certfile=..., keyfile=..., cafile=...)`; `.start()` serves in a daemon
    thread and returns `.url`; `.stop()`. port=0 picks a free port. With client_cert_verplicht=False a client may
    come without a certificate (environ has no SSL_CLIENT_CERT then); a certificate it does send is verified."""

    def __init__(
        self,
        wsgi_app,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        certfile,
        keyfile,
        cafile,
        client_cert_verplicht: bool = True,
    ):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(str(certfile), str(keyfile))
        context.load_verify_locations(cafile=str(cafile))
        context.verify_mode = ssl.CERT_REQUIRED if client_cert_verplicht else ssl.CERT_OPTIONAL
        self.host = host
        self._server = _Server((host, port), context)
        self._server.set_app(wsgi_app)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}"

    def start(self) -> str:
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=f"mtls-{self.port}", daemon=True
        )
        self._thread.start()
        return self.url

    def serve_forever(self) -> None:
        """Serve in the calling thread (the management commands) until Ctrl-C or SIGTERM, then close."""
        signal.signal(signal.SIGTERM, _als_ctrl_c)
        try:
            self._server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()


def _als_ctrl_c(_signum, _frame):
    raise KeyboardInterrupt


def django_app():
    """Our Django application for an MtlsServer (the demo's notificatie server, the tests). Every request runs in
    a thread of its own: its database connections are closed after it, or they would outlive the thread."""
    from django import db
    from django.core.wsgi import get_wsgi_application

    app = get_wsgi_application()

    def wsgi(environ, start_response):
        try:
            return list(app(environ, start_response))
        finally:
            db.connections.close_all()

    return wsgi
