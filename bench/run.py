"""``make bench``: the portal at scale, measured against the budgets of issue 17.

Builds (or reuses) the dataset with ``seed_demo --scale N`` in ``BENCH_DATABASE_URL``,
serves the portal with gunicorn as docker-compose does (3 workers, DEBUG off, cached
templates, Redis cache), loads each page from this process with a fixed number of
keep-alive clients for a fixed time (after the same load for ``--warm`` seconds, not
counted, so that every worker has served the page before), times the background jobs in
processes of their own, prints one table with each budget's pass/miss, and writes the
same figures as JSON.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/scn_bench python bench/run.py
    python bench/run.py --scale 500 --duration 1   # the quick check CI runs

The load comes from wrk (``bench/wrk.lua`` reports its percentiles) where it is installed,
else from Python threads in this process. Either runs on the same machine and takes CPU
from the server, the Python threads several times more than wrk, so their figures are
the more pessimistic; the table says which measured. The ratio to the floor (a minimal
page measured in the same run) is the figure that means the same on a noisy machine.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")

PUBLIC, API, PORTAL, ADMIN = "public", "api", "portal", "admin"
# The work queue is kept per person for WORKQUEUE_CACHE_SECONDS, so under load the bench
# measures it as staff meet it; what it costs to count it again ("Count again", or the
# first visit after the seconds pass, or after one's own change) is shown beside it.
COUNTED_AFRESH = "staff work queue, counted afresh"


def targets(prepared: dict) -> list[dict]:
    """Every page measured: (kind, name, path, persona, extra headers)."""
    city, minutes = prepared["city"], prepared["minutes"]
    rows = [
        (PUBLIC, "floor", "/bench/floor/", None),
        (PUBLIC, "home", "/en/", None),
        (PUBLIC, "directory page 1", "/en/cities/", None),
        (PUBLIC, "directory filtered", "/en/cities/?region=europe&kind=city", None),
        (PUBLIC, "directory search (en)", "/en/cities/?q=Synthetic+01234", None),
        (PUBLIC, "directory search (ar)", "/ar/cities/?q=" + quote("اصطناعية 01234"), None),
        (PUBLIC, "directory deep page", "/en/cities/?page=999", None),
        (PUBLIC, "feed.json (gzip)", "/en/cities/feed.json", None),
        (PUBLIC, "ISC members", "/en/isc/", None),
        (PUBLIC, "ISC terms of reference", "/en/isc/terms-of-reference/", None),
        (PUBLIC, "minutes list", "/en/isc/minutes/", None),
    ]
    if city:
        rows.append((PUBLIC, "city profile", f"/en/cities/{city}/", None))
    if minutes:
        rows.append((PUBLIC, "minutes", f"/en/isc/minutes/{minutes}/", None))
    rows += [
        (PUBLIC, "calendar of activities", "/en/activities/", None),
        (PUBLIC, "regional hubs", "/en/hubs/", None),
        (PUBLIC, "funding transparency", "/en/funding/transparency/", None),
        (PUBLIC, "network at a glance", "/en/network-at-a-glance/", None),
        (PUBLIC, "resources", "/en/resources/", None),
        (PUBLIC, "resource search, common (en)", "/en/resources/?q=prevention", None),
        (PUBLIC, "resource search, rare (en)", "/en/resources/?q=ombudsperson", None),
        (PUBLIC, "resource search (ar)", "/ar/resources/?q=" + quote("التطرف"), None),
        (API, "api cities", "/api/v1/cities/", None),
        (API, "api resources", "/api/v1/resources/", None),
        (API, "api resource search", "/api/v1/resources/?q=prevention", None),
        (API, "api activities", "/api/v1/activities/", None),
        (API, "api ISC members", "/api/v1/isc-members/", None),
        (API, "api minutes", "/api/v1/minutes/", None),
        (API, "api funding", "/api/v1/funding/", None),
        (PORTAL, "dashboard (official)", "/en/dashboard/", "official"),
        (ADMIN, "admin local governments", "/en/admin/members/localgovernment/", "staff"),
        (
            ADMIN,
            "admin local governments filtered",
            "/en/admin/members/localgovernment/?kind__exact=rural&membership__status__exact=member",
            "staff",
        ),
        (
            ADMIN,
            "admin local governments search",
            "/en/admin/members/localgovernment/?q=rab",
            "staff",
        ),
        (ADMIN, "admin memberships", "/en/admin/members/membership/", "staff"),
        (ADMIN, "admin applications", "/en/admin/members/application/", "staff"),
        (ADMIN, "admin people", "/en/admin/members/person/", "staff"),
        (ADMIN, "staff work queue", "/en/staff/work/", "staff"),
        (ADMIN, COUNTED_AFRESH, "/en/staff/work/?fresh=1", "staff"),
        (ADMIN, "admin activities", "/en/admin/hubs/activity/", "staff"),
        (ADMIN, "admin registrations", "/en/admin/hubs/registration/", "staff"),
        (ADMIN, "admin help-desk requests (staff page)", "/en/hubs/staff/help/", "staff"),
        (ADMIN, "admin contributions", "/en/admin/funding/contribution/", "staff"),
        (ADMIN, "admin fund applications", "/en/admin/funding/fundapplication/", "staff"),
        (ADMIN, "admin resources", "/en/admin/resources/resource/", "staff"),
    ]
    if city:
        rows += [
            (PORTAL, "help desk (official)", f"/en/hubs/portal/{city}/help/", "official"),
            (PORTAL, "city page (official)", f"/en/portal/cities/{city}/", "official"),
        ]
    rows.append((PORTAL, "fund (official)", "/en/fund/", "official"))
    return [
        {"kind": kind, "name": name, "path": path, "persona": persona}
        for kind, name, path, persona in rows
    ]


# --- Load ------------------------------------------------------------------------------


WRK_SCRIPT = ROOT / "bench" / "wrk.lua"


def load_with_wrk(port: int, path: str, headers: dict, *, clients: int, seconds: float) -> dict:
    """``clients`` keep-alive connections of wrk requesting ``path`` for ``seconds`` (whole
    seconds, at least one: wrk takes no fraction)."""
    duration = max(1, round(seconds))
    command = ["wrk", f"-t{min(2, clients)}", f"-c{clients}", f"-d{duration}s", "--timeout", "120s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}{path}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = re.search(r"^BENCH_FIGURES (.*)$", output, re.M)
    if found is None:
        raise SystemExit(f"wrk gave no figures for {path}:\n{output}")
    figures = json.loads(found.group(1))
    served = figures["requests"]

    def ms(microseconds: int) -> float | None:
        return round(microseconds / 1000, 1) if served else None

    return {
        "requests": served,
        "p50_ms": ms(figures["p50_us"]),
        "p95_ms": ms(figures["p95_us"]),
        "p99_ms": ms(figures["p99_us"]),
        "rps": round(served / (figures["duration_us"] / 1e6), 1),
        "errors": figures["errors"],
    }


def load(port: int, path: str, headers: dict, *, clients: int, seconds: float) -> dict:
    """``clients`` keep-alive connections requesting ``path`` for ``seconds``, each a
    Python thread of this process."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        mine, failed = [], 0
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                continue
            mine.append(time.perf_counter() - started)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    latencies.sort()

    def pct(p: float) -> float | None:
        if not latencies:
            return None
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000, 1)

    return {
        "requests": len(latencies),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "rps": round(len(latencies) / elapsed, 1),
        "errors": errors[0],
    }


