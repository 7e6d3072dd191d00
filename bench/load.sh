#!/usr/bin/env bash
# Load test: gunicorn with the production settings on this machine, driven by wrk.
#
#   bench/load.sh                 # about two minutes; DURATION=5 ROUNDS=3 by default
#
# What it does, in a scratch directory (mktemp, removed on exit with everything it started):
# - a scratch SQLite database, unless DATABASE_URL is already set: then that database is used
#   and gets the demo content (with its public demo passwords) and the two bench posts, so
#   never point it at a real site;
# - migrate, load_demo --force, collectstatic into a scratch STATIC_ROOT, then
#   bench/load_seed.py: a post with 100 published comments and an article with the same
#   body and no comments; update_index (search indexing is a task for db_worker, which
#   does not run here);
# - two gunicorn servers, `gunicorn mrblogg.wsgi -w 2` each, DEBUG off, WhiteNoise serving
#   the static files:
#     "cached"   mrblogg.settings.production as it is (the page cache in local memory, or
#                Redis when REDIS_URL is set);
#     "uncached" the same with the "pages" cache set to Django's DummyCache.
#   The settings module is a three-line wrapper written into the scratch directory (below):
#   production, plus the scratch STATIC_ROOT and MEDIA_ROOT, plus (uncached server only) the
#   DummyCache. Why a second server rather than a trick on the request: the page cache keys
#   on the URL and the varying headers, so a query string or a cookie would only add one
#   more stored copy (and the cost of storing it), and a logged-in reader gets a different,
#   personal page. With DummyCache the same middleware runs and nothing is kept.
# - every request says `X-Forwarded-Proto: https`, as production's TLS-terminating proxy
#   does (production.py trusts that header, SECURE_PROXY_SSL_HEADER): nothing is redirected
#   to https and the responses carry the same headers (HSTS too) as in production; no setting
#   is switched off for the test. Requests also send a browser's Accept-Encoding.
# - wrk -t1 -c4 -d${DURATION}s --latency on each target, interleaved, ROUNDS rounds (after a
#   one-second warm-up of each, which also fills the page cache of both workers);
#   server CPU from /proc/<pid>/stat (utime+stime of the gunicorn master and its workers)
#   before and after each run, divided by the requests wrk counted.
# Prints the median of the rounds per target and three ratios: of requests per second, and
# "by CPU" (the inverse ratio of server CPU per request, what the ratio of req/s would be on
# a server busy with that page alone; steadier when other processes share the cores).
# Bounded: each wrk run is killed after DURATION+10 s, each setup step after 300 s.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PY:-$ROOT/.venv/bin/python}
DURATION=${DURATION:-5}
ROUNDS=${ROUNDS:-3}
WRK=${WRK:-/usr/bin/wrk}
SEARCH_QUERY=${SEARCH_QUERY:-rättigheter}

if [ ! -x "$WRK" ]; then
  WRK=$(command -v wrk || true)
  [ -n "$WRK" ] || { echo "bench/load.sh needs wrk: apt-get install wrk" >&2; exit 2; }
fi
[ -x "$PY" ] || { echo "No virtualenv at $PY: run 'make install' first." >&2; exit 2; }

