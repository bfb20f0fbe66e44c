"""`make bench`: the catalog at 100,000 synthetic programs, served by gunicorn and loaded with wrk (issue 9).

1. Creates a separate PostgreSQL database (BENCH_DATABASE_URL, default medcoding_bench), migrates it and
   generates 100,000 clearly synthetic programs across 6,000 schools from one seed (generate_bench_data);
   occupations and credentials are the real bundled ones.
2. Counts each page's SQL queries and compressed size in-process, with the page cache off (a cold cache).
3. Serves the app with gunicorn (debug off, persistent database connections, Redis cache at BENCH_REDIS_URL)
   and runs wrk against each URL, 8 connections for 20 s, plus a bare view returning a fixed string in the same
   gunicorn: the ceiling. A second, shorter pass with the page cache off shows what rendering costs.
4. Writes bench-results/latest.json and bench-results/latest.md, and exits 1 when a target is missed.

Run with `make bench`; `BENCH_DURATION`, `BENCH_CONNECTIONS`, `BENCH_PROGRAMS`, `BENCH_SCHOOLS` and
`BENCH_SKIP_GENERATE=1` (reuse the database of a previous run) change it.
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
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
RESULTS = ROOT / "bench-results"
PYTHON = sys.executable
BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/medcoding_bench")
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
PORT = int(os.environ.get("BENCH_PORT", "8777"))
DURATION = int(os.environ.get("BENCH_DURATION", "20"))
# A short run of the ceiling just before each page, for that page's ratio.
CEILING_CHECK = int(os.environ.get("BENCH_CEILING_CHECK", "5"))
UNCACHED_DURATION = int(os.environ.get("BENCH_UNCACHED_DURATION", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
PROGRAMS = int(os.environ.get("BENCH_PROGRAMS", "100000"))
SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", "6000"))
SEED = int(os.environ.get("BENCH_SEED", "2026"))
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))

# The targets of issue 9, checked on every run.
MAX_QUERIES = 6
MAX_PAGE_BYTES = 60 * 1024
SEARCH_MIN_RATIO = 0.25
SEARCH_MAX_P95_MS = 50
PROGRAM_MIN_RATIO = 0.40


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


def measure_in_process(env):
    """Query count and compressed size per URL, cold cache, from a separate process on the bench database."""
    code = "import json, sys; from tests.bench.pages import measure_pages; json.dump(measure_pages(), sys.stdout)"
    result = subprocess.run(
        [PYTHON, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def start_gunicorn(env):
    process = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
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


def run_wrk(path, duration):
    result = subprocess.run(
        [
            "wrk",
            f"--threads={min(2, CONNECTIONS)}",
            f"--connections={CONNECTIONS}",
            f"--duration={duration}s",
            "--timeout=10s",
            "--header=Accept-Encoding: gzip",
            f"--script={ROOT / 'tests' / 'bench' / 'report.lua'}",
            f"http://127.0.0.1:{PORT}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
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
        "transfer_bytes_per_request": round(figures["bytes"] / max(figures["requests"], 1)),
    }


def load_pass(pages, duration, label):
    """wrk on the ceiling and every page, one after another, against the running gunicorn.

    Each page's ratio is to a short ceiling run made just before it, so a change in the machine's load during
    the run (other processes, CPU frequency) moves both sides of the ratio alike.
    """
    results = {}
    for name, path in [("ceiling", "/bench/ceiling/"), *pages]:
        status, headers, _ = fetch(path)  # fills the cache
        if status != 200:
            sys.exit(f"{path} answered {status}")
        if name != "ceiling":
            log(f"{label}: wrk {CONNECTIONS} connections, {CEILING_CHECK} s: ceiling, just before {name}")
            adjacent = run_wrk("/bench/ceiling/", CEILING_CHECK)["rps"]
        log(f"{label}: wrk {CONNECTIONS} connections, {duration} s: {name} {path[:90]}")
        figures = results[name] = {"path": path, **run_wrk(path, duration)}
        figures["adjacent_ceiling_rps"] = figures["rps"] if name == "ceiling" else adjacent
        figures["ratio_to_ceiling"] = round(figures["rps"] / figures["adjacent_ceiling_rps"], 3)
        log(
            f"   {figures['rps']:8.1f} req/s "
            f"({figures['ratio_to_ceiling']:.0%} of {figures['adjacent_ceiling_rps']:.0f})  "
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


def check_targets(cached, measured):
    failures = []
    for name, figures in cached.items():
        if figures["errors"]:
            failures.append(f"{name}: {figures['errors']} errors")
    search, program = cached["search"], cached["program"]
    if search["ratio_to_ceiling"] < SEARCH_MIN_RATIO:
        failures.append(f"search: {search['ratio_to_ceiling']:.0%} of the ceiling, target {SEARCH_MIN_RATIO:.0%}")
    if search["p95_ms"] > SEARCH_MAX_P95_MS:
        failures.append(f"search: p95 {search['p95_ms']} ms, target {SEARCH_MAX_P95_MS} ms")
    if program["ratio_to_ceiling"] < PROGRAM_MIN_RATIO:
        failures.append(f"program: {program['ratio_to_ceiling']:.0%} of the ceiling, target {PROGRAM_MIN_RATIO:.0%}")
    for name, figures in measured.items():
        if figures["queries"] > MAX_QUERIES:
            failures.append(f"{name}: {figures['queries']} SQL queries, target {MAX_QUERIES}")
        if figures["transfer_bytes"] > MAX_PAGE_BYTES:
            failures.append(f"{name}: {figures['transfer_bytes']} bytes, target {MAX_PAGE_BYTES}")
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
        "gunicorn_workers": WORKERS,
    }


def markdown(report):
    lines = [
        f"# Benchmark, {report['finished']}",
        "",
        f"{report['programs']:,} synthetic programs across {report['schools']:,} synthetic schools (seed {SEED}); "
        f"wrk, {CONNECTIONS} connections, {DURATION} s per URL; gunicorn {WORKERS} sync workers, debug off, "
        "persistent connections, Redis page cache.",
        "",
        "Machine: " + ", ".join(f"{key} {value}" for key, value in report["machine"].items() if value),
        "",
        "| page | req/s | of ceiling (run just before) | p50 ms | p95 ms | p99 ms | errors | queries (cold) "
        "| KB (gzip, +CSS/JS) | uncached req/s | uncached p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, figures in report["cached"].items():
        measured = report["measured"].get(name, {})
        uncached = report["uncached"].get(name, {})
        lines.append(
            f"| {name} | {figures['rps']:.0f} "
            f"| {figures['ratio_to_ceiling']:.0%} of {figures['adjacent_ceiling_rps']:.0f} | {figures['p50_ms']:.1f} "
            f"| {figures['p95_ms']:.1f} | {figures['p99_ms']:.1f} | {figures['errors']} "
            f"| {measured.get('queries', '')} | "
            + (f"{measured['transfer_bytes'] / 1024:.1f}" if measured else "")
            + f" | {uncached.get('rps', '')} | {uncached.get('p95_ms', '')} |"
        )
    lines += ["", "Static files (as the home page links them):", ""]
    for path, figures in report["static_files"].items():
        lines.append(
            f"- `{path}`: {figures['content_encoding']}, {figures['transfer_bytes']:,} bytes, "
            f"`Cache-Control: {figures['cache_control']}`"
        )
    lines += ["", "Targets: " + ("all met" if not report["failures"] else "MISSED: " + "; ".join(report["failures"]))]
    return "\n".join(lines) + "\n"


def main():
    started = time.monotonic()
    check_services()
    env = base_env()
    if os.environ.get("BENCH_SKIP_GENERATE") != "1":
        log(f"creating the benchmark database {urlsplit(BENCH_DATABASE_URL).path.lstrip('/')}")
        recreate_database()
        manage("migrate", "--noinput", "-v", "0", env=env)
        log(f"generating {PROGRAMS:,} synthetic programs across {SCHOOLS:,} schools (seed {SEED})")
        manage(
            "generate_bench_data",
            f"--programs={PROGRAMS}",
            f"--schools={SCHOOLS}",
            f"--seed={SEED}",
            env=env,
        )
        # The search-vector pass rewrites every row: vacuum so the benchmark does not read dead rows.
        vacuum_analyze()
    manage("collectstatic", "--noinput", "-v", "0", env=env)

    log("counting queries and bytes per page (page cache off)")
    measured = measure_in_process(base_env(DJANGO_PAGE_CACHE_SECONDS="0"))
    pages = [(name, figures["path"]) for name, figures in measured.items()]

    redis_env = {"REDIS_URL": BENCH_REDIS_URL, "DJANGO_CACHE_KEY_PREFIX": f"bench{SEED}", "DJANGO_CONN_MAX_AGE": "600"}
    import redis

    redis.Redis.from_url(BENCH_REDIS_URL).flushdb()
    server = start_gunicorn(base_env(**redis_env))
    try:
        static = check_static_files()
        # A page's weight: its compressed HTML plus the stylesheet and script as the server sent them.
        static_bytes = sum(figures["transfer_bytes"] for figures in static.values())
        for figures in measured.values():
            figures["transfer_bytes"] = figures["html_gzip_bytes"] + static_bytes
            log(f"   {figures['queries']} queries, {figures['transfer_bytes'] / 1024:.1f} KB: {figures['path'][:90]}")
        cached = load_pass(pages, DURATION, "page cache on")
    finally:
        stop(server)
    server = start_gunicorn(base_env(**redis_env, DJANGO_PAGE_CACHE_SECONDS="0"))
    try:
        uncached = load_pass(pages, UNCACHED_DURATION, "page cache off") if UNCACHED_DURATION else {}
    finally:
        stop(server)

    report = {
        "finished": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "programs": PROGRAMS,
        "schools": SCHOOLS,
        "seed": SEED,
        "connections": CONNECTIONS,
        "duration_s": DURATION,
        "machine": machine(),
        "measured": measured,
        "cached": cached,
        "uncached": uncached,
        "static_files": static,
        "failures": check_targets(cached, measured) + check_static(static),
        "elapsed_s": round(time.monotonic() - started),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "latest.md").write_text(markdown(report))
    print(markdown(report))
    log(f"done in {report['elapsed_s']} s; results in {RESULTS.relative_to(ROOT)}/latest.json and latest.md")
    return 1 if report["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
