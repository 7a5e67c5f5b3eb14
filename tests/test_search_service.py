"""How Pagefind indexes the site beside the build: it reads pages staged in a memory-backed
folder when the system has one (unless the user has named a temporary folder), leaves
nothing behind, and runs at a lower priority than the build's, relative to it (whoever runs
the build, under any nice value, never an error); a missing or failing Pagefind fails the
build at once with its message; a build that fails leaves no Pagefind running and no
asyncio noise behind."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from casebook.search import (
    NICENESS,
    SearchError,
    SearchIndex,
    pagefind_binary,
    pagefind_command,
    staging_parent,
)
from conftest import case_text

NICE = 15  # the niceness the build is started with


def test_a_writable_memory_folder_is_used(tmp_path):
    assert staging_parent({}, tmp_path) == str(tmp_path)


@pytest.mark.parametrize("name", ["TMPDIR", "TEMP", "TMP"])
def test_a_temporary_folder_the_user_names_wins(tmp_path, name):
    assert staging_parent({name: "/somewhere"}, tmp_path) is None


def test_without_a_memory_folder_the_system_temporary_folder_is_used(tmp_path):
    assert staging_parent({}, tmp_path / "missing") is None


@pytest.fixture
def staging(tmp_path, monkeypatch):
    """A memory folder of the test's own, which the search index stages pages in."""
    folder = tmp_path / "memory"
    folder.mkdir()
    monkeypatch.setattr("casebook.search.MEMORY_FOLDER", folder)
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_staged_pages_are_indexed_and_removed(tmp_path, staging):
    index = SearchIndex(tmp_path / "site")
    index.add("a/index.html", "<h1>Staged page</h1><p>Words to find.</p>")
    assert list(staging.rglob("index.html")), "the page was not staged in the memory folder"
    index.write()
    bundle = index.finish()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == 1
    assert list(staging.iterdir()) == []


SLOW_PAGEFIND = """#!/bin/sh
echo "$$ 0" >> "$(dirname "$0")/pagefind-nice.log"
exec sleep 60
"""


def test_closing_after_a_failed_build_stops_pagefind_and_removes_the_pages(tmp_path, staging,
                                                                           monkeypatch):
    binary = tmp_path / "pagefind"
    binary.write_text(SLOW_PAGEFIND)
    binary.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    index = SearchIndex(tmp_path / "site")
    index.add("a/index.html", "<p>Words</p>")
    index.write()
    deadline = time.monotonic() + 10
    while not (tmp_path / "pagefind-nice.log").exists():
        assert time.monotonic() < deadline, "Pagefind did not start"
        time.sleep(0.05)
    started = time.monotonic()
    index.close()
    assert time.monotonic() - started < 5
    [(pid, _)] = recorded(tmp_path / "pagefind-nice.log")
    assert not _running(pid), "Pagefind is still running"
    assert list(staging.iterdir()) == []


@pytest.mark.skipif(os.name == "nt", reason="Windows has priority classes, not nice values")
def test_pagefind_is_started_relative_to_the_build_priority(tmp_path):
    """``nice -n 10`` adds to the nice value Pagefind inherits from the build (the system
    caps the sum at 19, and anyone may lower their own priority): never an absolute value,
    which an unprivileged user may not set below their own."""
    command = pagefind_command(Path("/bin/pagefind"), tmp_path, tmp_path / "b", "en")
    assert Path(command[0]).name == "nice"
    assert command[1:4] == ["-n", str(NICENESS), "/bin/pagefind"]


def recording_pagefind(folder: Path, copy: bool = False) -> tuple[Path, Path]:
    """A Pagefind binary that writes its process id and nice value to a log, then becomes
    the real Pagefind (same process); with ``copy``, a copy of the real one in ``folder``
    (for a user who cannot read the installed one). Returns (the binary, the log)."""
    log = folder / "pagefind-nice.log"
    binary = folder / "pagefind"
    real = Path(pagefind_binary())
    if copy:
        real = Path(shutil.copy2(real, folder / "pagefind-real"))
    binary.write_text("#!/bin/sh\n"
                      f"echo \"$$ $(cut -d' ' -f19 /proc/$$/stat)\" >> '{log}'\n"
                      f"exec '{real}' \"$@\"\n")
    binary.chmod(0o755)
    return binary, log


def recorded(log: Path) -> list[tuple[int, int]]:
    """(process id, nice value) of each Pagefind started."""
    return [(int(pid), int(nice)) for pid, nice in
            (line.split() for line in log.read_text().splitlines())]


