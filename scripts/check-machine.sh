#!/usr/bin/env bash
# What `make test` needs from the machine beyond Python, checked up front with a clear message:
# PostgreSQL and Redis on loopback (the scale-out test), and Debian's chromium (the browser tests;
# `make browser` installs it when run as root).
set -u
problems=()
pg_url="${SEND_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
redis_url="${SEND_TEST_REDIS_URL:-redis://127.0.0.1:6379/3}"
if ! .venv/bin/python - "$pg_url" <<'PY' >/dev/null 2>&1
import sys, sqlalchemy
sqlalchemy.create_engine(sys.argv[1]).connect().close()
PY
then problems+=("PostgreSQL is not reachable at $pg_url (set SEND_TEST_POSTGRES_URL, or start it: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start)"); fi
if ! .venv/bin/python -c "import sys, redis; redis.Redis.from_url(sys.argv[1]).ping()" "$redis_url" >/dev/null 2>&1
then problems+=("Redis is not reachable at $redis_url (set SEND_TEST_REDIS_URL, or start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '')"); fi
if ! command -v chromium >/dev/null 2>&1; then
  problems+=("Debian's chromium is not installed: run 'make browser' as root (apt-get install chromium)"); fi
if [ ${#problems[@]} -gt 0 ]; then
  echo "make test needs these on this machine:" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 1
fi
echo "Machine check: PostgreSQL, Redis and chromium are there."
