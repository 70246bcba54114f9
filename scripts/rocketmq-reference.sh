#!/usr/bin/env bash
# Apache RocketMQ's own NameServer and broker (jars from Maven Central, see
# test/compat/reference/pom.xml: 5.5.0, or RMQ_REF_VERSION=4.9.7), the oracle mq is compared with. Started from the classes with
# java -cp (RocketMQ's start scripts pass JVM options Java 17 rejects), on free ports of
# 127.0.0.1, with a heap sized for a 2-core machine, in a temp directory of their own
# (ROCKETMQ_HOME with its conf/, the store, user.home for the logs).
#
#   scripts/rocketmq-reference.sh start [broker.conf lines...]
#       starts both and prints, once the broker has registered:
#         dir=<temp dir>  namesrvAddr=127.0.0.1:<port>  brokerAddr=127.0.0.1:<port>
#       extra arguments are added to broker.conf (e.g. traceTopicEnable=true)
#   scripts/rocketmq-reference.sh stop <dir>
#       kills both JVMs (by the pids recorded in <dir>) and removes <dir>
#
# Or source it and call rocketmq_reference_start / rocketmq_reference_stop, which set and use
# RMQ_REF_DIR, RMQ_REF_NAMESRV_ADDR and RMQ_REF_BROKER_ADDR.
set -euo pipefail

RMQ_REF_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RMQ_REF_POM_DIR="$RMQ_REF_REPO/test/compat/reference"
RMQ_REF_VERSION="${RMQ_REF_VERSION:-5.5.0}"
RMQ_REF_BOOT_TIMEOUT_S=90
# RMQ_REF_JVM replaces the heap, GC and JIT options (scripts/bench-peers.sh sizes them for a benchmark).
read -r -a RMQ_REF_JVM_WORDS <<<"${RMQ_REF_JVM:--Xms256m -Xmx256m -XX:MaxDirectMemorySize=256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
RMQ_REF_JAVA_OPTS=(
  "${RMQ_REF_JVM_WORDS[@]}"
  # The store's memory-mapped files and Netty's buffers reach into these on Java 9+.
  --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
)

# The reference's classpath, built once (Maven resolves from ~/.m2 when warm).
rocketmq_reference_classpath() {
  local cp="$RMQ_REF_POM_DIR/target/classpath-$RMQ_REF_VERSION.txt"
  if [[ ! -s "$cp" || "$RMQ_REF_POM_DIR/pom.xml" -nt "$cp" ]]; then
    (cd "$RMQ_REF_POM_DIR" && mvn -q -B compile -Drocketmq.version="$RMQ_REF_VERSION") >&2
  fi
  cat "$cp"
}

# A port free on 127.0.0.1 together with port-2 and port+1 (the broker's VIP and HA ports).
rocketmq_reference_free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 10000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null &&
       ! (exec 3<>"/dev/tcp/127.0.0.1/$((port - 2))") 2>/dev/null &&
       ! (exec 3<>"/dev/tcp/127.0.0.1/$((port + 1))") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  echo "no free port found on 127.0.0.1" >&2
  return 1
}

# Waits until file holds a line matching pattern, or the process pid ends, or the timeout passes.
rocketmq_reference_await() {
  local file="$1" pattern="$2" pid="$3" what="$4"
  for _ in $(seq 1 $((RMQ_REF_BOOT_TIMEOUT_S * 10))); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the reference $what exited before booting; its output ($file):" >&2
      tail -n 30 "$file" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "the reference $what did not boot within ${RMQ_REF_BOOT_TIMEOUT_S}s; its output ($file):" >&2
  tail -n 30 "$file" >&2
  return 1
}

