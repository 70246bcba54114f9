#!/usr/bin/env bash
# Where a Java push consumer's time goes (issue 19): starts mq (or Apache RocketMQ 4.9.7), fills
# topic Probe (8 queues) for SECONDS with RocketMQ's benchmark Producer (64 threads, SIZE bytes),
# then drains it twice with scripts/bench/java's PullProbe (DefaultMQPushConsumer, rocketmq-client
# 4.9.8; the first drain warms the broker up) and prints, per drain, messages a second, messages
# per pull and the time between two found pulls of one queue; then the broker's CPU ticks over
# both drains.
#   scripts/bench-pull-probe.sh mq|rocketmq [SIZE=1024] [SECONDS=20] [MQ_BINARY=./mq]
# Needs what scripts/bench-peers.sh builds (the Java classes and classpaths).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
KIND="${1:?mq or rocketmq}"; SIZE="${2:-1024}"; FILL_S="${3:-20}"; BIN="$(realpath "${4:-$ROOT/mq}")"
CP="$ROOT/scripts/bench/java/target/classes:$(cat "$ROOT/scripts/bench/java/target/classpath-4.9.8.txt")"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mq-pull-probe.XXXXXX")"
J=(java -Xms512m -Xmx512m -XX:+UseG1GC "-Duser.home=$WORK" "-Drocketmq.client.logRoot=$WORK/client-logs" -Drocketmq.client.logLevel=WARN -cp "$CP")
BROKER_PID=""; REF_DIR=""
cleanup() {
  [ -n "$BROKER_PID" ] && [ "$KIND" = mq ] && kill -KILL "$BROKER_PID" 2>/dev/null || true
  [ -n "$REF_DIR" ] && bash "$ROOT/scripts/rocketmq-reference.sh" stop "$REF_DIR" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ "$KIND" = mq ]; then
  NS_PORT=$((30000 + RANDOM % 5000)); BROKER_PORT=$((NS_PORT + 7))
  (cd "$WORK" && exec "$BIN" all-in-one --namesrv-port "$NS_PORT" --broker.listenPort="$BROKER_PORT" \
    --broker.flushDiskType=ASYNC_FLUSH --broker.consoleEnable=false >"$WORK/broker.log" 2>&1) &
  BROKER_PID=$!
  for _ in $(seq 1 100); do grep -q 'boot success' "$WORK/broker.log" && break; sleep 0.1; done
  NS="127.0.0.1:$NS_PORT"; BA="127.0.0.1:$BROKER_PORT"
else
  LINE=$(RMQ_REF_VERSION=4.9.7 RMQ_REF_JVM="-Xms2g -Xmx2g -XX:MaxDirectMemorySize=2g -XX:+UseG1GC" \
    bash "$ROOT/scripts/rocketmq-reference.sh" start flushDiskType=ASYNC_FLUSH | grep '^dir=')
  REF_DIR=$(sed 's/.*dir=\([^ ]*\).*/\1/' <<<"$LINE"); NS=$(sed 's/.*namesrvAddr=\([^ ]*\).*/\1/' <<<"$LINE")
  BA=$(sed 's/.*brokerAddr=\([^ ]*\).*/\1/' <<<"$LINE"); BROKER_PID=$(cat "$REF_DIR/broker.pid")
fi
"$BIN" admin updateTopic -n "$NS" -b "$BA" -t Probe -r 8 -w 8 >/dev/null
"${J[@]}" mqbench.Producer -n "$NS" -t Probe -w 64 -s "$SIZE" -warmup 0 -d "$FILL_S" | tail -1
ticks() { awk '{print $14 + $15}' "/proc/$BROKER_PID/stat"; }
BEFORE=$(ticks)
"${J[@]}" mqbench.PullProbe -n "$NS" -t Probe -g probe_warm -idle 2 | tail -1
"${J[@]}" mqbench.PullProbe -n "$NS" -t Probe -g probe_measured -idle 2 | tail -1
echo "broker CPU over both drains: $(( $(ticks) - BEFORE )) ticks of $(getconf CLK_TCK)/s"
