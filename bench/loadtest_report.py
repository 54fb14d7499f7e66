"""The load test's report from Locust's CSV files: throughput, p50/p95/p99 per endpoint, errors.

    .venv/bin/python bench/loadtest_report.py var/loadtest/locust [var/loadtest/access.log]

Reads PREFIX_stats.csv (and PREFIX_failures.csv), prints one table and the verdict against the
targets of issue #14 (docs/performance.md). With gunicorn's access log written in the format
scripts/loadtest.sh sets (the request line, the status, then the milliseconds gunicorn spent), it
also prints the time spent inside the app per endpoint: the difference to Locust's figures is time
waiting for a free worker. Exit status 1 when any request failed.
"""

import csv
import re
import statistics
import sys
from pathlib import Path

P95_TARGET_MS = 300
# signing renders and stores the decision PDF in its transaction
SIGNING = "/api/v1/tasks/[id]/complete/ approve"
SIGNING_P95_TARGET_MS = 800
# PBKDF2 at Django's 1,000,000 iterations, once per user when it starts: slow by design
LOGIN = "/api/v1/auth/token/"
HTTP_TYPES = {"GET", "POST", "PUT", "PATCH", "DELETE"}


def _rows(path: Path) -> list[dict]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def _ms(value: str) -> str:
    return f"{float(value):,.0f}" if value not in ("", "N/A") else "—"


def report(prefix: str) -> int:
    rows = _rows(Path(f"{prefix}_stats.csv"))
    http = [r for r in rows if r["Type"] in HTTP_TYPES]
    refused = [r for r in rows if r["Type"] == "REFUSED"]
    idle = [r for r in rows if r["Type"] == "IDLE"]
    requests = sum(int(r["Request Count"]) for r in http)
    failures = sum(int(r["Failure Count"]) for r in http)
    throughput = sum(float(r["Requests/s"]) for r in http)
    lines = [
        f"{'endpoint':<52} {'requests':>8} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6}  target",
    ]
    missed = []
    for r in sorted(http, key=lambda r: r["Name"]):
        name = f"{r['Type']} {r['Name']}"
        if r["Name"] == SIGNING:
            target = SIGNING_P95_TARGET_MS
        elif r["Name"] == LOGIN:
            target = None
        else:
            target = P95_TARGET_MS
        p95 = float(r["95%"]) if r["95%"] not in ("", "N/A") else 0.0
        verdict = "login (PBKDF2)" if target is None else f"<= {target}"
        if target is not None and p95 > target:
            verdict += " MISSED"
            missed.append(name)
        lines.append(
            f"{name[:52]:<52} {r['Request Count']:>8} {r['Failure Count']:>5} "
            f"{_ms(r['50%']):>6} {_ms(r['95%']):>6} {_ms(r['99%']):>6}  {verdict}"
        )
    print("\n".join(lines))
    print()
    print(
        f"HTTP requests: {requests:,}, throughput {throughput:.1f} requests/s, failures {failures}"
    )
    if refused:
        told = ", ".join(f"{r['Name']}: {r['Request Count']}" for r in refused)
        print(f"refused by the rules (not failures): {told}")
    if idle:
        told = ", ".join(f"{r['Name']}: {r['Request Count']}" for r in idle)
        print(f"found no work (the backlog ran out, if many): {told}")
    failures_path = Path(f"{prefix}_failures.csv")
    if failures and failures_path.exists():
        for r in _rows(failures_path)[:10]:
            print(f"  failed: {r['Method']} {r['Name']} x{r['Occurrences']}: {r['Error'][:200]}")
    print()
    print(f"errors: {'0 (target met)' if failures == 0 else f'{failures} (target: 0) MISSED'}")
    print(
        "p95 targets: "
        + ("all met" if not missed else "MISSED for " + ", ".join(missed))
        + f" (<= {P95_TARGET_MS} ms; signing <= {SIGNING_P95_TARGET_MS} ms; login reported only)"
    )
    return 1 if failures else 0


ACCESS_LINE = re.compile(
    r'"(?P<method>[A-Z]+) (?P<path>\S+) [^"]*" (?P<status>\d{3}) (?P<ms>\d+)ms'
)


def server_times(access_log: str) -> None:
    """p50/p95 of the time gunicorn spent per endpoint (ids and query strings folded)."""
    times: dict[str, list[int]] = {}
    for line in Path(access_log).read_text(errors="replace").splitlines():
        match = ACCESS_LINE.search(line)
        if not match:
            continue
        path = re.sub(r"/\d+/", "/[id]/", match["path"].split("?")[0])
        times.setdefault(f"{match['method']} {path}", []).append(int(match["ms"]))
    if not times:
        return
    print()
    print(f"time inside the app (gunicorn), ms: {'endpoint':<45} {'n':>6} {'p50':>6} {'p95':>6}")
    for name, values in sorted(times.items()):
        values.sort()
        p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
        print(
            f"{'':<36}{name[:45]:<45} {len(values):>6} {statistics.median(values):>6.0f} {p95:>6}"
        )


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    status = report(sys.argv[1])
    if len(sys.argv) == 3 and Path(sys.argv[2]).exists():
        server_times(sys.argv[2])
    sys.exit(status)
