// Runs the real ali-ons 4.x client (in Node, as applications do) against a running cluster.
import { join } from "node:path";
import { spawnProc, type Proc } from "./harness.ts";

const CLIENTS = join(import.meta.dir, "clients");

export interface SendLine {
  i: number;
  tag: string;
  status?: string;
  msgId?: string;
  queueId?: number;
  queueOffset?: number;
  failed?: string;
  done?: boolean;
  /** The __STARTDELIVERTIME it set, when deliverAfterMs was given. */
  deliverAt?: number;
}

export interface ReceiveLine {
  topic: string;
  tags: string;
  keys: string;
  body: string;
  queueId: number;
  queueOffset: number;
  msgId: string;
  reconsumeTimes: number;
  delivery: number;
}

export function onsProducer(config: {
  nameSrv: string;
  topic: string;
  count: number;
  tags?: string[];
  group?: string;
  keyPrefix?: string;
  concurrency?: number;
  deliverAfterMs?: number;
  /** A worker waits this long after a failed send (an application backing off). */
  failPauseMs?: number;
  /** ACL credentials: ali-ons signs every request when both are given. */
  accessKey?: string;
  secretKey?: string;
}): Proc {
  return spawnProc("ons-producer", ["node", join(CLIENTS, "ons-produce.cjs")], {
    env: { MQ_TEST: JSON.stringify(config) },
  });
}

export function onsConsumer(
  name: string,
  config: {
    nameSrv: string; topic: string; group: string; expression?: string; fromFirst?: boolean; failTimes?: number;
    accessKey?: string; secretKey?: string;
  },
): Proc {
  return spawnProc(name, ["node", join(CLIENTS, "ons-consume.cjs")], { env: { MQ_TEST: JSON.stringify(config) } });
}

export const received = (p: Proc): ReceiveLine[] =>
  p.objects.filter((o) => typeof o.body === "string") as unknown as ReceiveLine[];
export const sent = (p: Proc): SendLine[] => p.objects.filter((o) => typeof o.i === "number") as unknown as SendLine[];
/** The queue ids a consumer reported owning after its most recent rebalance. */
export const ownedQueues = (p: Proc): number[] | undefined => {
  const reports = p.objects.filter((o) => Array.isArray(o.queues));
  return reports.at(-1)?.queues as number[] | undefined;
};
