#!/usr/bin/env bash
# `mq console -n` against Apache RocketMQ (scripts/rocketmq-reference.sh: 5.5.0, or
# RMQ_REF_VERSION=4.9.7): a topic made, three messages sent and consumed by a group with mq's
# own tools, then the console's cluster, topic, consumer and producer pages and their JSON read back. Prints
# what the console showed, one line per check, and exits 1 when a check failed.
# Needs java and mvn; builds ./mq if it is missing.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "console-reference: $tool is not on PATH (see issue 13: Java 17, Maven 3.8)" >&2; exit 2; }
done
[[ -x ./mq ]] || npm run build >&2
# shellcheck source=scripts/rocketmq-reference.sh
source scripts/rocketmq-reference.sh
console_pid=""
cleanup() {
  [[ -n "$console_pid" ]] && kill "$console_pid" 2>/dev/null || true
  [[ -n "${RMQ_REF_DIR:-}" ]] && rocketmq_reference_stop
}
trap cleanup EXIT
rocketmq_reference_start >&2
ns="$RMQ_REF_NAMESRV_ADDR"
# 5.x prints "boot success" before its first registration reaches the NameServer.
for _ in $(seq 1 600); do
  ./mq admin clusterList -n "$ns" 2>/dev/null | grep -q "$RMQ_REF_BROKER_ADDR" && break
  sleep 0.1
done
./mq admin updateTopic -n "$ns" -c DefaultCluster -t ConsoleRefTopic -r 4 -w 4 >&2
./mq produce -n "$ns" -t ConsoleRefTopic -c 3 --keys "ref-{i}" >&2
./mq consume -n "$ns" -t ConsoleRefTopic -g console-ref-group -c 3 >&2
port="$(rocketmq_reference_free_port)"
./mq console -n "$ns" --port "$port" >"$RMQ_REF_DIR/console.out" 2>&1 &
console_pid=$!
rocketmq_reference_await "$RMQ_REF_DIR/console.out" "The console is at" "$console_pid" "console (mq)"
RMQ_REF_CONSOLE="http://127.0.0.1:$port" \
  node_modules/.bin/bun scripts/console-reference.ts
