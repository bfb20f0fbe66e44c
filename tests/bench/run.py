"""`make bench`: how fast pages are on a first visit, at national scale and on the default stack (issues 9, 15).

Three parts, each a table of the report (`BENCH_PARTS=postgres,default,load` chooses; all by default):

1. **PostgreSQL at 100,000 programs.** A separate database (BENCH_DATABASE_URL, default medcoding_bench) with
   100,000 clearly synthetic programs across 6,000 schools from one seed (generate_bench_data); occupations and
   credentials are the real bundled ones. Each page's SQL queries and compressed size are counted in-process,
   and so is the search index's build. gunicorn (debug off, persistent connections, Redis) serves the app and
   wrk loads each URL for BENCH_DURATION s over 8 connections, next to a bare view in the same gunicorn (the
   ceiling). **The headline is the uncached pass**: the page cache is off, and the search pages send a different
   search with every request (pages.search_rotation), as students do. A second pass with the page cache on
   shows what it adds.
2. **The default stack**: SQLite with the real bundle, no Redis, gunicorn with `make serve`'s workers, the page
   cache off (it is off without Redis). Each page's requests per second as a share of the ceiling's.
3. **Load**: 64 connections searching (different searches) for 30 s on the default stack.

Writes bench-results/latest.json and latest.md, and exits 1 when a target is missed. `BENCH_DURATION`,
`BENCH_CONNECTIONS`, `BENCH_PROGRAMS`, `BENCH_SCHOOLS`, `BENCH_SKIP_GENERATE=1` (reuse the database of a previous
run), `BENCH_WORKERS` (part 1's gunicorn workers; one per core by default) and `BENCH_DEFAULT_WORKERS` change it.
"""

