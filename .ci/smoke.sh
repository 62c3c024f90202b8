#!/usr/bin/env bash
# Smoke test of the README's promise, on the built server (apps/server/dist) and SPA
# (apps/web/dist) with embedded defaults:
#   - it starts with no services, becomes ready, serves the SPA (also on client-side routes),
#     /healthz and the API;
#   - a user registered before a restart can sign in after it (data persists in DATA_DIR);
#   - SIGTERM stops it with exit status 0;
#   - a bad DATABASE_URL stops it at once with one line naming the variable.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

server=apps/server/dist/main.js
[[ -f "$server" ]] || { echo "missing $server: run npm run build first" >&2; exit 1; }

work=$(mktemp -d)
pid=
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "SMOKE FAILED: $*" >&2
  if [[ -f "$work/server.log" ]]; then
    echo "--- server log (last 40 lines)" >&2
    tail -n 40 "$work/server.log" >&2
  fi
  exit 1
}

port=$(node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
base="http://127.0.0.1:${port}"

start_server() {
  env -u DATABASE_URL -u REDIS_URL PORT="$port" HOST=127.0.0.1 DATA_DIR="$work/data" LOG_LEVEL=info \
    node "$server" >>"$work/server.log" 2>&1 &
  pid=$!
  local deadline=$((SECONDS + 90))
  until curl -fsS -o /dev/null "$base/readyz" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || fail "the server exited before it became ready"
    ((SECONDS < deadline)) || fail "/readyz did not answer 200 within 90s"
    sleep 0.5
  done
  echo "ready at $base (pid $pid)"
}

stop_server() {
  kill -TERM "$pid"
  local status=0
  wait "$pid" || status=$?
  pid=
  [[ "$status" == 0 ]] || fail "the server exited with status $status after SIGTERM (expected 0)"
  echo "stopped cleanly on SIGTERM"
}

# trpc PROCEDURE JSON: a non-batched tRPC mutation over plain HTTP; prints the response body.
trpc() {
  curl -sS -X POST "$base/trpc/$1" -H 'content-type: application/json' --data "$2"
}

echo "== start with embedded defaults (DATA_DIR=$work/data)"
start_server

health=$(curl -fsS "$base/healthz") || fail "/healthz did not answer 200"
[[ "$health" == *'"ok"'* ]] || fail "/healthz answered $health"
echo "/healthz: $health"

for path in / /account /some/client/route; do
  headers=$(curl -fsS -D - -o "$work/page.html" "$base$path") || fail "GET $path did not answer 200"
  grep -qi '^content-type: text/html' <<<"$headers" || fail "GET $path is not HTML"
  grep -qi '<!doctype html>' "$work/page.html" || fail "GET $path did not return the SPA's index.html"
  grep -q '<script' "$work/page.html" || fail "GET $path: index.html has no script"
done
echo "SPA: / and client-side routes return index.html"

status=$(curl -sS -o "$work/me.json" -w '%{http_code}' "$base/trpc/auth.me")
[[ "$status" == 401 ]] || fail "anonymous auth.me answered $status (expected 401): $(cat "$work/me.json")"
echo "API: anonymous auth.me is refused with 401"

email="smoke-$RANDOM$RANDOM@example.com"
password="correct horse battery staple"
registered=$(trpc auth.register "{\"email\":\"$email\",\"password\":\"$password\",\"displayName\":\"Smoke Test\",\"transport\":\"bearer\"}")
[[ "$registered" == *"\"email\":\"$email\""* ]] || fail "auth.register answered $registered"
echo "API: registered $email"

stop_server

echo "== restart on the same data directory"
start_server
logged_in=$(trpc auth.login "{\"email\":\"$email\",\"password\":\"$password\",\"transport\":\"bearer\"}")
[[ "$logged_in" == *'"accessToken":"'* ]] || fail "auth.login after restart answered $logged_in"
echo "API: $email signed in after the restart"
stop_server

echo "== a bad DATABASE_URL stops the server with one line naming it"
status=0
DATABASE_URL=nonsense DATA_DIR="$work/unused" PORT="$port" timeout 60 node "$server" >"$work/bad.log" 2>&1 || status=$?
cat "$work/bad.log"
((status != 0 && status != 124)) || fail "expected a non-zero exit without hanging, got status $status"
lines=$(grep -c '' "$work/bad.log" || true)
[[ "$lines" == 1 ]] || fail "expected exactly one line of output, got $lines"
grep -q 'DATABASE_URL' "$work/bad.log" || fail "the message does not name DATABASE_URL"
echo "exit status $status, one line naming DATABASE_URL"

echo "smoke test passed"
