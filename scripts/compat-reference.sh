#!/usr/bin/env bash
# Apache RocketMQ as a differential oracle: the compat suite's Java, Go and mqadmin scenarios
# against Apache RocketMQ 5.5.0 and 4.9.7 (scripts/rocketmq-reference.sh) and against ./mq, then one table
# (markdown on stdout; progress on stderr). Needs java, mvn and go; builds ./mq if it is missing.
# COMPAT_REFERENCE_SUITES="mqadmin" runs only the named suites (Java, Go, mqadmin).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
for tool in java mvn go; do
  command -v "$tool" >/dev/null || { echo "compat-reference: $tool is not on PATH (see issue 13: Java 17, Maven 3.8, Go)" >&2; exit 2; }
done
[[ -x ./mq ]] || npm run build >&2
exec node_modules/.bin/bun scripts/compat-reference.ts
