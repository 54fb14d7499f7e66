#!/bin/sh
# `make prod`: the production stack on this machine, with production settings (docs/deploy.md):
# PostgreSQL (must be running), Redis (started here if none answers), gunicorn with several
# workers, a Celery worker and Celery beat. Ctrl-C stops everything this script started.
#
# Every variable below can be set from outside; the defaults suit a single machine without TLS.
set -eu
cd "$(dirname "$0")/.."
PY=.venv/bin/python
BIN=.venv/bin

export DJANGO_SETTINGS_MODULE=config.settings.production
export VAR_DIR="${VAR_DIR:-$PWD/var/prod}"
# the document faces `make install` cut (documents/fonts.py)
export DOCUMENT_FONTS_DIR="${DOCUMENT_FONTS_DIR:-$PWD/var/fonts}"
mkdir -p "$VAR_DIR"
# a secret made once per machine and kept in VAR_DIR, never in the repository
if [ -z "${SECRET_KEY:-}" ]; then
  [ -s "$VAR_DIR/secret-key" ] || (umask 077; $PY -c "import secrets; print(secrets.token_urlsafe(60))" > "$VAR_DIR/secret-key")
  SECRET_KEY=$(cat "$VAR_DIR/secret-key")
fi
export SECRET_KEY
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/casework_prod}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}"
export CACHE_URL="${CACHE_URL:-redis://127.0.0.1:6379/1}"
# plain HTTP on this machine: no redirect to HTTPS, cookies not marked Secure.
# On a server behind TLS leave both unset (docs/deploy.md).
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-false}"
export SECURE_COOKIES="${SECURE_COOKIES:-false}"
WORKERS="${WORKERS:-4}"
CELERY_CONCURRENCY="${CELERY_CONCURRENCY:-2}"

# PostgreSQL: the server must run; the database is created if missing
DB_NAME=$($PY -c "import os, urllib.parse as u; print(u.urlsplit(os.environ['DATABASE_URL']).path.lstrip('/'))")
DB_ADMIN_URL=$($PY -c "import os, urllib.parse as u; p = u.urlsplit(os.environ['DATABASE_URL']); print(u.urlunsplit(p._replace(path='/postgres')))")
if ! psql "$DB_ADMIN_URL" -Atqc "select 1" >/dev/null 2>&1; then
  echo "PostgreSQL does not answer at $DATABASE_URL; start it first (docs/deploy.md)" >&2
  exit 1
fi
if [ "$(psql "$DB_ADMIN_URL" -Atqc "select 1 from pg_database where datname = '$DB_NAME'")" != "1" ]; then
  echo "Creating database $DB_NAME"
  psql "$DB_ADMIN_URL" -qc "create database \"$DB_NAME\""
fi

PIDS=""
stop() {
  trap - INT TERM EXIT
  [ -n "$PIDS" ] || return 0
  echo "Stopping:$PIDS"
  for pid in $PIDS; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in $PIDS; do wait "$pid" 2>/dev/null || true; done
  PIDS=""
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

# Redis: use the one that answers, or start one for this session
REDIS_HOSTPORT=$($PY -c "import os, urllib.parse as u; p = u.urlsplit(os.environ['CELERY_BROKER_URL']); print(p.hostname, p.port or 6379)")
set -- $REDIS_HOSTPORT
if ! redis-cli -h "$1" -p "$2" ping >/dev/null 2>&1; then
  echo "Starting redis-server on $1:$2"
  redis-server --bind "$1" --port "$2" --save "" --appendonly no >"$VAR_DIR/redis.log" 2>&1 &
  PIDS="$PIDS $!"
  sleep 1
fi

$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
if [ "${SEED_DEMO:-1}" = "1" ]; then
  $PY manage.py seed_demo >/dev/null
  $PY manage.py demo_logins
fi

$BIN/celery -A config worker --loglevel=INFO --concurrency "$CELERY_CONCURRENCY" >"$VAR_DIR/celery-worker.log" 2>&1 &
PIDS="$PIDS $!"
$BIN/celery -A config beat --loglevel=INFO --schedule "$VAR_DIR/celerybeat-schedule" >"$VAR_DIR/celery-beat.log" 2>&1 &
PIDS="$PIDS $!"
$BIN/gunicorn config.wsgi --bind "$HOST:$PORT" --workers "$WORKERS" --timeout 60 \
  --access-logfile "$VAR_DIR/access.log" --error-logfile "$VAR_DIR/gunicorn.log" &
PIDS="$PIDS $!"

echo "Serving on $SITE_URL/ with $WORKERS gunicorn workers; Celery worker and beat running."
echo "Logs in $VAR_DIR (celery-worker.log, celery-beat.log, gunicorn.log, access.log). Ctrl-C stops all."
# until Ctrl-C (the trap stops the rest) or until one of them dies
while :; do
  for pid in $PIDS; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "process $pid exited (see its log in $VAR_DIR); stopping the stack" >&2
      exit 1
    fi
  done
  # a background sleep and `wait`: a signal interrupts `wait` at once and runs the trap
  sleep 2 &
  wait $!
done
