"""Build synthetic knowledge bases and compare them with a plain Material site.

    python -m benchmarks.run                      # N = 1,000 and 4,000, 3 runs each
    python -m benchmarks.run --sizes 500 --runs 5
    python -m benchmarks.run --smoke              # N = 20, 1 run: a quick check for CI

For each N the benchmark writes N valid synthetic case studies (fixed seed), then builds

* the full site: the project's mkdocs.yml, docs/, macros.py and vocabularies/ with the casebook
  hook (generated pages, exports, feeds, and the Pagefind search index written beside the
  build), which is all ``make build`` runs, and
* a plain site: the same Markdown files with the same Material theme and search plugin, a
  one-item nav, and no hook and no macros,

each build in a fresh process. Builds are interleaved (every round builds each N, full then
plain) so that a slow spell on the machine falls on all variants and sizes alike.
It also times ``casebook --root <dir> validate`` on the N files, and in Chromium counts the
bytes a reader fetches: opening a case study; opening one and searching for a word from
the header until the first result shows; and the explorer's views until their results
show. Medians are printed as
Markdown tables, with PASS or FAIL against the targets; ``--json`` also saves the raw numbers.
Progress goes to stderr, the tables to stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.synthetic import VocabularyIds, write_case_studies

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
BUILD_DATE = "2026-11-27"
SEED = 20261127
ENV = {"CASEBOOK_BUILD_DATE": BUILD_DATE, "NO_MKDOCS_2_WARNING": "1",
       "DISABLE_MKDOCS_2_WARNING": "true"}

# Targets (PASS or FAIL is printed for each).
TARGET_FULL_VS_PLAIN = 1.25  # build time, full / plain, at N = 1,000
TARGET_SCALING = 4.2  # full build time at 4,000 / at 1,000
# Peak memory of the whole build (MkDocs and Pagefind): at most 1.3 x what the two steps of
# the earlier build needed at most (390 MiB at 1,000; 1,486 MiB at 4,000), in MiB.
TARGET_MEMORY_MIB = {1000: 1.3 * 390, 4000: 1.3 * 1486}
TARGET_SEARCH_GZIP_KB = 300  # opening a case study, then a one-word header search, N = 4,000
TARGET_PAGE_GZIP_KB = 150  # opening a case study, no search, N = 4,000

# Runs one command in a fresh interpreter and reports its time and memory. RUSAGE_CHILDREN
# covers every descendant that has been waited for (e.g. the Pagefind binary), and
# its ru_maxrss is the peak of the largest single process. A sampler also adds up the RSS of
# the whole process tree every 50 ms, in case a parent keeps its memory while a child runs,
# plus what the build holds in /dev/shm (memory that is no process's RSS: the search index
# stages its pages there).
# "other_cpu_seconds" is the CPU time the rest of the machine used meanwhile (from /proc/stat):
# wall-clock times are only comparable when it is small.
_MEASURE = r"""
import json, os, resource, subprocess, sys, threading, time

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024

