#!/usr/bin/env bash
# The chaos run (OpenChaos's faults and checkers, on one machine): builds ./mq, starts a NameServer
# and a SYNC_FLUSH broker on free loopback ports in a temporary directory, the broker's store on a
# 256 MiB tmpfs of its own seen through forgetful-fs.py (a FUSE filesystem that can forget every
# write not fsynced, as a power loss does); an mq-client workload (a producer, an orderly producer
# over 8 keys, a concurrent and an orderly consumer) and an ali-ons workload (a producer and a consumer) send and
# receive at a steady rate while a loop injects, one after the other with 8-16 s of calm between:
#   kill       SIGKILL the broker and start it again;
#   pause      SIGSTOP it for 3-10 s, then SIGCONT;
#   disk-full  fill its filesystem with a ballast file for 8 s, then delete it (the broker is
#              restarted, and that counted, when sends are still refused 30 s later);
#   power-cut  SIGKILL the broker, roll every store file back to its last fsync, start it again.
# After the duration the faults stop, the producers stop, the consumers are drained, and the
# checker prints acknowledged / consumed / lost / duplicates / order violations per consumer
# group and the recovery time per fault kind. Exit 0 when nothing acknowledged was lost and every
# orderly key kept its order.
# Needs root (the tmpfs and FUSE mounts) and python3; installs fusepy (PyPI) and libfuse2 (Debian)
# when missing. Without the tmpfs the disk faults are skipped, without FUSE the power cuts: the run
# says so.
#   scripts/chaos.sh                   # 10 minutes of faults, then the drain and the table
#   scripts/chaos.sh --duration 60s    # a smoke run
#   scripts/chaos.sh --faults power-cut,kill   # only these kinds, in this order (default: all four)
#   scripts/chaos.sh --async-flush     # the same with ASYNC_FLUSH: power cuts must show losses
#   scripts/chaos.sh --keep            # keep the run's directory (journals, broker logs, report.json)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION_S=600
KEEP=""
FAULTS=""
FLUSH=SYNC_FLUSH
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) shift; DURATION="${1:-}";;
    --duration=*) DURATION="${1#--duration=}";;
    --faults) shift; FAULTS="${1:-}";;
    --faults=*) FAULTS="${1#--faults=}";;
    --keep) KEEP=1;;
    --async-flush) FLUSH=ASYNC_FLUSH;;
    -h|--help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    *) echo "chaos.sh: unknown argument '$1' (try --duration 60s, --faults kill,pause, --async-flush, --keep)" >&2; exit 2;;
  esac
  if [ -n "${DURATION:-}" ]; then
    NUMBER="${DURATION%[ms]}"
    case "$NUMBER" in
      *[!0-9]*|'') echo "chaos.sh: --duration takes 600, 600s or 10m, not '$DURATION'" >&2; exit 2;;
    esac
    case "$DURATION" in
      *m) DURATION_S=$(( NUMBER * 60 ));;
      *) DURATION_S=$NUMBER;;
    esac
    DURATION=""
  fi
  shift
done

if ! npm run --silent build >/dev/null 2>&1; then npm run build; exit 1; fi

FUSE=""
if ! python3 -c 'import fuse' >/dev/null 2>&1 || ! ldconfig -p | grep -q 'libfuse.so.2'; then
  echo "chaos.sh: installing fusepy and libfuse2 for the power-cut filesystem"
  ldconfig -p | grep -q 'libfuse.so.2' || apt-get install -y -qq libfuse2 >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libfuse2 >/dev/null 2>&1; } || true
  python3 -c 'import fuse' >/dev/null 2>&1 || python3 -m pip install -q fusepy==3.0.1 >/dev/null 2>&1 || true
fi
if python3 -c 'import fuse' >/dev/null 2>&1 && [ -c /dev/fuse ]; then FUSE=1; fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/mq-chaos.XXXXXX")"
DISK="$WORK/disk"
mkdir -p "$DISK"
if mount -t tmpfs -o size=256m tmpfs "$DISK" 2>/dev/null; then
  MOUNTED=1
else
  MOUNTED=""
  echo "chaos.sh: mount -t tmpfs refused (not root?): the disk-full fault is OFF for this run" >&2
fi
DRIVER=""
cleanup() {
  trap - EXIT INT TERM
  [ -n "$DRIVER" ] && kill -TERM "$DRIVER" 2>/dev/null && wait "$DRIVER" 2>/dev/null
  if [ -f "$WORK/pids" ]; then
    while read -r pid; do kill -CONT "$pid" 2>/dev/null || true; kill -KILL "$pid" 2>/dev/null || true; done < "$WORK/pids"
  fi
  mountpoint -q "$WORK/store" 2>/dev/null && umount -l "$WORK/store" 2>/dev/null
  [ -n "$MOUNTED" ] && umount -l "$DISK" 2>/dev/null
  if [ -n "$KEEP" ]; then echo "chaos.sh: the run's files are in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

CHAOS_DIR="$WORK" CHAOS_DISK="${MOUNTED:+$DISK}" CHAOS_FUSE="$FUSE" CHAOS_FAULTS="$FAULTS" CHAOS_FLUSH="$FLUSH" CHAOS_DURATION_S="$DURATION_S" BENCH_PIDFILE="$WORK/pids" \
  node_modules/.bin/bun scripts/chaos/run.ts &
DRIVER=$!
set +e
wait "$DRIVER"
CODE=$?
set -e
DRIVER=""
exit "$CODE"
