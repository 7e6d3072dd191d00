#!/usr/bin/env bash
# Do allauth's limits hold over several web processes? gunicorn with the production settings
# and 4 workers, first with the per-process cache (no REDIS_URL: check --deploy refuses
# this), then with Redis; 50 wrong-password logins and 50 password resets for one address.
#
#   REDIS_URL=redis://127.0.0.1:6390/12 bench/limits.sh
#
# Uses a scratch SQLite database; the Redis database named in REDIS_URL is flushed first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PY:-$ROOT/.venv/bin/python}
COUNT=${COUNT:-50}
SCRATCH=$(mktemp -d /tmp/mrblogg-limits.XXXXXX)
SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null; rm -rf "$SCRATCH"; }
trap cleanup EXIT

cat >"$SCRATCH/bench_settings.py" <<'PY'
import os

from mrblogg.settings.production import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
PY
export PYTHONPATH="$SCRATCH:$ROOT" DJANGO_SETTINGS_MODULE=bench_settings
export BENCH_STATIC_ROOT="$SCRATCH/static" DATABASE_URL="sqlite:///$SCRATCH/db.sqlite3"
export SECRET_KEY="limits-bench-$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
export ALLOWED_HOSTS=127.0.0.1 SITE_ADDRESS=https://127.0.0.1
REDIS=${REDIS_URL:-}
unset REDIS_URL
"$PY" manage.py migrate --noinput >"$SCRATCH/setup.log" 2>&1
"$PY" manage.py collectstatic --noinput >>"$SCRATCH/setup.log" 2>&1
"$PY" manage.py shell --no-imports -c "
from django.contrib.auth import get_user_model
from allauth.account.models import EmailAddress
u = get_user_model().objects.create_user('bench', 'bench@example.org', 'rätt-lösenord-123')
EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)" >>"$SCRATCH/setup.log" 2>&1

measure() {  # label
  local port; port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$PY" -m gunicorn mrblogg.wsgi:application -w 4 -b "127.0.0.1:$port" --log-level warning \
    >"$SCRATCH/gunicorn.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 100); do "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/health/')" 2>/dev/null && break; sleep 0.2; done
  echo "== $1"
  "$PY" bench/limits_client.py "http://127.0.0.1:$port" "$COUNT"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
}

measure "4 workers, default cache in each process's memory"
if [ -n "$REDIS" ]; then
  "$PY" -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$REDIS"
  REDIS_URL=$REDIS measure "4 workers, Redis ($REDIS)"
else
  echo "(set REDIS_URL to measure with Redis too)"
fi
