"""A throwaway PostgreSQL server for a test: Debian's postgresql package (`make postgres` installs
it), a fresh cluster in a temporary folder, listening on a Unix socket only. The server refuses to
run as root, so as root the cluster belongs to the package's `postgres` user."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
BIN = BIN_DIRS[0] if BIN_DIRS else None
PORT = 54329  # only the socket's name: no TCP listener


def available() -> bool:
    return BIN is not None and (BIN / "initdb").exists()


def _as_server_user(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yields a libpq key=value connection string to database `postgres` as superuser `billops`."""
    folder = Path(tempfile.mkdtemp(prefix="billops-pg-"))
    data, socket_dir = folder / "data", folder / "socket"
    socket_dir.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(socket_dir, "postgres")
    run = lambda args: subprocess.run(_as_server_user(args), check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run([str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "billops", "--no-sync", "-E", "UTF8"])
        run([str(BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(folder / "server.log"), "-o",
             f"-k {socket_dir} -p {PORT} -c listen_addresses='' -c fsync=off", "start"])
        try:
            yield f"host={socket_dir} port={PORT} user=billops dbname=postgres"
        finally:
            run([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