SCRATCH=$(mktemp -d /tmp/mrblogg-load.XXXXXX)
SERVER_PIDS=()
cleanup() {
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat >"$SCRATCH/bench_settings.py" <<'EOF'
import os

from mrblogg.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
if os.environ.get("BENCH_PAGE_CACHE") == "off":
    CACHES = {**CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
EOF

export PYTHONPATH="$SCRATCH:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export DJANGO_SETTINGS_MODULE=bench_settings
export BENCH_STATIC_ROOT="$SCRATCH/static" BENCH_MEDIA_ROOT="$SCRATCH/media"
export SECRET_KEY="load-bench-$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
export ALLOWED_HOSTS=127.0.0.1
export SITE_ADDRESS=https://127.0.0.1
if [ -n "${DATABASE_URL:-}" ]; then
  echo "database: DATABASE_URL from the environment (${DATABASE_URL%%://*})"
else
  export DATABASE_URL="sqlite:///$SCRATCH/db.sqlite3"
  echo "database: scratch SQLite"
fi

setup() {
  timeout 300 "$@" >>"$SCRATCH/setup.log" 2>&1 || {
    echo "failed: $*" >&2; tail -40 "$SCRATCH/setup.log" >&2; exit 1; }
}
echo "setting up (migrate, load_demo, collectstatic, seed, update_index) ..."
setup "$PY" manage.py migrate --noinput
# The demo's users have public passwords; they live only in this throwaway database.
setup "$PY" manage.py load_demo --force
setup "$PY" manage.py collectstatic --noinput
timeout 300 "$PY" bench/load_seed.py >"$SCRATCH/seed.out" 2>>"$SCRATCH/setup.log" || {
  echo "failed: bench/load_seed.py" >&2; tail -40 "$SCRATCH/setup.log" >&2; exit 1; }
# Search and reference indexing are tasks for `manage.py db_worker`, which does not run
# here: update_index does the search part at once.
setup "$PY" manage.py update_index
echo "set up in ${SECONDS}s"
POST=$(sed -n 's/^post=//p' "$SCRATCH/seed.out")
ARTICLE=$(sed -n 's/^article=//p' "$SCRATCH/seed.out")
STATIC=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["paths"]["css/site.css"])' \
  "$BENCH_STATIC_ROOT/staticfiles.json")

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_server() {  # name, page cache on|off -> sets PORT_<name>, PID_<name>
  local port; port=$(free_port)
  BENCH_PAGE_CACHE=$2 "$PY" -m gunicorn mrblogg.wsgi:application -w 2 -b "127.0.0.1:$port" \
    --log-level warning >"$SCRATCH/gunicorn-$1.log" 2>&1 &
  SERVER_PIDS+=($!)
  printf -v "PID_$1" %s $!
  printf -v "PORT_$1" %s "$port"
}
start_server cached on
start_server uncached off

HEADERS=(-H "X-Forwarded-Proto: https" -H "Accept-Encoding: gzip, deflate, br")
CURL=(curl -s --compressed --max-time 10 "${HEADERS[@]}")
for name in cached uncached; do
  port_var=PORT_$name
  url="http://127.0.0.1:${!port_var}/health/"
  for _ in $(seq 1 150); do
    [ "$("${CURL[@]}" "$url" 2>/dev/null || true)" = ok ] && break
    sleep 0.2
  done
  [ "$("${CURL[@]}" "$url" || true)" = ok ] || {
    echo "the $name server did not answer $url" >&2; tail -40 "$SCRATCH/gunicorn-$name.log" >&2; exit 1; }
done

# name|server|path -- the order is the order of each round.
C=http://127.0.0.1:$PORT_cached U=http://127.0.0.1:$PORT_uncached
Q=$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$SEARCH_QUERY")
TARGETS=(
  "static file|cached|$C/static/$STATIC"
  "health check|cached|$C/health/"
  "article|uncached|$U$ARTICLE"
  "post uncached|uncached|$U$POST"
  "post cached|cached|$C$POST"
  "index (uncached)|uncached|$U/"
  "search (uncached)|uncached|$U/sok/?q=$Q"
)

cpu_ticks() {  # utime+stime of a gunicorn master and its workers, in clock ticks
  local total=0 pid stat
  for pid in "$1" $(pgrep -P "$1" || true); do
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    stat=${stat##*) }        # after "pid (comm) ": field 3 (state) is $1, utime $12, stime $13
    set -- $stat
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

run() {  # label, server, url, duration, output file -> appends "label|ticks|file" to runs
  local pid_var=PID_$2 before after
  before=$(cpu_ticks "${!pid_var}")
  timeout $(($4 + 10)) "$WRK" -t1 -c4 -d"$4"s --timeout 5s --latency "${HEADERS[@]}" "$3" >"$5"
  after=$(cpu_ticks "${!pid_var}")
  echo "$1|$((after - before))|$5" >>"$SCRATCH/runs"
}

mkdir -p "$SCRATCH/wrk"
echo "warming up ..."
for t in "${TARGETS[@]}"; do
  IFS='|' read -r label server url <<<"$t"
  timeout 15 "$WRK" -t1 -c2 -d1s "${HEADERS[@]}" "$url" >/dev/null
done

# Check what is measured: 200s, the cached page comes from the cache (Age), the uncached
# never does, the post shows its comments, the search finds something.
check() {  # url, description, test on the headers+body file
  "${CURL[@]}" -i "$1" >"$SCRATCH/check" || true
  if ! grep -q "^HTTP/1.1 200" "$SCRATCH/check" || ! eval "$3"; then
    echo "check failed: $2 ($1)" >&2; head -20 "$SCRATCH/check" >&2; exit 1
  fi
}
check "$C/static/$STATIC" "static file" 'grep -qi "^content-encoding: \(br\|gzip\)" "$SCRATCH/check"'
check "$C$POST" "post served from the page cache" 'grep -qi "^age:" "$SCRATCH/check"'
check "$U$POST" "post not cached" '! grep -qi "^age:" "$SCRATCH/check"'
check "$U$POST" "post with 100 comments" \
  '[ "$(grep -o "Lasttest\|Karin i Skellefteå\|Ahmed, socialtjänsten\|Maja H\.\|Per, förvaltningschef\|Lena i Växjö" "$SCRATCH/check" | grep -vc Lasttest)" -ge 100 ]'
check "$U$ARTICLE" "article" 'grep -q "Lasttest" "$SCRATCH/check"'
check "$U/sok/?q=$Q" "search results" 'grep -q "$ARTICLE" "$SCRATCH/check"'

echo "measuring: ${#TARGETS[@]} targets x $ROUNDS rounds x ${DURATION}s (wrk -t1 -c4) ..."
LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
for round in $(seq 1 "$ROUNDS"); do
  i=0
  for t in "${TARGETS[@]}"; do
    IFS='|' read -r label server url <<<"$t"
    run "$label" "$server" "$url" "$DURATION" "$SCRATCH/wrk/$round-$i.txt"
    i=$((i + 1))
  done
done

LOAD_AFTER=$(cut -d' ' -f1 /proc/loadavg)

"$PY" - "$SCRATCH/runs" "$(getconf CLK_TCK)" "$(nproc)" "$DURATION" "$ROUNDS" \
  "$LOAD_BEFORE" "$LOAD_AFTER" <<'EOF'
import re
import statistics
import sys
from datetime import date

runs_file, clk_tck, cores, duration, rounds, load_before, load_after = (
    sys.argv[1], int(sys.argv[2]), *sys.argv[3:])
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * UNIT[unit]


results, problems = {}, []
for line in open(runs_file, encoding="utf-8"):
    label, ticks, path = line.rstrip("\n").split("|")
    out = open(path, encoding="utf-8").read()
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    row = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
        "p99": ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
        "cpu": int(ticks) * 1000 / clk_tck / max(requests, 1),
    }
    for pattern in (r"Non-2xx or 3xx responses: \d+", r"Socket errors: .*"):
        if m := re.search(pattern, out):
            problems.append(f"{label}: {m.group(0)}")
    results.setdefault(label, []).append(row)

median = {label: {k: statistics.median(r[k] for r in rows) for k in rows[0]}
          for label, rows in results.items()}
print(f"\nMR-bloggen load, {date.today()}, {cores} cores, gunicorn -w 2 (sync), wrk -t1 -c4, "
      f"{duration} s x {rounds} rounds, median of the rounds")
print(f"| {'target':<18} | {'req/s':>7} | {'req/s range':>11} | {'p50 ms':>7} | {'p99 ms':>7} "
      f"| {'server CPU ms/req':>17} |")
print(f"|{'-' * 20}|{'-' * 8}:|{'-' * 12}:|{'-' * 8}:|{'-' * 8}:|{'-' * 18}:|")
for label, m in median.items():
    rps = [r["rps"] for r in results[label]]
    spread = f"{min(rps):.0f}-{max(rps):.0f}"
    print(f"| {label:<18} | {m['rps']:>7.0f} | {spread:>11} | {m['p50']:>7.2f} | {m['p99']:>7.2f} "
          f"| {m['cpu']:>17.2f} |")
print(f"load average (1 min) before: {load_before}, after: {load_after}. Other processes on the "
      f"same cores lower req/s and raise latency; CPU ms per request is the steadier figure.")


def ratio(a, b, goal=None):
    value = median[a]["rps"] / median[b]["rps"]
    # What the ratio would be on a server kept busy by this page alone: CPU per request, b / a.
    by_cpu = median[b]["cpu"] / median[a]["cpu"]
    verdict = "" if goal is None else f"  goal >= {goal:.2f}: {'met' if value >= goal else 'NOT met'}"
    print(f"{a + ' / ' + b:<32} {value:6.3f}   {by_cpu:6.3f}{verdict}")


print(f"\n{'ratios':<32} {'req/s':>6}   {'by CPU':>6}")
ratio("post uncached", "article", 0.80)
ratio("post cached", "static file", 0.80)
ratio("health check", "static file")
if problems:
    print("\nwrk reported errors:\n  " + "\n  ".join(problems))
    sys.exit(1)
EOF