def test_a_missing_pagefind_fails_as_the_build_starts(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    with pytest.raises(SearchError, match="Pagefind's binary was not found"):
        SearchIndex(tmp_path / "site")


FAILING_PAGEFIND = """#!/bin/sh
echo "Error: disk full while indexing" >&2
exit 1
"""


def test_a_failing_pagefind_fails_the_build_at_once_with_its_message(tiny_site, tmp_path):
    tiny_site.write_case("one", case_text())
    binary = tmp_path / "pagefind"
    binary.write_text(FAILING_PAGEFIND)
    binary.chmod(0o755)
    started = time.monotonic()
    result = tiny_site.build(check=False, env={"PAGEFIND_BINARY_PATH": str(binary)})
    assert result.returncode != 0
    assert "Pagefind could not index the site (exit status 1): Error: disk full while " \
           "indexing" in result.stderr
    assert time.monotonic() - started < 120  # not a wait for an answer that never comes
    assert not (tiny_site.site / "pagefind").exists()


@pytest.mark.skipif(sys.platform != "linux", reason="nice values as Linux has them")
def test_under_nice_the_build_finishes_and_pagefind_runs_lower(tiny_site, tmp_path):
    """Started with ``nice -n 15`` the build succeeds, and Pagefind runs at nice 19: lower
    than the build, as far as the system allows (an absolute nice 10 would be higher)."""
    tiny_site.write_case("one", case_text())
    binary, log = recording_pagefind(tmp_path)
    result = subprocess.run(["nice", "-n", str(NICE), sys.executable, "-m", "mkdocs",
                             "build", "--strict"], cwd=tiny_site.root, capture_output=True,
                            text=True, timeout=300,
                            env={**os.environ, "PAGEFIND_BINARY_PATH": str(binary)})
    assert result.returncode == 0, result.stderr
    assert (tiny_site.site / "pagefind" / "pagefind-entry.json").is_file()
    launches = [nice for _, nice in recorded(log)]
    assert launches, "Pagefind was not started"
    assert launches == [min(19, NICE + NICENESS)] * len(launches)


@pytest.mark.skipif(sys.platform != "linux", reason="nice values as Linux has them")
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0
                    or shutil.which("setpriv") is None,
                    reason="needs root and setpriv to run a command as nobody")
def test_an_unprivileged_user_under_nice_runs_pagefind_lower():
    """An unprivileged user may not raise a priority: under ``nice -n 15`` the command the
    build starts Pagefind with still succeeds, at nice 19. (This machine's Python is not
    readable by nobody, so the command runs without the build around it.)"""
    # A folder nobody can write in (pytest's temporary folders are private to root).
    folder = Path(tempfile.mkdtemp(prefix="casebook-nice-"))
    try:
        site = folder / "site"
        site.mkdir()
        (site / "index.html").write_text("<html lang='en'><body><main data-pagefind-body>"
                                         "<h1>A page</h1></main></body></html>")
        binary, log = recording_pagefind(folder, copy=True)
        subprocess.run(["chown", "-R", "nobody:nogroup", str(folder)], check=True)
        command = pagefind_command(binary, site, folder / "bundle", "en")
        result = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup",
                                 "--clear-groups", "nice", "-n", str(NICE), *command],
                                cwd=site, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        assert (folder / "bundle" / "pagefind-entry.json").is_file()
        assert [nice for _, nice in recorded(log)] == [min(19, NICE + NICENESS)]
    finally:
        shutil.rmtree(folder)


FAILING_HOOK = """\
from mkdocs.exceptions import PluginError


def on_post_page(output, page, config):
    raise PluginError("a page could not be written")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc")
def test_a_build_that_fails_after_its_pages_are_rendered_leaves_no_noise(tiny_site, tmp_path):
    tiny_site.write_case("one", case_text())
    hook = tmp_path / "failing_hook.py"
    hook.write_text(FAILING_HOOK)
    config = tiny_site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("hooks:\n", f"hooks:\n  - {hook.as_posix()}\n", 1),
                      encoding="utf-8")
    binary, log = recording_pagefind(tmp_path)
    result = tiny_site.build(check=False, env={"PAGEFIND_BINARY_PATH": str(binary),
                                               "PYTHONASYNCIODEBUG": "1"})
    assert result.returncode != 0
    assert "a page could not be written" in result.stderr
    output = result.stdout + result.stderr
    for noise in ("Task was destroyed", "Event loop is closed", "Traceback"):
        assert noise not in output
    started = [pid for pid, _ in recorded(log)]
    assert started, "Pagefind was not started before the failure"
    assert not [pid for pid in started if _running(pid)], "Pagefind is still running"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