rocketmq_reference_start() {
  local cp dir namesrv_port broker_port
  cp="$(rocketmq_reference_classpath)"
  dir="$(mktemp -d "${TMPDIR:-/tmp}/rocketmq-reference.XXXXXX")"
  mkdir -p "$dir/home/conf" "$dir/store"
  namesrv_port="$(rocketmq_reference_free_port)"
  broker_port="$(rocketmq_reference_free_port)"
  while [[ "$broker_port" -ge $((namesrv_port - 3)) && "$broker_port" -le $((namesrv_port + 3)) ]]; do
    broker_port="$(rocketmq_reference_free_port)"
  done
  printf 'listenPort=%s\n' "$namesrv_port" >"$dir/home/conf/namesrv.properties"
  # 4.x configures its logging from these files (5.x from its jars); everything to <dir>/logs.
  local role
  for role in namesrv broker; do
    cat >"$dir/home/conf/logback_$role.xml" <<XML
<configuration>
  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
    <file>$dir/logs/$role.log</file>
    <encoder><pattern>%d{yyy-MM-dd HH:mm:ss.SSS} %-5p %t - %m%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="FILE"/></root>
</configuration>
XML
  done
  {
    echo "brokerClusterName=DefaultCluster"
    echo "brokerName=broker-a"
    echo "brokerId=0"
    echo "brokerRole=ASYNC_MASTER"
    echo "flushDiskType=ASYNC_FLUSH"
    echo "listenPort=$broker_port"
    echo "haListenPort=$((broker_port + 1))"
    echo "brokerIP1=127.0.0.1"
    echo "namesrvAddr=127.0.0.1:$namesrv_port"
    echo "storePathRootDir=$dir/store"
    echo "storePathCommitLog=$dir/store/commitlog"
    echo "mappedFileSizeCommitLog=67108864"
    echo "autoCreateTopicEnable=true"
    echo "autoCreateSubscriptionGroup=true"
    local line
    for line in "$@"; do echo "$line"; done
  } >"$dir/home/conf/broker.conf"

  local common=(-Duser.home="$dir" -Drocketmq.home.dir="$dir/home" "${RMQ_REF_JAVA_OPTS[@]}" -cp "$cp")
  (cd "$dir" && ROCKETMQ_HOME="$dir/home" exec java "${common[@]}" org.apache.rocketmq.namesrv.NamesrvStartup \
    -c "$dir/home/conf/namesrv.properties" >"$dir/namesrv.out" 2>&1) &
  echo $! >"$dir/namesrv.pid"
  rocketmq_reference_await "$dir/namesrv.out" "boot success" "$(cat "$dir/namesrv.pid")" "NameServer" || { rocketmq_reference_stop_dir "$dir"; return 1; }
  (cd "$dir" && ROCKETMQ_HOME="$dir/home" exec java "${common[@]}" org.apache.rocketmq.broker.BrokerStartup \
    -c "$dir/home/conf/broker.conf" >"$dir/broker.out" 2>&1) &
  echo $! >"$dir/broker.pid"
  rocketmq_reference_await "$dir/broker.out" "boot success" "$(cat "$dir/broker.pid")" "broker" || { rocketmq_reference_stop_dir "$dir"; return 1; }

  RMQ_REF_DIR="$dir"
  RMQ_REF_NAMESRV_ADDR="127.0.0.1:$namesrv_port"
  RMQ_REF_BROKER_ADDR="127.0.0.1:$broker_port"
  export RMQ_REF_DIR RMQ_REF_NAMESRV_ADDR RMQ_REF_BROKER_ADDR
}

rocketmq_reference_stop_dir() {
  local dir="$1" pid
  for role in broker namesrv; do
    [[ -f "$dir/$role.pid" ]] || continue
    pid="$(cat "$dir/$role.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}

rocketmq_reference_stop() {
  [[ -n "${RMQ_REF_DIR:-}" ]] && rocketmq_reference_stop_dir "$RMQ_REF_DIR"
  RMQ_REF_DIR=""
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  case "${1:-}" in
    start)
      shift
      rocketmq_reference_start "$@"
      echo "dir=$RMQ_REF_DIR namesrvAddr=$RMQ_REF_NAMESRV_ADDR brokerAddr=$RMQ_REF_BROKER_ADDR"
      ;;
    stop)
      [[ -n "${2:-}" && -d "$2" ]] || { echo "usage: $0 stop <dir printed by start>" >&2; exit 2; }
      rocketmq_reference_stop_dir "$2"
      ;;
    *)
      echo "usage: $0 start [broker.conf lines...] | stop <dir>" >&2
      exit 2
      ;;
  esac
fi
