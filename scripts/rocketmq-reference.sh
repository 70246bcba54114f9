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
#       extra arguments are added to broker.conf (e.g. traceTopicEnable=true); with
#       RMQ_REF_ACL_FILE=<plain_acl.yml> that file is copied to conf/plain_acl.yml (for aclEnable=true)
#   scripts/rocketmq-reference.sh stop <dir>
#       kills both JVMs (by the pids recorded in <dir>) and removes <dir>
#   scripts/rocketmq-reference.sh restart-broker <dir> TERM|KILL
#       stops the broker with that signal (KILL: a crash) and starts it again on the same store
#
# Or source it and call rocketmq_reference_start / rocketmq_reference_stop, which set and use
# RMQ_REF_DIR, RMQ_REF_NAMESRV_ADDR and RMQ_REF_BROKER_ADDR.
#
# RMQ_REF_EXTERNAL_NAMESRV=host:port starts the broker alone, registering with that NameServer
# (e.g. mq's, for an Apache slave of an mq master: brokerRole=SLAVE brokerId=1 as extra lines).
set -euo pipefail

RMQ_REF_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RMQ_REF_POM_DIR="$RMQ_REF_REPO/test/compat/reference"
RMQ_REF_VERSION="${RMQ_REF_VERSION:-5.5.0}"
RMQ_REF_BOOT_TIMEOUT_S=90
RMQ_REF_JAVA_OPTS=(
  -Xms256m -Xmx256m -XX:MaxDirectMemorySize=256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1
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
  local namesrv_addr="${RMQ_REF_EXTERNAL_NAMESRV:-127.0.0.1:$namesrv_port}"
  if [[ -n "${RMQ_REF_ACL_FILE:-}" ]]; then cp "$RMQ_REF_ACL_FILE" "$dir/home/conf/plain_acl.yml"; fi
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
    # The HA address a master registers (a slave dials it): loopback too, not the host's own IP.
    echo "brokerIP2=127.0.0.1"
    echo "namesrvAddr=$namesrv_addr"
    echo "storePathRootDir=$dir/store"
    echo "storePathCommitLog=$dir/store/commitlog"
    echo "mappedFileSizeCommitLog=67108864"
    echo "autoCreateTopicEnable=true"
    echo "autoCreateSubscriptionGroup=true"
    local line
    for line in "$@"; do echo "$line"; done
  } >"$dir/home/conf/broker.conf"

  printf '%s\n' "$cp" >"$dir/classpath.txt"
  if [[ -z "${RMQ_REF_EXTERNAL_NAMESRV:-}" ]]; then
    rocketmq_reference_java "$dir" namesrv org.apache.rocketmq.namesrv.NamesrvStartup "$dir/home/conf/namesrv.properties"
    rocketmq_reference_await "$dir/namesrv.out" "boot success" "$(cat "$dir/namesrv.pid")" "NameServer" || { rocketmq_reference_stop_dir "$dir"; return 1; }
  fi
  rocketmq_reference_start_broker "$dir" || { rocketmq_reference_stop_dir "$dir"; return 1; }

  RMQ_REF_DIR="$dir"
  RMQ_REF_NAMESRV_ADDR="$namesrv_addr"
  RMQ_REF_BROKER_ADDR="127.0.0.1:$broker_port"
  export RMQ_REF_DIR RMQ_REF_NAMESRV_ADDR RMQ_REF_BROKER_ADDR
}

# Starts one role's JVM in the background (output in <dir>/<role>.out, pid in <dir>/<role>.pid).
rocketmq_reference_java() {
  local dir="$1" role="$2" main="$3" conf="$4" cp
  cp="$(cat "$dir/classpath.txt")"
  (cd "$dir" && ROCKETMQ_HOME="$dir/home" exec java -Duser.home="$dir" -Drocketmq.home.dir="$dir/home" "${RMQ_REF_JAVA_OPTS[@]}" \
    -cp "$cp" "$main" -c "$conf" >"$dir/$role.out" 2>&1) &
  echo $! >"$dir/$role.pid"
}

rocketmq_reference_start_broker() {
  local dir="$1"
  rocketmq_reference_java "$dir" broker org.apache.rocketmq.broker.BrokerStartup "$dir/home/conf/broker.conf"
  rocketmq_reference_await "$dir/broker.out" "boot success" "$(cat "$dir/broker.pid")" "broker"
}

# Stops the broker with the signal (TERM: its shutdown hook runs; KILL: a crash) and starts it
# again on the same store and ports.
rocketmq_reference_restart_broker() {
  local dir="$1" signal="$2" pid
  pid="$(cat "$dir/broker.pid")"
  kill -s "$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { echo "the reference broker (pid $pid) did not stop within 60 s of SIG$signal" >&2; return 1; }
  mv "$dir/broker.out" "$dir/broker.out.$(date +%s%N)"
  rocketmq_reference_start_broker "$dir"
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
    restart-broker)
      [[ -n "${2:-}" && -d "$2" && "${3:-}" =~ ^(TERM|KILL)$ ]] || { echo "usage: $0 restart-broker <dir printed by start> TERM|KILL" >&2; exit 2; }
      rocketmq_reference_restart_broker "$2" "$3"
      ;;
    *)
      echo "usage: $0 start [broker.conf lines...] | stop <dir> | restart-broker <dir> TERM|KILL" >&2
      exit 2
      ;;
  esac
fi