def soak(port: int, requests: list[tuple[str, dict]], *, total: int, clients: int, server) -> dict:
    """``total`` requests spread over every page (round robin, ``clients`` at a time); each
    worker's memory after the first 100 and after all of them."""
    jobs = [requests[n % len(requests)] for n in range(total)]
    counter = iter(range(total))
    lock = threading.Lock()
    errors = [0]

    def client(limit: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                n = next(counter, None)
            if n is None or n >= limit:
                break
            path, headers = jobs[n]
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                errors[0] += response.status >= 400
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        connection.close()

    def run(limit: int):
        threads = [threading.Thread(target=client, args=(limit,)) for _ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    run(100)
    workers = worker_pids(server.pid)
    after_100 = {pid: rss_mb(pid) for pid in workers}
    counter = iter(range(100, total))
    run(total)
    after_all = {pid: rss_mb(pid) for pid in workers if Path(f"/proc/{pid}").exists()}
    growth = [100 * (after_all[p] - after_100[p]) / after_100[p] for p in after_all]
    return {
        "requests": total,
        "after_100_mb": after_100,
        "after_all_mb": after_all,
        "growth_percent": max(growth) if growth else None,
        "errors": errors[0],
    }


def one_request(port: int, path: str, headers: dict) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


# --- The server and its workers ---------------------------------------------------------


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    # The server's log goes to a file: a pipe nobody reads fills up (64 KB) and then
    # blocks every worker on its next log line, which stalls the whole run.
    log_file = open(log, "wb")  # open as long as the server runs
    server = subprocess.Popen(
        [
            GUNICORN,
            "scn_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if one_request(port, "/bench/floor/", {"X-Forwarded-Proto": "https"}) == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s: " + log.read_text()[-4000:])


# --- Steps ------------------------------------------------------------------------------


def manage(env: dict, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - started


def job(env: dict, name: str) -> dict:
    done = subprocess.run(
        [PYTHON, "-m", "bench.jobs", name],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def environment(args) -> dict:
    database = os.environ.get("BENCH_DATABASE_URL")
    if not database:
        raise SystemExit("Set BENCH_DATABASE_URL (a PostgreSQL database for the scale data).")
    return {
        **os.environ,
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
        "CELERY_BROKER_URL": "",
        "ADMIN_REQUIRES_MFA": "0",
        # Every client of the load comes from one address: the API's rate limit for an
        # address would answer most of them 429 and measure nothing.
        "API_ANON_RATE": "1000000/minute",
        "ISC_REQUIRES_MFA": "0",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(args.out / "static"),
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "PYTHONPATH": str(ROOT),
    }


# --- Budgets ----------------------------------------------------------------------------


def budgets(pages: list[dict], jobs: dict, memory: dict) -> list[tuple[str, bool | None, str]]:
    floor = next(p for p in pages if p["name"] == "floor")
    rows = []
    for page in pages:
        if page["name"] == "floor" or page["p95_ms"] is None:
            continue
        limit = 400 if page["kind"] == ADMIN else 150
        if page["errors"]:
            rows.append((f"{page['name']}: no errors", False, str(page["errors"])))
        if page["name"] == COUNTED_AFRESH:
            rows.append((f"{page['name']}: p95 (shown, not judged)", None, f"{page['p95_ms']} ms"))
            continue
        rows.append(
            (f"{page['name']}: p95 < {limit} ms", page["p95_ms"] < limit, f"{page['p95_ms']} ms")
        )
        searched = page["kind"] != ADMIN and (
            page["name"].startswith("directory") or "search" in page["name"]
        )
        if searched and floor["p50_ms"]:
            ratio = page["p50_ms"] / floor["p50_ms"]
            rows.append((f"{page['name']}: p50 within 3x the floor", ratio <= 3, f"{ratio:.1f}x"))
    sweep = jobs.get("reminder_sweep", {}).get("result") or {}
    if sweep:
        rows.append(
            (
                "reminder sweep: each task under 60 s",
                sweep["longest_task_seconds"] < 60,
                f"{sweep['sent']} sent in {sweep['tasks']} task(s), longest "
                f"{sweep['longest_task_seconds']:.1f} s",
            )
        )
    summit = jobs.get("summit_invitations", {}).get("result") or {}
    if summit:
        rows.append(
            (
                "summit invitations: each task under 60 s",
                summit["longest_task_seconds"] < 60 and summit["invite_seconds"] < 60,
                f"{summit['invited']} cities invited in {summit['invite_seconds']:.1f} s, "
                f"{summit['tasks']} task(s), longest {summit['longest_task_seconds']:.1f} s",
            )
        )
    for name, limit in (
        ("csv_export", 15),
        ("rescreen", 60),
        ("certificate_pdf", 2),
        ("annual_report", 30),
    ):
        if name in jobs:
            seconds = jobs[name]["seconds"]
            rows.append(
                (
                    f"{name}: under {limit} s",
                    seconds < limit,
                    f"{seconds:.1f} s, peak {jobs[name]['peak_rss_mb']:.0f} MB",
                )
            )
    soaked = memory.get("soak") or {}
    if soaked.get("growth_percent") is not None:
        rows.append(
            (
                f"worker memory after {soaked['requests']} requests at most 20 % above after 100",
                soaked["growth_percent"] <= 20,
                f"{soaked['growth_percent']:.0f} % ({soaked['errors']} errors)",
            )
        )
    if memory.get("growth_percent") is not None and not soaked:
        # Measured from the warm pass (each page once), when a worker may have served a
        # handful of requests: its figure includes the warm-up, so it is shown, not judged.
        growth = memory["growth_percent"]
        rows.append(
            (
                "worker memory over the pages (warm-up included; --soak judges it)",
                None,
                f"{growth:.0f} % over {memory['requests']} requests",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=25_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per page")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the dataset as it is")
    parser.add_argument("--skip-jobs", action="store_true", help="pages only")
    parser.add_argument(
        "--load",
        choices=("wrk", "python"),
        default="wrk" if shutil.which("wrk") else "python",
        help="what sends the requests (default: wrk where it is installed)",
    )
    parser.add_argument(
        "--only",
        default=None,
        help="measure only the pages whose name matches this regular expression (and the floor)",
    )
    parser.add_argument(
        "--warm",
        type=float,
        default=1.0,
        help="seconds of the same load on each page before it is measured, not counted",
    )
    parser.add_argument(
        "--soak",
        type=int,
        default=0,
        help="then N requests over every page: worker memory after 100 and after N",
    )
    args = parser.parse_args()
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    args.out = args.out or ROOT / "var" / "bench" / stamp
    args.out.mkdir(parents=True, exist_ok=True)
    env = environment(args)

    setup = {"migrate_s": manage(env, "migrate", "--no-input", "-v0")}
    if not args.skip_seed:
        # The bench serves in production mode, where demo data must be asked for explicitly.
        setup["seed_s"] = manage(env, "seed_demo", "--scale", str(args.scale), "--allow-production")
    manage(env, "collectstatic", "--no-input", "-v0")
    prepared = job(env, "prepare")["result"]

    server = start_server(env, args.port, args.workers, args.out / "gunicorn.log")
    pages, memory = [], {}
    try:
        base = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
        cookies = {p: f"sessionid={key}" for p, key in prepared["sessions"].items()}
        plan = targets(prepared)
        if args.only:
            plan = [t for t in plan if t["name"] == "floor" or re.search(args.only, t["name"])]

        def headers(target: dict) -> dict:
            persona = target["persona"]
            return {**base, "Cookie": cookies[persona]} if persona else base

        for target in plan:  # warm: each page once (caches, templates, connections)
            one_request(args.port, target["path"], headers(target))
        workers = worker_pids(server.pid)
        before = {pid: rss_mb(pid) for pid in workers}
        served = 0
        measure = load_with_wrk if args.load == "wrk" else load
        for target in plan:
            if args.warm > 0:
                # Every worker serves the page a few times first (its templates compiled,
                # its statements prepared, what it keeps kept), as a server that has run
                # for a while has: a worker's first visits are not the steady state the
                # budgets judge, yet in a run of a few seconds they would be its slowest
                # 5 %. Worker memory is judged separately (--soak), warm-up included.
                measure(
                    args.port,
                    target["path"],
                    headers(target),
                    clients=args.clients,
                    seconds=args.warm,
                )
            figures = measure(
                args.port,
                target["path"],
                headers(target),
                clients=args.clients,
                seconds=args.duration,
            )
            served += figures["requests"]
            pages.append({**target, **figures})
            print(
                f"  {target['name']:<36} p50 {figures['p50_ms']} ms  p95 {figures['p95_ms']} ms",
                flush=True,
            )
        after = {pid: rss_mb(pid) for pid in workers if Path(f"/proc/{pid}").exists()}
        growth = [100 * (after[p] - before[p]) / before[p] for p in after if before.get(p)]
        memory = {
            "before_mb": before,
            "after_mb": after,
            "requests": served,
            "growth_percent": max(growth) if growth else None,
        }
        if args.soak:
            print(f"  soak: {args.soak} requests over every page", flush=True)
            memory["soak"] = soak(
                args.port,
                [(t["path"], headers(t)) for t in plan if t["name"] != "floor"],
                total=args.soak,
                clients=args.clients,
                server=server,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    jobs = (
        {}
        if args.skip_jobs
        else {
            name: job(env, name)
            for name in (
                "feed_build",
                "csv_export",
                "rescreen",
                "reminder_sweep",
                "summit_invitations",
                "certificate_pdf",
                "annual_report",
            )
        }
    )
    floor = next(p for p in pages if p["name"] == "floor")["p50_ms"] or 1
    for page in pages:
        page["ratio_to_floor"] = round(page["p50_ms"] / floor, 1) if page["p50_ms"] else None
    results = {
        "date": stamp,
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "scale": args.scale,
        "clients": args.clients,
        "duration_s": args.duration,
        "warm_s": args.warm,
        "load": args.load,
        "setup": setup,
        "pages": pages,
        "jobs": jobs,
        "worker_memory": memory,
        "budgets": [
            {"budget": b, "pass": ok, "figure": f} for b, ok, f in budgets(pages, jobs, memory)
        ],
    }
    (args.out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print_table(results)
    print(f"\nFigures written to {args.out / 'results.json'}")
    # A budget missed is a figure to read; a page that fails under load is a defect.
    failed = [p["name"] for p in pages if p["errors"]]
    if failed:
        raise SystemExit("Pages answered errors under load: " + ", ".join(failed))


def print_table(results: dict) -> None:
    load1, load5, _load15 = results["load_average"]
    print(
        f"\nscn-portal bench {results['date']}  scale {results['scale']}  "
        f"{results['clients']} clients ({results.get('load', 'python')}) "
        f"x {results['duration_s']} s (warmed {results.get('warm_s', 0)} s)  "
        f"load {load1:.2f}/{load5:.2f}  {results['cpus']} CPUs"
    )
    print(f"{'page':<36} {'p50':>8} {'p95':>8} {'p99':>8} {'req/s':>8} {'err':>5} {'/floor':>7}")
    for p in results["pages"]:
        print(
            f"{p['name']:<36} {p['p50_ms'] or '-':>8} {p['p95_ms'] or '-':>8} "
            f"{p['p99_ms'] or '-':>8} {p['rps']:>8} {p['errors']:>5} "
            f"{p['ratio_to_floor'] or '-':>7}"
        )
    for name, figures in results["jobs"].items():
        print(
            f"job {name:<32} {figures['seconds']:.1f} s, peak {figures['peak_rss_mb']:.0f} MB, "
            f"{figures['result']}"
        )
    print("\nbudget" + " " * 54 + "result  figure")
    for row in results["budgets"]:
        verdict = {True: "pass", False: "MISS", None: "info"}[row["pass"]]
        print(f"{row['budget']:<60} {verdict:<7} {row['figure']}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
