#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, trust auth) and Redis (127.0.0.1:6379) answer,
# starting them the way this kind of machine does when they are down.
set -euo pipefail

# wait_until LABEL SECONDS COMMAND...: polls COMMAND every half second until it succeeds.
wait_until() {
  local label=$1 seconds=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "${label} did not become ready within ${seconds}s" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "${label} is ready"
}

postgres_ready() { pg_isready -h 127.0.0.1 -p 5432 -q; }
redis_ready() { [[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == "PONG" ]]; }

if ! postgres_ready; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "PostgreSQL is not answering; starting cluster ${version}/main"
  # It may be half-started already; readiness below is what counts.
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || echo "pg_ctlcluster start exited non-zero"
fi
wait_until "PostgreSQL" 60 postgres_ready
psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select version()'

if ! redis_ready; then
  echo "Redis is not answering; starting it"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || echo "redis-server exited non-zero"
fi
wait_until "Redis" 30 redis_ready
redis-cli -h 127.0.0.1 -p 6379 info server | grep -m1 '^redis_version' || true
