#!/usr/bin/env bash
# One command for the benchmark: builds ./mq, installs redis-server from Debian's packages when it
# is missing, then runs scripts/bench/run.ts: mq all-in-one (ASYNC_FLUSH, then SYNC_FLUSH) and Redis
# Streams (appendfsync everysec, then always), each in a temporary directory on free loopback
# ports, through produce (100,000 x 1 KiB, 1,000 in flight), consume, and end-to-end latency at
# 2,000 msg/s for 10 s; prints one table with the ratios mq / Redis. Whatever happens, every
# process it started is killed and the temporary directory removed.
#   scripts/bench.sh                       # the full run, a few minutes on 2 cores
#   BENCH_MQ=/path/to/old/mq scripts/bench.sh   # the same run with another mq binary (an A/B)
#   BENCH_COUNT=20000 BENCH_WARMUP=20000 BENCH_LATENCY_S=3 scripts/bench.sh   # a quick look
# Before the measured phases each server takes BENCH_WARMUP (100,000) messages to a topic of its
# own, reported on a row of its own (BENCH_WARMUP=0 leaves it out).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! npm run --silent build >/dev/null 2>&1; then npm run build; exit 1; fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "redis-server is missing: installing Debian's package"
  if ! apt-get install -y -qq redis-server >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq redis-server >/dev/null
  fi
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mq-bench.XXXXXX")"
DRIVER=""
cleanup() {
  trap - EXIT INT TERM
  [ -n "$DRIVER" ] && kill -TERM "$DRIVER" 2>/dev/null && wait "$DRIVER" 2>/dev/null
  if [ -f "$WORK/pids" ]; then
    while read -r pid; do kill -KILL "$pid" 2>/dev/null || true; done < "$WORK/pids"
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

BENCH_DIR="$WORK" BENCH_PIDFILE="$WORK/pids" node_modules/.bin/bun scripts/bench/run.ts &
DRIVER=$!
wait "$DRIVER"
DRIVER=""