import gzip
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
RESULTS = ROOT / "bench-results"
PYTHON = sys.executable
sys.path.insert(0, str(ROOT))
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/medcoding_bench")
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
PORT = int(os.environ.get("BENCH_PORT", "8777"))
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
# Short runs of the ceiling just before and just after each page, for that page's ratio (their mean).
CEILING_CHECK = int(os.environ.get("BENCH_CEILING_CHECK", "5"))
CACHED_DURATION = int(os.environ.get("BENCH_CACHED_DURATION", "10"))
# Long enough for every worker to build its search index and look up the searches' words (not counted).
WARM_UP = int(os.environ.get("BENCH_WARM_UP", "20"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PROGRAMS = int(os.environ.get("BENCH_PROGRAMS", "100000"))
SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", "6000"))
SEED = int(os.environ.get("BENCH_SEED", "2026"))
# One sync worker per core, as docs/scaling.md runs production. gunicorn's rule of thumb, 2 x cores + 1, was
# measured on the 2-core bench machine (stop 24): at 8 connections 5 workers gave 10-20% fewer requests per
# second and a higher p90/p99 on every page than 2; the pages are CPU-bound Python and extra workers only
# take turns on the cores, each with its own memory to bring back into the CPU's caches.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 1)))
PARTS = set(os.environ.get("BENCH_PARTS", "postgres,default,load").split(","))
# The default stack: `make serve`'s gunicorn (docs/scaling.md says why this worker model and count).
DEFAULT_DATABASE = Path(os.environ.get("BENCH_DEFAULT_DATABASE", "/tmp/medcoding-bench-default.sqlite3"))
DEFAULT_WORKERS = os.environ.get("BENCH_DEFAULT_WORKERS", "")
LOAD_CONNECTIONS = int(os.environ.get("BENCH_LOAD_CONNECTIONS", "64"))
LOAD_DURATION = int(os.environ.get("BENCH_LOAD_DURATION", "30"))

# Issue 15's targets, uncached, at 100,000 programs on PostgreSQL: p95 in ms at 8 connections.
UNCACHED_MAX_P95_MS = {
    "search": 150,
    "search_by_cost": 150,
    "program": 40,
    "home": 40,
    "occupation": 60,
    "occupation_state": 60,
    "credential": 60,
    "compare_10": 60,
}
MAX_QUERIES = 6
MAX_PAGE_BYTES = 60 * 1024
# On the default stack: each page's requests per second as a share of the bare view's.
DEFAULT_MIN_RATIO = {"search": 0.04, "program": 0.15, "occupation": 0.10, "occupation_state": 0.10, "credential": 0.15}
# 64 visitors searching at once on the default stack.
LOAD_MAX_P99_MS = 2000


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def base_env(**extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DATABASE_URL=BENCH_DATABASE_URL,
        DJANGO_SETTINGS_MODULE="config.bench_settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def recreate_database():
    import psycopg

    parts = urlsplit(BENCH_DATABASE_URL)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"BENCH_DATABASE_URL must name a database with 'bench' in it, not {name!r}")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def vacuum_analyze():
    import psycopg

    with psycopg.connect(BENCH_DATABASE_URL, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def check_services():
    import redis

    try:
        redis.Redis.from_url(BENCH_REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as error:
        sys.exit(f"Redis is not answering at {BENCH_REDIS_URL}: {error}")
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `apt-get install -y wrk` (make bench does this when it can)")


def measure_in_process(env, code="measure_pages()"):
    """Run tests.bench.pages.<code> in a separate process on the benchmark's database; its JSON result."""
    code = f"import json, sys; from tests.bench.pages import *; json.dump({code}, sys.stdout)"
    result = subprocess.run(
        [PYTHON, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_gunicorn(env, workers=None, extra=()):
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers or WORKERS),
            *extra,
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/ceiling/", timeout=2).read()
            return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    sys.exit("gunicorn did not start")


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def fetch(path):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.headers, response.read()


def wrk_script(paths):
    """A wrk script that reports as report.lua does and, given several paths, sends them in turn."""
    script = (ROOT / "tests" / "bench" / "report.lua").read_text()
    if len(paths) > 1:
        listed = ", ".join(json.dumps(path) for path in paths)
        script = (
            f"local paths = {{{listed}}}\nlocal counter = math.random(#paths)\n"
            "request = function()\n  counter = counter % #paths + 1\n"
            "  return wrk.format(nil, paths[counter])\nend\n" + script
        )
    handle, name = tempfile.mkstemp(suffix=".lua", prefix="bench-")
    with os.fdopen(handle, "w") as file:
        file.write(script)
    return name


def run_wrk(paths, duration, connections=CONNECTIONS):
    paths = [paths] if isinstance(paths, str) else list(paths)
    script = wrk_script(paths)
    try:
        result = subprocess.run(
            [
                "wrk",
                f"--threads={min(2, connections)}",
                f"--connections={connections}",
                f"--duration={duration}s",
                "--timeout=10s",
                "--header=Accept-Encoding: gzip",
                f"--script={script}",
                f"http://127.0.0.1:{PORT}{paths[0]}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script)
    line = next(line for line in result.stdout.splitlines() if line.startswith("WRK_JSON "))
    figures = json.loads(line.removeprefix("WRK_JSON "))
    seconds = figures["duration_us"] / 1e6
    errors = sum(figures[key] for key in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    return {
        "requests": figures["requests"],
        "rps": round(figures["requests"] / seconds, 1),
        "p50_ms": figures["p50_us"] / 1000,
        "p95_ms": figures["p95_us"] / 1000,
        "p99_ms": figures["p99_us"] / 1000,
        "max_ms": figures["max_us"] / 1000,
        "errors": errors,
        "timeouts": figures["timeouts"],
        "transfer_bytes_per_request": round(figures["bytes"] / max(figures["requests"], 1)),
    }


def load_pass(pages, duration, label, rotations=None):
    """wrk on the ceiling and every page, one after another, against the running gunicorn.

    Each page's ratio is to the mean of two short ceiling runs, one just before it and one just after (the next
    page's "before"), so a change in the machine's load during the run (other processes, CPU frequency) moves
    both sides of the ratio alike, and one unlucky 5-second run of the ceiling does not decide a page's share:
    on stop 28's machine single ceiling runs within one pass ranged from 2,726 to 3,326 requests a second.
    `rotations` {name: [paths]} sends those paths in turn instead of the page's one path.
    """
    rotations = rotations or {}
    results = {}
    before = None
    for name, path in [("ceiling", "/bench/ceiling/"), *pages]:
        status, _headers, _ = fetch(path)  # loads templates; fills the cache when it is on
        if status != 200:
            sys.exit(f"{path} answered {status}")
        if name != "ceiling" and before is None:
            log(f"{label}: wrk {CONNECTIONS} connections, {CEILING_CHECK} s: ceiling, just before {name}")
            before = run_wrk("/bench/ceiling/", CEILING_CHECK)["rps"]
        paths = rotations.get(name, [path])
        shown = path if len(paths) == 1 else f"{len(paths)} searches in turn, like {path}"
        log(f"{label}: wrk {CONNECTIONS} connections, {duration} s: {name} {shown[:100]}")
        figures = results[name] = {"path": path, "paths": len(paths), **run_wrk(paths, duration)}
        if name == "ceiling":
            figures["adjacent_ceiling_rps"] = figures["rps"]
        else:
            log(f"{label}: wrk {CONNECTIONS} connections, {CEILING_CHECK} s: ceiling, just after {name}")
            after = run_wrk("/bench/ceiling/", CEILING_CHECK)["rps"]
            figures["ceiling_before_rps"], figures["ceiling_after_rps"] = before, after
            figures["adjacent_ceiling_rps"] = (before + after) / 2
            before = after
        figures["ratio_to_ceiling"] = round(figures["rps"] / figures["adjacent_ceiling_rps"], 4)
        log(
            f"   {figures['rps']:8.1f} req/s "
            f"({figures['ratio_to_ceiling']:.1%} of {figures['adjacent_ceiling_rps']:.0f})  "
            f"p50 {figures['p50_ms']:.1f} ms  p95 {figures['p95_ms']:.1f} ms  p99 {figures['p99_ms']:.1f} ms  "
            f"errors {figures['errors']}"
        )
    return results


def check_static_files():
    """The stylesheet and script the pages link: fingerprinted, compressed and cached for a year by whitenoise."""
    _, _, body = fetch("/")
    html = gzip.decompress(body).decode()
    found = {}
    for path in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        _, headers, content = fetch(path)
        found[path] = {
            "fingerprinted": bool(re.search(r"\.[0-9a-f]{12}\.(css|js)$", path)),
            "content_encoding": headers.get("Content-Encoding", ""),
            "cache_control": headers.get("Cache-Control", ""),
            "transfer_bytes": len(content),
        }
    return found


def check_postgres(part):
    failures = []
    for name, figures in part["uncached"].items():
        if figures["errors"]:
            failures.append(f"uncached {name}: {figures['errors']} errors")
        limit = UNCACHED_MAX_P95_MS.get(name)
        if limit is not None and figures["p95_ms"] > limit:
            failures.append(f"uncached {name}: p95 {figures['p95_ms']:.1f} ms, target {limit} ms")
    for name, figures in part["cached"].items():
        if figures["errors"]:
            failures.append(f"cached {name}: {figures['errors']} errors")
    for name, figures in part["measured"].items():
        if figures["queries"] > MAX_QUERIES:
            failures.append(f"{name}: {figures['queries']} SQL queries, target {MAX_QUERIES}")
        if figures["transfer_bytes"] > MAX_PAGE_BYTES:
            failures.append(f"{name}: {figures['transfer_bytes']} bytes, target {MAX_PAGE_BYTES}")
    return failures + check_static(part["static_files"])


def check_default(part):
    failures = []
    for name, figures in part["pages"].items():
        if figures["errors"]:
            failures.append(f"default stack {name}: {figures['errors']} errors")
        minimum = DEFAULT_MIN_RATIO.get(name)
        if minimum is not None and figures["ratio_to_ceiling"] < minimum:
            failures.append(
                f"default stack {name}: {figures['ratio_to_ceiling']:.1%} of the bare view, target {minimum:.0%}"
            )
    load = part.get("load")
    if load:
        if load["errors"] or load["timeouts"]:
            failures.append(f"load: {load['errors']} errors, {load['timeouts']} timeouts")
        if load["p99_ms"] > LOAD_MAX_P99_MS:
            failures.append(f"load: p99 {load['p99_ms']:.0f} ms, target {LOAD_MAX_P99_MS} ms")
    return failures


def check_static(static):
    failures = [] if static else ["no stylesheet or script found on the home page"]
    for path, figures in static.items():
        max_age = re.search(r"max-age=(\d+)", figures["cache_control"])
        if not figures["fingerprinted"] or not figures["content_encoding"]:
            failures.append(f"{path}: not fingerprinted and compressed ({figures})")
        if not max_age or int(max_age.group(1)) < 365 * 24 * 3600:
            failures.append(f"{path}: cached for less than a year ({figures['cache_control']!r})")
    return failures


def machine():
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1) if match else ""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        match = re.search(r"MemTotal:\s*(\d+) kB", meminfo.read_text())
        memory = f"{int(match.group(1)) / 1024 / 1024:.0f} GiB" if match else ""
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "wrk": (wrk.stdout + wrk.stderr).strip().splitlines()[0] if (wrk.stdout + wrk.stderr).strip() else "",
    }


def postgres_part():
    env = base_env()
    if os.environ.get("BENCH_SKIP_GENERATE") != "1":
        log(f"creating the benchmark database {urlsplit(BENCH_DATABASE_URL).path.lstrip('/')}")
        recreate_database()
        manage("migrate", "--noinput", "-v", "0", env=env)
        log(f"generating {PROGRAMS:,} synthetic programs across {SCHOOLS:,} schools (seed {SEED})")
        manage("generate_bench_data", f"--programs={PROGRAMS}", f"--schools={SCHOOLS}", f"--seed={SEED}", env=env)
        # The search-vector pass rewrites every row: vacuum so the benchmark does not read dead rows.
        vacuum_analyze()
    manage("collectstatic", "--noinput", "-v", "0", env=env)

    log("counting queries and bytes per page (page cache off)")
    measured = measure_in_process(base_env(DJANGO_PAGE_CACHE_SECONDS="0"))
    index = measure_in_process(base_env(DJANGO_PAGE_CACHE_SECONDS="0"), "measure_index_build()")
    log(
        f"   search index: built in {index['build_s']} s; first search after a change {index['first_search_s']} s; "
        f"new words {index['new_words_search_s']} s; known words {index['known_words_search_s']} s"
    )
    pages = [(name, figures["path"]) for name, figures in measured.items()]
    from tests.bench.searches import search_rotation

    rotations = {"search": search_rotation(), "search_by_cost": search_rotation("&sort=cost")}

    redis_env = {"REDIS_URL": BENCH_REDIS_URL, "DJANGO_CACHE_KEY_PREFIX": f"bench{SEED}", "DJANGO_CONN_MAX_AGE": "600"}
    import redis

    redis.Redis.from_url(BENCH_REDIS_URL).flushdb()
    server = start_gunicorn(base_env(**redis_env, DJANGO_PAGE_CACHE_SECONDS="0"))
    try:
        static = check_static_files()
        # A page's weight: its compressed HTML plus the stylesheet and script as the server sent them.
        static_bytes = sum(figures["transfer_bytes"] for figures in static.values())
        for figures in measured.values():
            figures["transfer_bytes"] = figures["html_gzip_bytes"] + static_bytes
            log(f"   {figures['queries']} queries, {figures['transfer_bytes'] / 1024:.1f} KB: {figures['path'][:90]}")
        # Every worker builds its index and looks up the searches' words before the clock starts; what that costs
        # a student after a change to the catalog is measured on its own (measure_index_build, in the report).
        for paths in rotations.values():
            log(f"warming every worker: wrk {CONNECTIONS} connections, {WARM_UP} s of searches, not counted")
            run_wrk(paths, WARM_UP)
        uncached = load_pass(pages, DURATION, "page cache off", rotations)
    finally:
        stop(server)
    server = start_gunicorn(base_env(**redis_env))
    try:
        cached = load_pass(pages, CACHED_DURATION, "page cache on") if CACHED_DURATION else {}
    finally:
        stop(server)
    part = {
        "programs": PROGRAMS,
        "schools": SCHOOLS,
        "seed": SEED,
        "workers": WORKERS,
        "measured": measured,
        "index": index,
        "uncached": uncached,
        "cached": cached,
        "static_files": static,
    }
    part["failures"] = check_postgres(part)
    return part


def default_stack_part(with_load):
    """SQLite with the real bundle, no Redis, gunicorn as `make serve` runs it, the page cache off."""
    env = base_env(DATABASE_URL=f"sqlite:///{DEFAULT_DATABASE}", REDIS_URL="")
    env.pop("REDIS_URL")
    log(f"default stack: the real bundle into {DEFAULT_DATABASE}")
    DEFAULT_DATABASE.unlink(missing_ok=True)
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_bundled_data", "-v", "0", env=env)
    manage("collectstatic", "--noinput", "-v", "0", env=env)
    pages = measure_in_process(env, "default_stack_pages()")
    workers, extra = serve_workers()
    server = start_gunicorn(env, workers=workers, extra=extra)
    try:
        for _ in range(workers * 3):
            fetch(pages["search"])
        from tests.bench.searches import search_rotation

        rotations = {"search": search_rotation()}
        results = load_pass(list(pages.items()), DURATION, "default stack", rotations)
        load = None
        if with_load:
            log(f"load: wrk {LOAD_CONNECTIONS} connections, {LOAD_DURATION} s, searches in turn")
            load = run_wrk(rotations["search"], LOAD_DURATION, connections=LOAD_CONNECTIONS)
            log(
                f"   {load['rps']:8.1f} req/s  p50 {load['p50_ms']:.0f} ms  p95 {load['p95_ms']:.0f} ms  "
                f"p99 {load['p99_ms']:.0f} ms  errors {load['errors']}  timeouts {load['timeouts']}"
            )
    finally:
        stop(server)
    part = {"workers": " ".join([str(workers), *extra]), "pages": results, "load": load}
    part["failures"] = check_default(part)
    return part


def serve_workers():
    """(workers, extra gunicorn arguments) as `make serve` starts gunicorn, unless BENCH_DEFAULT_WORKERS says."""
    if DEFAULT_WORKERS:
        workers, *extra = DEFAULT_WORKERS.split()
        return int(workers), extra
    makefile = (ROOT / "Makefile").read_text()
    line = next(line for line in makefile.splitlines() if "gunicorn config.wsgi:application" in line)
    workers = int(re.search(r"--workers[ =](\d+)", line).group(1))
    threads = re.search(r"--threads[ =](\d+)", line)
    return workers, ([f"--threads={threads.group(1)}"] if threads else [])


def markdown(report):
    lines = [f"# Benchmark, {report['finished']}", ""]
    lines.append("Machine: " + ", ".join(f"{key} {value}" for key, value in report["machine"].items() if value))
    part = report.get("postgres")
    if part:
        index = part["index"]
        lines += [
            "",
            f"## PostgreSQL, {part['programs']:,} synthetic programs, {part['schools']:,} schools "
            f"(seed {part['seed']})",
            "",
            f"gunicorn {part['workers']} sync workers, debug off, persistent connections, Redis; wrk {CONNECTIONS} "
            f"connections, {DURATION} s per URL.",
            "",
            f"After a change to the catalog (one process, page cache off): the search index is built in "
            f"{index['build_s']} s; the first search takes {index['first_search_s']} s (the build, and its words "
            f"looked up); a search with words not looked up since the change {index['new_words_search_s']} s; one "
            f"whose words are known {index['known_words_search_s']} s. The passes below start after every worker has "
            "built its index and looked up the searches' words.",
            "",
            "**Uncached** (page cache off; the search rows send a different search with each request):",
            "",
            "| page | req/s | of ceiling (runs just before and after) | p50 ms | p95 ms | target p95 ms | p99 ms "
            "| errors | queries | KB (gzip, +CSS/JS) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, figures in part["uncached"].items():
            measured = part["measured"].get(name, {})
            lines.append(
                f"| {name} | {figures['rps']:.0f} | {figures['ratio_to_ceiling']:.1%} of "
                f"{figures['adjacent_ceiling_rps']:.0f} | {figures['p50_ms']:.1f} | {figures['p95_ms']:.1f} "
                f"| {UNCACHED_MAX_P95_MS.get(name, '')} | {figures['p99_ms']:.1f} | {figures['errors']} "
                f"| {measured.get('queries', '')} | "
                + (f"{measured['transfer_bytes'] / 1024:.1f} |" if measured else " |")
            )
        if part["cached"]:
            lines += [
                "",
                "With the page cache on (the same URL again and again: after the first request, every one a hit):",
                "",
                "| page | req/s | of ceiling | p50 ms | p95 ms | p99 ms | errors |",
                "|---|---:|---:|---:|---:|---:|---:|",
            ]
            for name, figures in part["cached"].items():
                lines.append(
                    f"| {name} | {figures['rps']:.0f} | {figures['ratio_to_ceiling']:.1%} | {figures['p50_ms']:.1f} "
                    f"| {figures['p95_ms']:.1f} | {figures['p99_ms']:.1f} | {figures['errors']} |"
                )
        lines += ["", "Static files (as the home page links them):", ""]
        for path, figures in part["static_files"].items():
            lines.append(
                f"- `{path}`: {figures['content_encoding']}, {figures['transfer_bytes']:,} bytes, "
                f"`Cache-Control: {figures['cache_control']}`"
            )
    part = report.get("default_stack")
    if part:
        lines += [
            "",
            "## The default stack: SQLite, the real bundle, no Redis",
            "",
            f"gunicorn --workers {part['workers']} as `make serve`; page cache off; wrk {CONNECTIONS} connections, "
            f"{DURATION} s per URL.",
            "",
            "| page | req/s | of the bare view (runs just before and after) | target | p50 ms | p95 ms | p99 ms "
            "| errors |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for name, figures in part["pages"].items():
            target = DEFAULT_MIN_RATIO.get(name)
            lines.append(
                f"| {name} | {figures['rps']:.0f} | {figures['ratio_to_ceiling']:.1%} of "
                f"{figures['adjacent_ceiling_rps']:.0f} | {f'{target:.0%}' if target else ''} | "
                f"{figures['p50_ms']:.1f} | {figures['p95_ms']:.1f} | {figures['p99_ms']:.1f} | {figures['errors']} |"
            )
        load = part.get("load")
        if load:
            lines += [
                "",
                f"**Load**: {LOAD_CONNECTIONS} connections searching for {LOAD_DURATION} s (different searches): "
                f"{load['requests']:,} requests, {load['rps']:.0f} req/s, p50 {load['p50_ms']:.0f} ms, p95 "
                f"{load['p95_ms']:.0f} ms, p99 {load['p99_ms']:.0f} ms (target {LOAD_MAX_P99_MS}), "
                f"{load['errors']} errors, {load['timeouts']} timeouts.",
            ]
    lines += ["", "Targets: " + ("all met" if not report["failures"] else "MISSED: " + "; ".join(report["failures"]))]
    return "\n".join(lines) + "\n"


def main():
    started = time.monotonic()
    check_services()
    report = {"machine": machine(), "connections": CONNECTIONS, "duration_s": DURATION}
    if "postgres" in PARTS:
        report["postgres"] = postgres_part()
    if "default" in PARTS or "load" in PARTS:
        report["default_stack"] = default_stack_part(with_load="load" in PARTS)
    report["failures"] = [
        failure for key in ("postgres", "default_stack") for failure in report.get(key, {}).get("failures", [])
    ]
    report["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["elapsed_s"] = round(time.monotonic() - started)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(markdown(report))
    print(markdown(report))
    log(f"done in {report['elapsed_s']} s; results in {RESULTS.relative_to(ROOT)}/latest.json and latest.md")
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
