#!/usr/bin/env bash
# Mozilla's HTTP Observatory, offline, against the production configuration on this machine.
#
# Starts gunicorn with mrblogg.settings.production twice: HTTPS on 127.0.0.1:443 with a
# self-signed certificate for "localhost" (made here with openssl), and plain HTTP on :80
# (which production redirects to HTTPS). Node trusts the certificate through
# NODE_EXTRA_CA_CERTS, so the scan sees a valid chain, as it would for a real certificate.
# The scanner (npm @mdn/mdn-http-observatory, installed into bench/observatory/) then scans
# "localhost" and this prints the grade, the score and each test's result.
# Needs root for the ports 80 and 443 (the Observatory always scans the default ports).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PY=${PY:-$ROOT/.venv/bin/python}
OBS="$ROOT/bench/observatory"

if [ ! -x "$OBS/node_modules/.bin/mdn-http-observatory-scan" ]; then
  # --ignore-scripts: a dependency's install script downloads Mozilla's intermediate-CA
  # bundle from outside the npm registry; the scan of a local host does not need it.
  (cd "$OBS" && npm install --ignore-scripts --no-audit --no-fund --silent)
fi

# The package's install script would download Chromium's HSTS preload list; offline it is
# empty. That list only says whether a host is preloaded, which "localhost" is not either way.
PRELOAD="$OBS/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json"
[ -s "$PRELOAD" ] || echo '{}' >"$PRELOAD"

WORK=$(mktemp -d /tmp/mrblogg-observatory.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null

export DJANGO_SETTINGS_MODULE=mrblogg.settings.production
export SECRET_KEY="observatory-$(openssl rand -hex 32)"
export ALLOWED_HOSTS="localhost,127.0.0.1"
export SITE_ADDRESS="https://localhost"
export DATABASE_URL="sqlite:///$WORK/db.sqlite3"

setup() { "$PY" manage.py "$@" >>"$WORK/setup.log" 2>&1 || { cat "$WORK/setup.log"; exit 1; }; }
setup migrate --noinput
# The demo's users have public passwords; they live only in this throwaway database.
setup load_demo --force
setup collectstatic --noinput

# No proxy in front: gunicorn terminates TLS itself, so the scheme is the socket's.
GUNICORN=("$PY" -m gunicorn mrblogg.wsgi:application --workers 2 --log-level warning)
"${GUNICORN[@]}" --bind 127.0.0.1:443 --certfile "$WORK/cert.pem" --keyfile "$WORK/key.pem" \
  >"$WORK/https.log" 2>&1 &
PIDS+=($!)
"${GUNICORN[@]}" --bind 127.0.0.1:80 >"$WORK/http.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 50); do
  curl -sk -o /dev/null https://localhost/ && curl -s -o /dev/null http://localhost/ && break
  sleep 0.2
done

NODE_EXTRA_CA_CERTS="$WORK/cert.pem" node "$OBS/node_modules/@mdn/mdn-http-observatory/src/scan.js" \
  localhost >"$WORK/scan.json" || true  # on failure it writes {"error": ...}

"$PY" - "$WORK/scan.json" <<'EOF'
import json
import sys

result = json.load(open(sys.argv[1]))
if "error" in result:
    sys.exit(f"scan failed: {result['error']}")
scan = result["scan"]
print(f"HTTP Observatory (offline, https://localhost, production settings): "
      f"grade {scan['grade']}, score {scan['score']}, "
      f"{scan['testsPassed']} of {scan['testsQuantity']} tests passed")
for name, test in sorted(result["tests"].items()):
    mark = "pass" if test["pass"] else "FAIL"
    print(f"  {mark}  {name:32} {test['result']:52} {test['scoreModifier']:+d}")
EOF
