// `mq admin startMonitoring`: mqadmin's MonitorService until Ctrl-C. Each round reports every
// online consumer group's undone messages and checks its clients' running info, in
// DefaultMonitorListener's lines ("[MONITOR] ..."), here on stdout rather than in a log file. As
// MonitorService, the first round comes after 20 s and the next every 60 s; mq adds -i (the round
// interval in ms, which also shortens the first wait), -r (stop after that many rounds) and --json
// (one JSON document a round).
import * as admin from "../admin/index.ts";
import { int, json, type Subcommand } from "./admin-options.ts";
import type { Io } from "./command.ts";
import { printf } from "./printf.ts";
import { stuckQueues } from "./admin-running-info.ts";
import { onStopSignal } from "./tool-flags.ts";

const FIRST_ROUND_DELAY_MS = 20_000;
const ROUND_INTERVAL_MS_DEFAULT = 60_000;
const PREFIX = "[MONITOR] ";
const NOTIFY = `${PREFIX} [NOTIFY] `;

function roundText(round: admin.MonitorRound, nowMs: number): string {
  const lines = [`${PREFIX}=========================================beginRound`];
  for (const u of round.undone) {
    lines.push(`${PREFIX}reportUndoneMsgs: UndoneMsgs [consumerGroup=${u.consumerGroup}, topic=${u.topic}, undoneMsgsTotal=${u.undoneMsgsTotal}, ` +
      `undoneMsgsSingleMQ=${u.undoneMsgsSingleMQ}, undoneMsgsDelayTimeMills=${u.undoneMsgsDelayTimeMills}]`);
  }
  for (const { group, clients } of round.runningInfo) {
    if (!admin.sameSubscription(clients, nowMs)) lines.push(`${NOTIFY}reportConsumerRunningInfo: ConsumerGroup: ${group}, Subscription different`);
    for (const [clientId, info] of clients) {
      const stuck = stuckQueues(clientId, info, nowMs).trimEnd();
      if (stuck !== "") lines.push(`${NOTIFY}reportConsumerRunningInfo: ConsumerGroup: ${group}, ClientId: ${clientId}, ${stuck}`);
    }
  }
  lines.push(`${PREFIX}=========================================endRound`, `Execute one round monitor work, spent timemills: ${round.spentMs}`);
  return `${lines.join("\n")}\n`;
}

function printRound(io: Io, round: admin.MonitorRound, asJson: boolean): void {
  if (!asJson) return io.out(roundText(round, Date.now()));
  const runningInfo = round.runningInfo.map(({ group, clients }) => ({
    group, sameSubscription: admin.sameSubscription(clients, Date.now()),
    clients: clients.map(([clientId, info]) => ({ clientId, stuckQueues: stuckQueues(clientId, info, Date.now()).trimEnd() })),
  }));
  io.out(`${JSON.stringify({ undone: round.undone, runningInfo, spentMs: round.spentMs })}\n`);
}

export const startMonitoring: Subcommand = {
  name: "startMonitoring", description: "Start Monitoring.",
  usage: "[-i <round interval ms, 60000>] [-r <rounds, 0 = until Ctrl-C>] [--json]",
  async run(ctx, o, io) {
    const intervalMs = int(o, "i", ROUND_INTERVAL_MS_DEFAULT);
    const rounds = int(o, "r", 0);
    if (intervalMs < 1 || rounds < 0) throw new Error("-i must be at least 1 (ms) and -r 0 or more");
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const unlisten = onStopSignal(() => stop());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const wait = (ms: number) => Promise.race([stopped.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), ms)))]);
    try {
      let done = 0;
      for (let delay = Math.min(FIRST_ROUND_DELAY_MS, intervalMs); await wait(delay); delay = intervalMs) {
        try {
          printRound(io, await admin.monitorRound(ctx), json(o));
        } catch (e) {
          io.err(`mq admin startMonitoring: round failed, the next comes in ${intervalMs} ms: ${(e as Error).message}\n`);
        }
        done += 1;
        if (rounds > 0 && done >= rounds) break;
      }
    } finally {
      clearTimeout(timer);
      unlisten();
    }
  },
};
