#!/usr/bin/env bash
# `mq console -n` logging in to Apache RocketMQ with ACL on (scripts/rocketmq-reference.sh): 5.5.0
# with ACL 2.0 (initAuthenticationUser rocketmq/12345678, a Super user), or RMQ_REF_VERSION=4.9.7
# with ACL 1.0 (test/broker/acl/plain_acl.yml: rocketmq2 admin, RocketMQ not). The checks in
# scripts/console-reference-acl.ts: no page before a login, a wrong secret refused, the admin logs
# in, creates a topic and sends to it, the ACL page's API, a non-admin's change refused, logout.
# Prints one line per check, and exits 1 when a check failed. Needs java and mvn.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "console-reference-acl: $tool is not on PATH (see issue 13: Java 17, Maven 3.8)" >&2; exit 2; }
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
if [[ "${RMQ_REF_VERSION:-5.5.0}" == 4.* ]]; then
  export RMQ_REF_ACL_FILE="$repo/test/broker/acl/plain_acl.yml" RMQ_REF_CONSOLE_ACL=1.0
  rocketmq_reference_start aclEnable=true >&2
else
  export RMQ_REF_CONSOLE_ACL=2.0
  # 5.x needs its providers named (the broker fails its first authenticated request without them).
  provider=org.apache.rocketmq.auth
  rocketmq_reference_start authenticationEnabled=true authorizationEnabled=true \
    "authenticationProvider=$provider.authentication.provider.DefaultAuthenticationProvider" \
    "authenticationMetadataProvider=$provider.authentication.provider.LocalAuthenticationMetadataProvider" \
    "authorizationProvider=$provider.authorization.provider.DefaultAuthorizationProvider" \
    "authorizationMetadataProvider=$provider.authorization.provider.LocalAuthorizationMetadataProvider" \
    'initAuthenticationUser={"username":"rocketmq","password":"12345678"}' \
    'innerClientAuthenticationCredentials={"accessKey":"rocketmq","secretKey":"12345678"}' >&2
fi
ns="$RMQ_REF_NAMESRV_ADDR"
for _ in $(seq 1 600); do
  ./mq admin clusterList -n "$ns" 2>/dev/null | grep -q "$RMQ_REF_BROKER_ADDR" && break
  sleep 0.1
done
port="$(rocketmq_reference_free_port)"
MQ_ACCESS_KEY="" MQ_SECRET_KEY="" ./mq console -n "$ns" --port "$port" >"$RMQ_REF_DIR/console.out" 2>&1 &
console_pid=$!
rocketmq_reference_await "$RMQ_REF_DIR/console.out" "The console is at" "$console_pid" "console (mq)"
RMQ_REF_CONSOLE="http://127.0.0.1:$port" \
  node_modules/.bin/bun scripts/console-reference-acl.ts
