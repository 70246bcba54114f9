// The run's topics, created once with `mq admin updateTopic` at queue counts a broker would not
// pick by itself (it auto-creates topics with 4 queues), and checked after every restart: a topic
// whose configuration did not survive (meta.db lost it) shows up missing or with 4 queues.
import { join, resolve } from "node:path";
import { spawn } from "../bench/procs.ts";

const MQ = join(resolve(import.meta.dir, "../.."), "mq");
export const TOPICS = { plain: "ChaosPlain", order: "ChaosOrder" } as const;
const QUEUES: Record<string, number> = { [TOPICS.plain]: 6, [TOPICS.order]: 8 };
const ROUTE_WAIT_MS_MAX = 15_000;

async function admin(namesrvAddr: string, args: string[]): Promise<{ code: number; out: string }> {
  const child = spawn("admin", [MQ, "admin", ...args, "-n", namesrvAddr]);
  const code = await child.exited;
  return { code, out: child.lines.join("\n") };
}

export async function createTopics(namesrvAddr: string, cluster: string): Promise<void> {
  for (const [topic, n] of Object.entries(QUEUES)) {
    const r = await admin(namesrvAddr, ["updateTopic", "-t", topic, "-c", cluster, "-r", `${n}`, "-w", `${n}`]);
    if (r.code !== 0) throw new Error(`updateTopic ${topic} failed:\n${r.out}`);
  }
}

/** What is wrong with the topics' routes once the restarted broker registered; [] when nothing. */
export async function topicProblems(namesrvAddr: string): Promise<string[]> {
  const problems: string[] = [];
  for (const [topic, n] of Object.entries(QUEUES)) {
    const deadline = Date.now() + ROUTE_WAIT_MS_MAX;
    let queues: number | undefined;
    while (queues === undefined && Date.now() < deadline) {
      const r = await admin(namesrvAddr, ["topicRoute", "-t", topic]);
      if (r.code === 0) queues = writeQueues(r.out);
      else await Bun.sleep(500);
    }
    if (queues === undefined) problems.push(`${topic}: no route ${ROUTE_WAIT_MS_MAX / 1000} s after the restart`);
    else if (queues !== n) problems.push(`${topic}: ${queues} write queues after the restart, created with ${n}`);
  }
  return problems;
}

function writeQueues(json: string): number | undefined {
  try {
    const route = JSON.parse(json.slice(json.indexOf("{"))) as { queueDatas?: { writeQueueNums: number }[] };
    return route.queueDatas?.[0]?.writeQueueNums;
  } catch {
    return undefined;
  }
}
