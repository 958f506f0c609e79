#!/usr/bin/env bash
# What traces cost: the built API on PostgreSQL with tracing off, on (every request traced and
# exported to a local OTLP receiver that discards), and on with OTEL_TRACES_SAMPLER=always_off
# (the hook and context tracking without recording), alternated, on the staff cluster list.
# The API is pinned to core 0, the load and the receiver to core 1. Needs `pnpm build` first and
# a PostgreSQL server (BENCH_DATABASE_URL, default: a database otel_bench on 127.0.0.1:5432).
# Prints one line per round: mode, requests per second, p50 and p99 latency in ms.
set -euo pipefail
cd "$(dirname "$0")/../packages/api"
DB_URL="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/otel_bench}"
ROUNDS="${ROUNDS:-3}"
AC=../../bench/node_modules/.bin/autocannon
PORT=3922
RECEIVER=4318
psql "${DB_URL%/*}/postgres" -qc "DROP DATABASE IF EXISTS ${DB_URL##*/}" -c "CREATE DATABASE ${DB_URL##*/}" >/dev/null

taskset -c 1 node -e "require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.writeHead(200, { 'content-type': 'application/json' }).end('{}')); }).listen($RECEIVER, '127.0.0.1')" &
receiver=$!
trap 'kill $receiver 2>/dev/null' EXIT

for _ in $(seq 1 "$ROUNDS"); do
  for mode in off on sampled-out; do
    case $mode in
      on) extra=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$RECEIVER) ;;
      sampled-out) extra=(OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$RECEIVER OTEL_TRACES_SAMPLER=always_off) ;;
      *) extra=() ;;
    esac
    env "${extra[@]}" DATABASE_URL="$DB_URL" DEMO_DATA=directory PORT=$PORT HOST=127.0.0.1 LOG_LEVEL=warn \
      RATE_LIMIT_PER_MINUTE=10000000 ADMIN_EMAIL=operator@example.org ADMIN_PASSWORD='Very-long-Passw0rd-for-bench' \
      taskset -c 0 node --import ./dist/telemetry/register.js dist/server.js >/tmp/tracing-overhead-api.log 2>&1 &
    api=$!
    for _ in $(seq 1 240); do curl -sf -o /dev/null http://127.0.0.1:$PORT/health/ready && break; sleep 0.5; done
    cookie=$(curl -s -D - -o /dev/null -H 'content-type: application/json' \
      -d '{"email":"operator@example.org","password":"Very-long-Passw0rd-for-bench"}' http://127.0.0.1:$PORT/api/v1/auth/login |
      grep -i '^set-cookie' | head -1 | sed 's/^[Ss]et-[Cc]ookie: //; s/;.*//')
    url="http://127.0.0.1:$PORT/api/v1/clusters?limit=20"
    taskset -c 1 $AC -c 10 -d 3 -H "cookie=$cookie" "$url" >/dev/null 2>&1
    taskset -c 1 $AC -c 10 -d 10 -j -H "cookie=$cookie" "$url" 2>/dev/null |
      node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => { const r = JSON.parse(s); console.log(process.argv[1], r.requests.average, r.latency.p50, r.latency.p99, r.non2xx ? `non2xx ${r.non2xx}` : ""); })' "$mode"
    kill $api
    wait $api 2>/dev/null || true
  done
done
