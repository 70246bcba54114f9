#!/usr/bin/env bash
# The peer benchmark, one command on a fresh clone (issue 19): installs what it needs (npm
# packages, redis-server from Debian's packages, the Java benchmark and Apache RocketMQ's jars from
# Maven Central), builds ./mq, then
#   1. scripts/bench.sh: mq's client against Redis Streams (everysec / always), its table;
#   2. scripts/bench/peers.ts: RocketMQ's benchmark Producer/Consumer (scripts/bench/java, on
#      rocketmq-client 4.9.8; rocketmq-example is not on Maven Central) against mq and Apache
#      RocketMQ 4.9.7 and 5.5.0 (scripts/rocketmq-reference.sh), ASYNC_FLUSH and SYNC_FLUSH,
#      1 KiB and 4 KiB, 1 and 64 producer threads; ali-ons and mq's client against mq; and one
#      table of ratios and targets at the end, Redis's figures included.
#   scripts/bench-peers.sh            # warm-up 10 s, then 30 s measured per phase (~35 min)
#   scripts/bench-peers.sh --quick    # 2 s + 5 s phases, smaller Redis runs (~10 min)
# BENCH_ROCKETMQ_VERSIONS=5.5.0 limits the reference brokers. Every process it started is killed
# and every temporary directory removed, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
QUICK=""
[[ "${1:-}" == "--quick" ]] && QUICK="--quick"

[[ -x node_modules/.bin/bun ]] || npm ci
for tool in java mvn node; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bench-peers needs $tool (Java 17+, Maven 3.8+, Node) on PATH" >&2; exit 1; }
done
echo "building the Java benchmark (rocketmq-client 4.9.8) and the reference brokers' classpaths"
(cd scripts/bench/java && mvn -q -B compile -Drocketmq.version=4.9.8)
VERSIONS="${BENCH_ROCKETMQ_VERSIONS:-4.9.7,5.5.0}"
for v in ${VERSIONS//,/ }; do
  (cd test/compat/reference && mvn -q -B compile -Drocketmq.version="$v")
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mq-bench-peers.XXXXXX")"
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

export BENCH_RESULTS_FILE="$WORK/redis-results.json"
if [[ -n "$QUICK" ]]; then
  BENCH_COUNT=50000 BENCH_LATENCY_S=5 scripts/bench.sh
else
  # About 30 s of producing at mq's rate: sustained, as the peer phases are.
  BENCH_COUNT="${BENCH_COUNT:-1500000}" BENCH_LATENCY_S="${BENCH_LATENCY_S:-30}" scripts/bench.sh
fi

BENCH_DIR="$WORK" BENCH_PIDFILE="$WORK/pids" node_modules/.bin/bun scripts/bench/peers.ts $QUICK &
DRIVER=$!
wait "$DRIVER"
DRIVER=""