def tree_rss(root):
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    parents[int(name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo += [child for child, parent in parents.items() if parent == pid]
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm") as f:
                total += int(f.read().split()[1]) * PAGE_KIB
        except (OSError, IndexError, ValueError):
            pass
    return total

def busy_seconds():
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")

def shared_memory_kib():
    try:
        fs = os.statvfs("/dev/shm")
    except OSError:
        return 0
    return (fs.f_blocks - fs.f_bfree) * fs.f_frsize // 1024

log = open(sys.argv[1], "w")
shared_before = shared_memory_kib()
busy_before = busy_seconds()
start = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdout=log, stderr=subprocess.STDOUT)
peak = 0
stop = threading.Event()
def sample():
    global peak
    while not stop.wait(0.05):
        staged = max(0, shared_memory_kib() - shared_before)
        peak = max(peak, tree_rss(child.pid) + staged)
sampler = threading.Thread(target=sample, daemon=True)
sampler.start()
code = child.wait()
elapsed = time.perf_counter() - start
stop.set()
sampler.join()
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
others = max(0.0, busy_seconds() - busy_before - cpu)
print(json.dumps({"code": code, "seconds": elapsed, "max_rss_kib": usage.ru_maxrss,
                  "tree_rss_kib": peak, "cpu_seconds": cpu, "other_cpu_seconds": others}))
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Measured:
    seconds: float
    max_rss_kib: int
    tree_rss_kib: int
    cpu_seconds: float
    other_cpu_seconds: float

    @property
    def peak_kib(self) -> int:
        """Peak memory of the build: the sampled tree sum, or the largest single process
        when sampling missed a short peak."""
        return max(self.tree_rss_kib, self.max_rss_kib)


@dataclass
class Result:
    """Everything measured for one N."""

    n: int
    full: list[Measured] = field(default_factory=list)
    plain: list[Measured] = field(default_factory=list)
    index: list[Measured] = field(default_factory=list)  # `casebook search-index` (Pagefind)
    validate_seconds: list[float] = field(default_factory=list)
    validate_internal: list[float] = field(default_factory=list)
    sizes: dict[str, int] = field(default_factory=dict)
    explorer: dict[str, Any] = field(default_factory=dict)


def load_result(data: dict[str, Any]) -> Result:
    """A :class:`Result` from its saved JSON form."""
    fields = {**data}
    for variant in ("full", "plain", "index"):
        fields[variant] = [Measured(**m) for m in data.get(variant, [])]
    if "bytes" in fields.get("explorer", {}):  # saved before several views were measured
        fields["explorer"] = {"theme filter": fields["explorer"]}
    return Result(**fields)


# ------------------------------------------------------------------------------ projects

@dataclass(frozen=True)
class Source:
    """Where mkdocs.yml, docs/, macros.py, vocabularies/ and the hook code come from.

    Normally the checkout itself. With ``--snapshot`` they are copied once at the start, and
    the builds import the copied ``casebook`` package (through PYTHONPATH), so that edits made
    to the checkout while the benchmark runs cannot change what is measured half-way.
    """

    root: Path
    snapshot: bool = False

    @property
    def hook(self) -> Path:
        return self.root / "hooks" / "mkdocs_hooks.py"

    def environment(self) -> dict[str, str]:
        env = {**os.environ, **ENV}
        if self.snapshot:
            paths = [str(self.root / "hooks"), env.get("PYTHONPATH", "")]
            env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
        return env


def take_snapshot(work: Path) -> Source:
    target = work / "source"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("docs", "vocabularies", "hooks"):
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    for name in ("mkdocs.yml", "macros.py"):
        shutil.copy(ROOT / name, target / name)
    compile_bytecode(target / "hooks")
    return Source(target, snapshot=True)


def compile_bytecode(path: Path) -> None:
    """Compile the Python files at ``path``, as installing a package does, so that builds
    do not compile them again and again: the plain site's MkDocs and Material were compiled
    when they were installed (with PYTHONDONTWRITEBYTECODE set, nothing else would)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(path)], check=True,
                   stdout=subprocess.DEVNULL)


def top_level_blocks(config: str) -> dict[str, str]:
    """Split a mkdocs.yml into its top-level blocks, keyed by key, keeping the exact text."""
    blocks: dict[str, str] = {}
    key = None
    for line in config.splitlines(keepends=True):
        match = re.match(r"^([A-Za-z_][\w-]*):", line)
        if match:
            key = match.group(1)
            blocks[key] = ""
        if key is not None:
            blocks[key] += line
    return blocks


def full_config(source: Source) -> str:
    """The project's mkdocs.yml, using the hook by its absolute path and not watching hooks/."""
    config = (source.root / "mkdocs.yml").read_text(encoding="utf-8")
    config, hooks = re.subn(r"(?m)^(\s*-\s*)hooks/mkdocs_hooks\.py\s*$",
                            lambda m: f"{m.group(1)}{source.hook.as_posix()}", config)
    config, watched = re.subn(r"(?m)^\s*-\s*hooks/?\s*\n", "", config)
    if hooks != 1:
        raise SystemExit("mkdocs.yml does not list hooks/mkdocs_hooks.py under `hooks:` once: "
                         "update benchmarks/run.py to match it")
    return config


def plain_config(source: Source, first_page: str) -> str:
    """Material with the project's theme and Markdown settings, search, and nothing else."""
    blocks = top_level_blocks((source.root / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = re.sub(r"(?m)^\s*custom_dir:.*\n", "", blocks["theme"])  # the project's template
    return (
        "site_name: Plain Material site\n"
        "docs_dir: docs\n"
        "site_dir: site\n"
        f"{theme}"
        "plugins:\n"
        "  - search:\n"
        "      lang: en\n"
        f"{blocks.get('markdown_extensions', '')}"
        "nav:\n"
        f"  - Case studies: case-studies/{first_page}\n"
        "not_in_nav: |\n"
        "  /case-studies/*.md\n"
    )


def make_projects(source: Source, work: Path, n: int, seed: int) -> tuple[Path, Path, str]:
    """Write the N case studies and the two projects; return (full, plain, a theme id)."""
    if work.exists():
        shutil.rmtree(work)
    full, plain = work / "full", work / "plain"
    full.mkdir(parents=True)
    shutil.copytree(source.root / "docs", full / "docs")
    shutil.copytree(source.root / "vocabularies", full / "vocabularies")
    shutil.copy(source.root / "macros.py", full / "macros.py")
    compile_bytecode(full / "macros.py")
    (full / "webinars").mkdir()  # no webinars: the plain site has none either
    (full / "mkdocs.yml").write_text(full_config(source), encoding="utf-8")
    slugs = write_case_studies(full / "casestudies", n, source.root / "vocabularies", seed)
    pages = plain / "docs" / "case-studies"
    pages.mkdir(parents=True)
    for slug in slugs:
        shutil.copy(full / "casestudies" / f"{slug}.md", pages / f"{slug}.md")
    (plain / "mkdocs.yml").write_text(plain_config(source, f"{slugs[0]}.md"), encoding="utf-8")
    theme = VocabularyIds.read(source.root / "vocabularies").themes[0]
    return full, plain, theme


# ------------------------------------------------------------------------------- builds

def measure(source: Source, project: Path, command: list[str], log_name: str) -> Measured:
    """Run ``command`` in ``project`` through the measuring wrapper, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(project / log_name), *command],
                         cwd=project, env=source.environment(), capture_output=True, text=True,
                         check=False)
    if out.returncode != 0:
        raise SystemExit(f"the measuring wrapper failed:\n{out.stderr}")
    data = json.loads(out.stdout.strip().splitlines()[-1])
    if data["code"] != 0:
        tail = (project / log_name).read_text(encoding="utf-8", errors="replace")[-4000:]
        raise SystemExit(f"`{' '.join(command)}` failed in {project} (exit {data['code']}):\n"
                         f"{tail}")
    return Measured(data["seconds"], data["max_rss_kib"], data["tree_rss_kib"],
                    data["cpu_seconds"], data["other_cpu_seconds"])


def _busy_seconds() -> float:
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def settle(limit: float) -> None:
    """Wait up to ``limit`` seconds for the rest of the machine to use under 0.25 cores."""
    if limit <= 0 or not Path("/proc/stat").exists():
        return
    deadline = time.monotonic() + limit
    while True:
        before = _busy_seconds()
        time.sleep(2)
        load = (_busy_seconds() - before) / 2
        if load < 0.25 or time.monotonic() >= deadline:
            if load >= 0.25:
                log(f"the machine is still busy ({load:.2f} cores in use): measuring anyway")
            return


def build(source: Source, project: Path, n: int, variant: str, wait: float = 0) -> Measured:
    shutil.rmtree(project / "site", ignore_errors=True)
    # Flush the deletion (thousands of files, with the search index) to disk now, so
    # that the file system's deferred work does not land in the build being timed.
    if hasattr(os, "sync"):
        os.sync()
    settle(wait)
    result = measure(source, project, [sys.executable, "-m", "mkdocs", "build", "--clean"],
                     "build.log")
    built = sum(1 for _ in (project / "site" / "case-studies").glob("*/index.html"))
    expected = n  # case-studies/<slug>/index.html; the full site's own index is not in a folder
    if built != expected:
        raise SystemExit(f"the {variant} build made {built} case-study pages, not {expected}: "
                         f"see {project / 'build.log'}")
    return result


def casebook_command() -> list[str]:
    script = Path(sys.executable).with_name("casebook")
    return [str(script)] if script.exists() else [sys.executable, "-m", "casebook.cli"]


def validate(source: Source, project: Path, n: int) -> tuple[float, float]:
    """Wall-clock seconds of ``casebook --root <dir> validate``, and the time it reports."""
    started = time.perf_counter()
    out = subprocess.run([*casebook_command(), "--root", str(project), "validate"],
                         env=source.environment(), capture_output=True, text=True,
                         check=False)
    elapsed = time.perf_counter() - started
    match = re.search(r"OK: (\d+) file\(s\) checked in ([\d.]+) s, (\d+) warning", out.stdout)
    if out.returncode != 0 or not match or int(match.group(1)) != n or match.group(3) != "0":
        raise SystemExit(f"casebook validate did not pass cleanly on {n} files:\n"
                         f"{out.stdout}\n{out.stderr[-4000:]}")
    return elapsed, float(match.group(2))


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def output_sizes(full: Path, plain: Path) -> dict[str, int]:
    lunr = full / "site" / "search" / "search_index.json"  # none: the site uses Pagefind
    full_index = lunr.read_bytes() if lunr.exists() else b""
    plain_index = (plain / "site" / "search" / "search_index.json").read_bytes()
    return {
        "full_site": tree_bytes(full / "site"),
        "plain_site": tree_bytes(plain / "site"),
        "full_search_index": len(full_index),
        "full_search_index_gzip": gzip_size(full_index) if full_index else 0,
        "plain_search_index": len(plain_index),
        "plain_search_index_gzip": gzip_size(plain_index),
        "pagefind_bundle": tree_bytes(full / "site" / "pagefind"),
        "explore_html": (full / "site" / "explore" / "index.html").stat().st_size,
    }


# ------------------------------------------------------------------------------ explorer

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base's name
        pass


def browser_available() -> str | None:
    """None when the explorer can be measured, else the reason it cannot."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install the test extras)"
    return None


def _category(url: str) -> str:
    if "/pagefind/" in url:
        return "pagefind"
    if url.endswith("search_index.json"):
        return "material_search_index"
    if url.split("?")[0].endswith("/explore/"):
        return "explore_html"
    if "/case-studies/" in url and url.split("?")[0].endswith("/"):
        return "page_html"
    return "other"


TEXT_QUERY = "employment"  # a word every synthetic site contains


def explorer_views(site: Path, theme: str) -> dict[str, str]:
    """The explorer URLs to measure: one theme filter, and the same with a text search.

    The text parameter's name is read from the explorer's script (``text`` or, in older
    versions, ``q``).
    """
    script = (site / "assets" / "explorer.js").read_text(encoding="utf-8", errors="replace")
    name = "text" if 'params.get("text")' in script else "q"
    return {"theme filter": f"/explore/?theme={theme}",
            "text + theme": f"/explore/?{name}={TEXT_QUERY}&theme={theme}"}


def measure_explorer(site: Path, theme: str, runs: int) -> dict[str, dict[str, Any]]:
    """Bytes fetched from opening each explorer view until its first results show.

    http.server sends files as they are, so the bytes are uncompressed; the gzip figures are
    what a server compressing each response at level 6 would send. Each load uses a fresh
    browser context, so nothing comes from the cache.
    """
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    measured: dict[str, dict[str, Any]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            try:
                views = {label: (path, EXPLORER_READY, None)
                         for label, path in explorer_views(site, theme).items()}
                views.update(reader_views(site))
                for label, (path, ready, search) in views.items():
                    loads = [_load_once(browser, base + path, ready, search)
                             for _ in range(runs)]
                    first = loads[0]
                    first["path"] = path
                    first["ms_runs"] = [load["ms_to_results"] for load in loads]
                    first["ms_to_results"] = statistics.median(first["ms_runs"])
                    measured[label] = first
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return measured


EXPLORER_READY = """() => {
    const status = document.querySelector('#kb-status');
    // Text searches fill #kb-results; filters alone show items of the page's list.
    const shown = '#kb-results:not([hidden]) li, #kb-all li:not([hidden])';
    return status && status.textContent.includes('match')
        && document.querySelector(shown) !== null;
}"""
PAGE_READY = "() => document.readyState === 'complete'"
SEARCH_READY = "() => document.querySelector('dialog.pf-modal .pf-result a') !== null"


def reader_views(site: Path) -> dict[str, tuple[str, str, str | None]]:
    """A reader opening a case study, and opening one then searching from the header:
    {label: (path, ready condition, words typed into the header search or None)}."""
    first = sorted((site / "case-studies").glob("*/index.html"))[0].parent.name
    path = f"/case-studies/{first}/"
    return {"case study, no search": (path, PAGE_READY, None),
            f"case study, then header search for '{TEXT_QUERY}'": (path, SEARCH_READY,
                                                                 TEXT_QUERY)}


def _load_once(browser: Any, url: str, ready: str, search: str | None) -> dict[str, Any]:
    context = browser.new_context()  # a fresh context has an empty cache
    page = context.new_page()
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    started = time.perf_counter()
    page.goto(url)
    if search is not None:
        page.wait_for_load_state("load")
        page.keyboard.press("/")  # loads the search, then opens its dialog
        page.wait_for_function("() => document.querySelector('dialog.pf-modal')?.open")
        page.keyboard.type(search)
    else:
        page.wait_for_load_state("networkidle")  # the page's deferred requests too
    page.wait_for_function(ready, timeout=120_000)
    elapsed = (time.perf_counter() - started) * 1000
    done = list(finished)  # only what had arrived when the results appeared
    status = page.locator("#kb-status").inner_text() if ready == EXPLORER_READY else ""
    shown = (page.locator("#kb-results:not([hidden]) li, #kb-all li:not([hidden])").count()
             if ready == EXPLORER_READY else 0)
    by_kind: dict[str, dict[str, int]] = {}
    total = total_gzip = 0
    for request in done:
        response = request.response()
        if response is None:
            continue
        try:
            body = response.body()
            raw = len(body)
        except Exception:  # noqa: BLE001 - a redirect or an evicted body: use the header
            body = b""
            raw = int(response.headers.get("content-length", "0") or 0)
        packed = gzip_size(body) if body else raw
        kind = by_kind.setdefault(_category(request.url),
                                  {"requests": 0, "bytes": 0, "gzip": 0})
        kind["requests"] += 1
        kind["bytes"] += raw
        kind["gzip"] += packed
        total += raw
        total_gzip += packed
    context.close()
    return {"url": url, "requests": sum(k["requests"] for k in by_kind.values()),
            "bytes": total, "gzip": total_gzip, "by_kind": by_kind, "status": status,
            "results_shown": shown, "ms_to_results": elapsed}


# ------------------------------------------------------------------------------- report

def machine() -> dict[str, str]:
    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    cpu = platform.processor() or platform.machine()
    ram = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    chromium = ""
    if CHROMIUM.exists():
        out = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True,
                             check=False)
        chromium = out.stdout.strip()
    return {
        "date": dt.date.today().isoformat(),
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "mkdocs-material": version("mkdocs-material"),
        "mkdocs-macros-plugin": version("mkdocs-macros-plugin"),
        "pagefind": version("pagefind"),
        "chromium": chromium or "not found",
    }


def med(values: list[float]) -> float:
    return statistics.median(values)


def mib(kib: float) -> str:
    return f"{kib / 1024:,.0f}"


def kb(size: float) -> str:
    return f"{size / 1000:,.1f}"


def spread(values: list[float]) -> str:
    if len(values) < 2:
        return f"{med(values):.1f}"
    return f"{med(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def _median(measured: list[Measured], name: str) -> float:
    return med([getattr(m, name) for m in measured])


def report(results: list[Result], info: dict[str, str], runs: int) -> tuple[str, list[bool]]:
    """The Markdown tables and target lines, and whether each target passed."""
    lines = [
        f"Medians of {runs} run{'s' if runs != 1 else ''} per variant and N (range in "
        "brackets). \"full\" is `mkdocs build` of the full site, which writes its Pagefind "
        "search index as it goes (all of `make build`). CPU s is the CPU time of the "
        "step's processes; "
        "\"other load\" is the CPU the rest of the machine used meanwhile, in cores, and "
        "wall-clock times are only comparable when it is near 0. Peak memory is the largest "
        "resident set summed over the step's process tree, sampled every 50 ms, or the "
        "largest single process from `getrusage` (in brackets) if that is higher. Index sizes "
        "are per case study.",
        "",
        "| N | Site | Build s | Full / plain | CPU s | Full / plain (CPU) | Other load "
        "| Peak memory MiB | Memory full / plain | Output MB | Material index B / case "
        "| Pagefind bundle B / case | `validate` files / s |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        full_s, plain_s = _median(r.full, "seconds"), _median(r.plain, "seconds")
        full_cpu, plain_cpu = _median(r.full, "cpu_seconds"), _median(r.plain, "cpu_seconds")
        full_mem, plain_mem = _median(r.full, "peak_kib"), _median(r.plain, "peak_kib")
        rate = r.n / med(r.validate_seconds)

        def load(measured: list[Measured]) -> str:
            return f"{med([m.other_cpu_seconds / m.seconds for m in measured]):.2f}"

        lines.append(
            f"| {r.n:,} | full | {spread([m.seconds for m in r.full])} "
            f"| {full_s / plain_s:.2f} | {full_cpu:.1f} | {full_cpu / plain_cpu:.2f} "
            f"| {load(r.full)} "
            f"| {mib(full_mem)} ({mib(_median(r.full, 'max_rss_kib'))}) "
            f"| {full_mem / plain_mem:.2f} | {r.sizes['full_site'] / 1e6:,.1f} "
            f"| {r.sizes['full_search_index'] / r.n:,.0f} "
            f"| {r.sizes['pagefind_bundle'] / r.n:,.0f} | {rate:,.0f} |")
        if r.index:
            index_s, index_cpu = _median(r.index, "seconds"), _median(r.index, "cpu_seconds")
            index_mem = _median(r.index, "peak_kib")
            pairs = list(zip(r.full, r.index, strict=True))
            both_s = med([f.seconds + i.seconds for f, i in pairs])
            both_cpu = med([f.cpu_seconds + i.cpu_seconds for f, i in pairs])
            both_mem = med([max(f.peak_kib, i.peak_kib) for f, i in pairs])
            lines.append(
                f"| {r.n:,} | search index | {spread([m.seconds for m in r.index])} "
                f"| {index_s / plain_s:.2f} | {index_cpu:.1f} | {index_cpu / plain_cpu:.2f} "
                f"| {load(r.index)} | {mib(index_mem)} ({mib(_median(r.index, 'max_rss_kib'))}) "
                f"| {index_mem / plain_mem:.2f} | - | - | - | - |")
            lines.append(
                f"| {r.n:,} | full + index | {both_s:.1f} | {both_s / plain_s:.2f} "
                f"| {both_cpu:.1f} | {both_cpu / plain_cpu:.2f} | - | {mib(both_mem)} "
                f"| {both_mem / plain_mem:.2f} | - | - | - | - |")
        lines.append(
            f"| {r.n:,} | plain | {spread([m.seconds for m in r.plain])} | 1.00 "
            f"| {plain_cpu:.1f} | 1.00 | {load(r.plain)} "
            f"| {mib(plain_mem)} ({mib(_median(r.plain, 'max_rss_kib'))}) | 1.00 "
            f"| {r.sizes['plain_site'] / 1e6:,.1f} "
            f"| {r.sizes['plain_search_index'] / r.n:,.0f} | - | - |")
    lines += [
        "",
        "`validate` is the wall-clock rate of `casebook --root <dir> validate` over the N "
        "files, start-up included (median "
        + ", ".join(f"{med(r.validate_seconds):.2f} s at N = {r.n:,}" for r in results)
        + "; the command itself reports "
        + ", ".join(f"{med(r.validate_internal):.2f} s" for r in results) + ").",
        "",
    ]
    if any(r.explorer for r in results):
        lines += [
            "Bytes fetched by Chromium from opening the explorer until the first results "
            "show, against the Material search index that a reader of the plain site "
            "downloads before any search result (kB = 1,000 bytes; gzip: each response "
            "compressed at level 6, as a compressing server would send it).",
            "",
            "| N | Explorer view | kB | gzip kB | Requests | of which Pagefind kB (gzip) "
            "| of which explore page kB (gzip) | of which Material search index kB (gzip) "
            "| ms to results | Plain site: search_index.json kB (gzip) "
            "| Explorer / plain (gzip) |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            plain_raw = r.sizes["plain_search_index"]
            plain_gz = r.sizes["plain_search_index_gzip"]
            for label, e in r.explorer.items():
                kinds = e["by_kind"]

                def part(name: str, kinds: dict = kinds) -> str:
                    k = kinds.get(name, {"bytes": 0, "gzip": 0})
                    return f"{kb(k['bytes'])} ({kb(k['gzip'])})"

                path = f" (`{e['path']}`)" if e.get("path") else ""
                lines.append(
                    f"| {r.n:,} | {label}{path} | {kb(e['bytes'])} | {kb(e['gzip'])} "
                    f"| {e['requests']} | {part('pagefind')} | {part('explore_html')} "
                    f"| {part('material_search_index')} | {e['ms_to_results']:,.0f} "
                    f"| {kb(plain_raw)} ({kb(plain_gz)}) "
                    f"| {e['bytes'] / plain_raw:.2f} ({e['gzip'] / plain_gz:.2f}) |")
        lines.append("")
    checks: list[bool] = []
    lines += ["Targets, judged on `mkdocs build` of the full site against the plain site "
              "(wall-clock medians; CPU-time figures in brackets):", ""]
    by_n = {r.n: r for r in results}
    if 1000 in by_n:
        r = by_n[1000]
        ratio = _median(r.full, "seconds") / _median(r.plain, "seconds")
        cpu = _median(r.full, "cpu_seconds") / _median(r.plain, "cpu_seconds")
        ok = ratio <= TARGET_FULL_VS_PLAIN
        checks.append(ok)
        lines.append(f"- {'PASS' if ok else 'FAIL'}: build time full / plain at N = 1,000 is "
                     f"{ratio:.2f} (CPU {cpu:.2f}); target <= {TARGET_FULL_VS_PLAIN}.")
    else:
        lines.append("- n/a: build time full / plain at N = 1,000 (N = 1,000 not run).")
    if 1000 in by_n and 4000 in by_n:
        small, large = _median(by_n[1000].full, "seconds"), _median(by_n[4000].full, "seconds")
        cpu = _median(by_n[4000].full, "cpu_seconds") / _median(by_n[1000].full, "cpu_seconds")
        ok = large <= TARGET_SCALING * small
        checks.append(ok)
        lines.append(f"- {'PASS' if ok else 'FAIL'}: the full build at N = 4,000 takes "
                     f"{large:.1f} s, {large / small:.2f} x the {small:.1f} s at N = 1,000 "
                     f"(CPU {cpu:.2f} x); target <= {TARGET_SCALING} x.")
    else:
        lines.append("- n/a: scaling from N = 1,000 to 4,000 (both sizes are needed).")
    for r in results:
        full_mem, plain_mem = _median(r.full, "peak_kib"), _median(r.plain, "peak_kib")
        limit = TARGET_MEMORY_MIB.get(r.n)
        if limit is None:
            lines.append(f"- n/a: peak memory at N = {r.n:,} is {mib(full_mem)} MiB "
                         f"({full_mem / plain_mem:.2f} x plain); targets are set for "
                         "N = 1,000 and 4,000.")
            continue
        ok = full_mem / 1024 <= limit
        checks.append(ok)
        lines.append(f"- {'PASS' if ok else 'FAIL'}: peak memory of the build (MkDocs and "
                     f"Pagefind) at N = {r.n:,} is {mib(full_mem)} MiB ({full_mem / plain_mem:.2f}"
                     f" x plain); target <= {limit:,.0f} MiB.")
    for r in results:
        for label, target in ((f"case study, then header search for '{TEXT_QUERY}'",
                               TARGET_SEARCH_GZIP_KB),
                              ("case study, no search", TARGET_PAGE_GZIP_KB)):
            view = r.explorer.get(label)
            if view is None or r.n != 4000:
                continue
            ok = view["gzip"] / 1000 <= target
            checks.append(ok)
            lines.append(f"- {'PASS' if ok else 'FAIL'}: {label} at N = {r.n:,} fetches "
                         f"{kb(view['gzip'])} kB gzipped; target <= {target} kB.")
    lines += ["", "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + "."]
    return "\n".join(lines) + "\n", checks


# --------------------------------------------------------------------------------- main

def run_all(source: Source, sizes: list[int], runs: int, work: Path, seed: int,
            browser: bool, wait: float) -> list[Result]:
    """Build every size and variant ``runs`` times, interleaved: each round builds every N,
    full then plain, so that a slow spell on the machine does not fall on one N only."""
    projects = {}
    for n in sizes:
        log(f"N = {n:,}: writing {n:,} case studies and the two projects in {work / f'n{n}'}")
        projects[n] = make_projects(source, work / f"n{n}", n, seed)
    results = {n: Result(n) for n in sizes}
    for run in range(1, runs + 1):
        for n in sizes:
            full, plain, _ = projects[n]
            result = results[n]
            for variant, project, into in (("full", full, result.full),
                                           ("plain", plain, result.plain)):
                measured = build(source, project, n, variant, wait)
                into.append(measured)
                log(f"N = {n:,} run {run}/{runs}: {variant} build {measured.seconds:.1f} s, "
                    f"CPU {measured.cpu_seconds:.1f} s, peak {mib(measured.peak_kib)} MiB "
                    f"(largest process {mib(measured.max_rss_kib)} MiB), other processes "
                    f"{measured.other_cpu_seconds / measured.seconds:.2f} cores busy")
            wall, internal = validate(source, full, n)
            result.validate_seconds.append(wall)
            result.validate_internal.append(internal)
            log(f"N = {n:,} run {run}/{runs}: validate {wall:.2f} s "
                f"({n / wall:,.0f} files/s)")
    for n in sizes:
        full, plain, theme = projects[n]
        result = results[n]
        result.sizes = output_sizes(full, plain)
        if browser:
            result.explorer = measure_explorer(full / "site", theme, runs)
            for label, view in result.explorer.items():
                log(f"N = {n:,}: {label} fetched {view['bytes']:,} bytes in "
                    f"{view['requests']} requests before '{view['status']}'")
    return [results[n] for n in sizes]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000], metavar="N",
                        help="numbers of case studies (default: 1000 4000)")
    parser.add_argument("--runs", type=int, default=3, help="builds per variant and N")
    parser.add_argument("--smoke", action="store_true",
                        help="N = 20, 1 run; skips the browser part if Chromium is missing")
    parser.add_argument("--no-browser", action="store_true", help="skip the explorer part")
    parser.add_argument("--seed", type=int, default=SEED, help="random seed for the content")
    parser.add_argument("--work", type=Path, default=None,
                        help="working folder (default: benchmarks/out/; kept afterwards)")
    parser.add_argument("--json", type=Path, default=None, help="also save raw numbers here")
    parser.add_argument("--settle", type=float, default=60, metavar="SECONDS",
                        help="before each build, wait up to this long for other processes "
                             "to go quiet (default: 60; 0 to skip)")
    parser.add_argument("--snapshot", action="store_true",
                        help="copy the configuration, docs and hook code once at the start, "
                             "so that edits to the checkout during a long run do not change "
                             "what is measured")
    parser.add_argument("--from-json", type=Path, default=None, metavar="PATH",
                        help="print the tables again from a file saved with --json; no builds")
    parser.add_argument("--fail-on-miss", action="store_true",
                        help="exit 1 when a target is missed (default: report only)")
    args = parser.parse_args(argv)
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        text, checks = report([load_result(r) for r in saved["results"]], saved["machine"],
                              saved["runs"])
        print(text)
        return 1 if args.fail_on_miss and not all(checks) else 0
    if args.smoke:
        args.sizes, args.runs = [20], 1
    if args.runs < 1 or any(n < 1 for n in args.sizes):
        parser.error("--runs and every size must be at least 1")
    browser = not args.no_browser
    missing = browser_available() if browser else None
    if missing:
        if not args.smoke:
            parser.error(f"cannot measure the explorer: {missing}; pass --no-browser to skip")
        log(f"skipping the explorer part: {missing}")
        browser = False
    work = (args.work or ROOT / "benchmarks" / "out").resolve()  # builds run in other folders
    work.mkdir(parents=True, exist_ok=True)
    info = machine()
    log("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    source = take_snapshot(work) if args.snapshot else Source(ROOT)
    if source.snapshot:
        log(f"measuring a copy of the code and configuration taken now, in {source.root}")
    results = run_all(source, args.sizes, args.runs, work, args.seed, browser,
                      0 if args.smoke else args.settle)
    text, checks = report(results, info, args.runs)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "runs": args.runs, "results": [
            asdict(r) for r in results]}, indent=2), encoding="utf-8")
    return 1 if args.fail_on_miss and not all(checks) else 0


if __name__ == "__main__":
    sys.exit(main())
