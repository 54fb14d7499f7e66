#!/bin/sh
# `make loadtest`: the load test of issue #14 on the production stack (docs/performance.md).
#
# 1. a fresh PostgreSQL database of its own (LOADTEST_DATABASE_URL), migrated, with the demo city
#    and a backlog of work (bench/loadtest_seed.py: appealable records for every filer, appeals
#    waiting at every step);
# 2. the production stack of `make prod` (scripts/prod.sh: gunicorn, Redis, Celery worker and
#    beat, production settings) on its own port and its own Redis, so a running `make prod` is
#    not disturbed;
# 3. Locust headless with bench/locustfile.py: LOADTEST_USERS users (50), LOADTEST_SPAWN_RATE a
#    second (1: the staff arrive over 50 s rather than all logging in within 10 s), each
#    waiting LOADTEST_WAIT ("min,max" seconds, 1,3) between two actions, for LOADTEST_DURATION
#    (10m), CSV files in VAR_DIR;
# 4. the report (bench/loadtest_report.py): throughput, p50/p95/p99 per endpoint, errors; then
#    the stack is stopped. Exit status 1 when any request failed.
#
# A short check: LOADTEST_USERS=10 LOADTEST_DURATION=1m LOADTEST_BACKLOG=60 LOADTEST_RECORDS=150 \
#   sh scripts/loadtest.sh
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python

USERS="${LOADTEST_USERS:-50}"
SPAWN_RATE="${LOADTEST_SPAWN_RATE:-1}"
DURATION="${LOADTEST_DURATION:-10m}"
# appeals waiting at each step when the test starts, and records per department to appeal
BACKLOG="${LOADTEST_BACKLOG:-800}"
RECORDS="${LOADTEST_RECORDS:-1200}"

export DJANGO_SETTINGS_MODULE=config.settings.production
export VAR_DIR="${LOADTEST_VAR_DIR:-$PWD/var/loadtest}"
export HOST="${HOST:-127.0.0.1}"
export PORT="${LOADTEST_PORT:-8010}"
export DATABASE_URL="${LOADTEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/casework_loadtest}"
REDIS_PORT="${LOADTEST_REDIS_PORT:-6390}"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/1"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SITE_URL="http://$HOST:$PORT"
export SECURE_SSL_REDIRECT=false SECURE_COOKIES=false
# the API test serves no static files: skip the minutes of gzip/brotli copies
export STATIC_COMPRESS="${STATIC_COMPRESS:-false}"
export WORKERS="${WORKERS:-4}"
# the access log also says how long each request took inside the app (bench/loadtest_report.py)
export GUNICORN_CMD_ARGS="${GUNICORN_CMD_ARGS:---access-logformat '%(h)s \"%(r)s\" %(s)s %(M)sms'}"
# mail goes out over SMTP after the commit in production: not part of what is measured here
export EMAIL_BACKEND="${EMAIL_BACKEND:-django.core.mail.backends.dummy.EmailBackend}"
mkdir -p "$VAR_DIR"
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s "$VAR_DIR/secret-key" ] || (umask 077; $PY -c "import secrets; print(secrets.token_urlsafe(60))" > "$VAR_DIR/secret-key")
  SECRET_KEY=$(cat "$VAR_DIR/secret-key")
fi
export SECRET_KEY

DB_NAME=$($PY -c "import os, urllib.parse as u; print(u.urlsplit(os.environ['DATABASE_URL']).path.lstrip('/'))")
DB_ADMIN_URL=$($PY -c "import os, urllib.parse as u; p = u.urlsplit(os.environ['DATABASE_URL']); print(u.urlunsplit(p._replace(path='/postgres')))")
case "$DB_NAME" in
  casework_prod|"") echo "LOADTEST_DATABASE_URL names $DB_NAME: use a database of the load test's own" >&2; exit 2 ;;
esac
STACK=""
REDIS=""
stop() {
  trap - INT TERM EXIT
  if [ -n "$STACK" ]; then
    echo "== stopping the stack"
    kill -TERM "$STACK" 2>/dev/null || true
    wait "$STACK" 2>/dev/null || true
    STACK=""
  fi
  if [ -n "$REDIS" ]; then
    kill -TERM "$REDIS" 2>/dev/null || true
    wait "$REDIS" 2>/dev/null || true
    REDIS=""
  fi
}
trap 'stop; exit 1' INT TERM
trap stop EXIT

# the cache (the working-day calendar) is needed from the first filing on: Redis first
if ! redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >"$VAR_DIR/redis.log" 2>&1 &
  REDIS=$!
  sleep 1
fi
redis-cli -h 127.0.0.1 -p "$REDIS_PORT" flushall >/dev/null

echo "== a fresh database $DB_NAME"
psql "$DB_ADMIN_URL" -qc "drop database if exists \"$DB_NAME\" with (force)"
psql "$DB_ADMIN_URL" -qc "create database \"$DB_NAME\""
$PY manage.py migrate --noinput -v0
$PY manage.py seed_demo >/dev/null
echo "== backlog: $BACKLOG appeals at each step, $RECORDS records per department"
$PY bench/loadtest_seed.py --records "$RECORDS" --backlog "$BACKLOG"

echo "== the production stack on $SITE_URL (logs in $VAR_DIR)"
rm -f "$VAR_DIR/access.log"
SEED_DEMO=0 sh scripts/prod.sh >"$VAR_DIR/stack.log" 2>&1 &
STACK=$!
up() { $PY -c "import urllib.request as r; r.urlopen('$SITE_URL/login/', timeout=5)" 2>/dev/null; }
for _ in $(seq 120); do
  up && break
  kill -0 "$STACK" 2>/dev/null || { cat "$VAR_DIR/stack.log" >&2; exit 1; }
  sleep 1
done
up || { echo "the stack did not answer $SITE_URL/login/ (see $VAR_DIR)" >&2; exit 1; }

export LOADTEST_WAIT="${LOADTEST_WAIT:-1,3}"
echo "== Locust: $USERS users (+$SPAWN_RATE/s), each waiting $LOADTEST_WAIT s between actions, for $DURATION"
rm -f "$VAR_DIR"/locust_*.csv
.venv/bin/locust -f bench/locustfile.py --host "$SITE_URL" --headless \
  -u "$USERS" -r "$SPAWN_RATE" -t "$DURATION" --csv "$VAR_DIR/locust" \
  --only-summary >"$VAR_DIR/locust.log" 2>&1 || true
echo "   load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
[ -s "$VAR_DIR/locust_stats.csv" ] || { tail -20 "$VAR_DIR/locust.log" >&2; exit 1; }
echo
status=0
$PY bench/loadtest_report.py "$VAR_DIR/locust" "$VAR_DIR/access.log" || status=$?
stop
exit $status
