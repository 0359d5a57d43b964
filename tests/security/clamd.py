"""A ClamAV daemon of the test's own: a local socket in a temporary folder, a signature database the test writes.

There is no network for freshclam here: an `.hdb` line (md5:size:name, ClamAV's hash signature format) for the
EICAR test file is enough for clamd to start and to find it.
"""

import hashlib
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import CLAMD

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Portail.Test.EICAR"


def _wait_for(path, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"clamd stopped: {process.stdout.read().decode(errors='replace')[-2000:]}")
        try:
            with socket.socket(socket.AF_UNIX) as probe:
                probe.connect(str(path))
                probe.sendall(b"zPING\0")
                if probe.recv(16).startswith(b"PONG"):
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("clamd did not answer in time")


@pytest.fixture(scope="session")
def clamd_socket():
    # A short folder: a unix socket path is limited to about 100 characters.
    folder = Path(tempfile.mkdtemp(prefix="clamd-", dir="/tmp"))
    database = folder / "db"
    database.mkdir()
    (database / "portail.hdb").write_text(f"{hashlib.md5(EICAR).hexdigest()}:{len(EICAR)}:{SIGNATURE}\n")  # noqa: S324
    path = folder / "clamd.sock"
    (folder / "clamd.conf").write_text(
        f"LocalSocket {path}\nDatabaseDirectory {database}\nTemporaryDirectory {folder}\n"
        f"PidFile {folder / 'clamd.pid'}\nForeground yes\nLogFile {folder / 'clamd.log'}\n"
    )
    process = subprocess.Popen(  # noqa: S603
        [CLAMD, f"--config-file={folder / 'clamd.conf'}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        _wait_for(path, process)
        yield str(path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)
