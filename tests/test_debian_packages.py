"""debian-packages.txt is complete: every native library and program the project loads comes from a listed package.

The test does not read the list back against itself: it finds each file as the code finds it (WeasyPrint's
libraries through the dynamic loader's search, the programs on PATH), asks dpkg which package owns it, and
checks that package is listed. The list is read through `make debian-packages`, the Makefile being its one parser.
"""

import ctypes.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# The libraries WeasyPrint dlopens (weasyprint/text/ffi.py) whose absence breaks or degrades a PDF; their own
# dependencies (GLib, fontconfig, FreeType) come with them.
WEASYPRINT_LIBRARIES = ["pango-1.0", "pangoft2-1.0", "harfbuzz", "harfbuzz-subset"]

# Programs run by the tests, the benchmarks and the browser harness.
PROGRAMS = ["/usr/bin/chromium", "pdftoppm", "wrk", "redis-server"]


def listed_packages():
    result = subprocess.run(
        ["make", "-s", "--no-print-directory", "-C", str(REPO), "debian-packages"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(result.stdout.split())


def owners(pattern):
    """The Debian packages owning files matching `pattern` (dpkg -S), without the architecture."""
    result = subprocess.run(["dpkg", "-S", pattern], capture_output=True, text=True)
    assert result.returncode == 0, f"dpkg ne connaît aucun paquet pour {pattern} : {result.stderr.strip()}"
    packages = set()
    for line in result.stdout.splitlines():
        names, _, _path = line.partition(": ")
        packages.update(name.strip().split(":")[0] for name in names.split(","))
    return packages


def library_owners(name):
    soname = ctypes.util.find_library(name)
    assert soname, f"la bibliothèque {name} est introuvable (make system-deps l'installe)"
    return owners(f"*/{soname}")


def program_owners(program):
    path = program if program.startswith("/") else shutil.which(program)
    assert path and Path(path).exists(), f"le programme {program} est introuvable (make system-deps l'installe)"
    return owners(path)


@pytest.fixture(scope="module")
def packages():
    return listed_packages()


def test_the_list_parses_to_package_names(packages):
    assert packages, "debian-packages.txt ne donne aucun paquet"
    assert all(not name.startswith("#") and ":" not in name for name in packages)


@pytest.mark.parametrize("library", WEASYPRINT_LIBRARIES)
def test_weasyprint_libraries_come_from_listed_packages(library, packages):
    found = library_owners(library)
    assert found & packages, f"{library} vient de {sorted(found)}, absent de debian-packages.txt"


@pytest.mark.parametrize("program", PROGRAMS)
def test_programs_come_from_listed_packages(program, packages):
    found = program_owners(program)
    assert found & packages, f"{program} vient de {sorted(found)}, absent de debian-packages.txt"


def test_without_root_a_missing_package_stops_make_with_the_command():
    """Not root: `make system-deps` installs nothing and stops at once with one line naming the command."""
    with tempfile.TemporaryDirectory() as directory:  # readable by the unprivileged user, unlike pytest's tmp_path
        Path(directory).chmod(0o755)
        listing = Path(directory) / "packages.txt"
        listing.write_text("libpango-1.0-0  # run: present\nno-such-package-i12  # absent\n")
        listing.chmod(0o644)
        result = run_make_system_deps(listing)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    expected = "Paquets Debian manquants, lancez : sudo apt-get install -y --no-install-recommends no-such-package-i12"
    assert lines == [expected]
    assert "Installation" not in result.stdout


def run_make_system_deps(listing):
    command = ["make", "-s", "--no-print-directory", "-C", str(REPO), "system-deps", f"DEBIAN_PACKAGES_FILE={listing}"]
    if os.geteuid() == 0:  # drop to an unprivileged user, as a developer without root
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)
