// Every console page driven in chromium against `mq all-in-one` with traffic: the dashboard's
// charts, the cluster, a topic created and a test message sent from the pages, that message found
// by key and by id, a group's lag watched falling and an offset reset bringing it back, a dead
// letter re-sent, the producer, trace and ops pages, and the dashboard's rates under traffic. A screenshot of each page is saved in the
// test's temp directory (MQ_CONSOLE_SCREENSHOTS=dir also copies three there, for the README).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { encodeTraceRecord } from "../../src/admin/index.ts";
import { Producer, PushConsumer, type ConsumeResult } from "../../src/client/index.ts";
import { fast, Received } from "../client/fixture.ts";
import { allInOne } from "./all-in-one.ts";
import { chromiumReady, launchChromium, screenshots } from "./browser.ts";
import { killAll, tempDir } from "./harness.ts";

const ready = chromiumReady();
const dir = tempDir("mq-console-browser-");
const shots = join(dir, "screenshots");
const STEP_TIMEOUT_MS = 60_000;

let browser: Browser;
let page: Page;
let base: string;
let namesrvAddr: string;
let brokerPort: number;
let producer: Producer;
let traffic: { stop(): Promise<void> } | undefined;
const pageErrors: string[] = [];
const sent: { msgId: string; offsetMsgId: string } = { msgId: "", offsetMsgId: "" };

beforeAll(async () => {
  if (!ready) return;
  mkdirSync(shots, { recursive: true });
  const aio = await allInOne(dir);
  base = `http://127.0.0.1:${aio.consolePort}`;
  namesrvAddr = `127.0.0.1:${aio.namesrvPort}`;
  brokerPort = aio.brokerPort;
  producer = new Producer({ namesrvAddr, producerGroup: "browser-pg", ...fast });
  await producer.start();
  traffic = await steadyTraffic();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on("pageerror", (e) => pageErrors.push(`${page.url()}: ${e.message}`));
}, STEP_TIMEOUT_MS);

afterAll(async () => {
  await traffic?.stop();
  await producer?.shutdown();
  await browser?.close();
  await killAll();
  rmSync(dir, { recursive: true, force: true });
});

const shot = screenshots(() => page, shots, ["dashboard", "topic", "consumer"]);

const text = (selector: string) => page.locator(selector).innerText();

/** Reloads until check() holds: the console's pages do not push updates, so reloading is how a
 *  user watches a number change (bounded, 250 ms apart). */
async function reloadUntil(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not seen on ${page.url()} within ${timeoutMs} ms`);
    await Bun.sleep(250);
    await page.reload();
  }
}

async function consumer(group: string, topic: string, listen: () => ConsumeResult, extra: { maxReconsumeTimes?: number } = {}) {
  const received = new Received();
  const c = new PushConsumer({ namesrvAddr, consumerGroup: group, consumeFromWhere: "CONSUME_FROM_FIRST_OFFSET", ...fast, ...extra });
  c.subscribe(topic);
  c.registerMessageListener((msgs) => (received.add(msgs), listen()));
  await c.start();
  return { received, stop: () => c.shutdown() };
}

const lag = async () => Number(await text("#lag"));

/** Ten messages a second to TrafficTopic, consumed by traffic-cg, for the dashboard's charts. */
async function steadyTraffic() {
  const c = await consumer("traffic-cg", "TrafficTopic", () => "CONSUME_SUCCESS");
  let n = 0;
  const timer = setInterval(() => void producer.send({ topic: "TrafficTopic", body: `tick ${n++}` }).catch(() => undefined), 100);
  return { stop: async () => (clearInterval(timer), await c.stop()) };
}

describe.skipIf(!ready)("the console in a browser", () => {
  test("the dashboard draws the produce and consume charts of the running broker", async () => {
    await page.goto(`${base}/`);
    await page.locator("#chart-putTps canvas").waitFor();
    await page.locator("#chart-getTps canvas").waitFor();
    expect(await text("#samples")).toMatch(/^\d+ samples$/);
    await shot("dashboard-first");
  }, STEP_TIMEOUT_MS);

  test("the cluster page lists the broker as MASTER with its address and version", async () => {
    await page.goto(`${base}/cluster`);
    const row = await text("main table tbody tr");
    expect(row).toContain(`127.0.0.1:${brokerPort}`);
    expect(row).toContain("MASTER");
    expect(row).toContain("V4_9_8");
    await shot("cluster");
  }, STEP_TIMEOUT_MS);

  test("a topic created from the topic page is listed", async () => {
    await page.goto(`${base}/topics`);
    await page.fill("input[name=topic]", "BrowserTopic");
    await page.fill("input[name=writeQueueNums]", "4");
    await page.fill("input[name=readQueueNums]", "4");
    await Promise.all([page.waitForEvent("load"), page.click("form[data-api] button[type=submit]")]);
    await page.locator("a", { hasText: /^BrowserTopic$/ }).waitFor();
    await shot("topics");
  }, STEP_TIMEOUT_MS);

  test("a test message sent from the topic page is found by its key and by its id", async () => {
    await page.goto(`${base}/topics/BrowserTopic`);
    expect(await text("main")).toContain("Route");
    await page.fill("#send-form textarea[name=body]", "hello from the browser");
    await page.fill("#send-form input[name=tags]", "TagB");
    await page.fill("#send-form input[name=keys]", "browser-key");
    await page.click("#send-form button[type=submit]");
    await page.locator("#send-result.ok").waitFor();
    const result = JSON.parse(await text("#send-result")) as { sendStatus: string; msgId: string; offsetMsgId: string };
    expect(result.sendStatus).toBe("SEND_OK");
    Object.assign(sent, result);
    await shot("topic");

    await page.goto(`${base}/messages`);
    await page.fill("input[name=topic]", "BrowserTopic");
    await page.fill("input[name=key]", "browser-key");
    await Promise.all([page.waitForEvent("load"), page.click("button[type=submit]")]);
    await page.click(`a:text("${sent.msgId}")`);
    const detail = await text("main");
    expect(detail).toContain("hello from the browser");
    expect(detail).toContain(sent.offsetMsgId);
    await shot("message");

    await page.goto(`${base}/messages`);
    await page.fill("input[name=topic]", "BrowserTopic");
    await page.fill("input[name=id]", sent.msgId);
    await Promise.all([page.waitForEvent("load"), page.click("button[type=submit]")]);
    expect(await text("main table")).toContain(sent.msgId);
    await shot("message-by-id");
  }, STEP_TIMEOUT_MS);

  test("a group created on the consumer page is listed; its lag falls to 0 as its consumer catches up, and a reset to time 0 brings it all back", async () => {
    await page.goto(`${base}/consumers`);
    await page.fill("#group-form input[name=group]", "browser-cg");
    await Promise.all([page.waitForEvent("load"), page.click("#group-form button[type=submit]")]);
    await page.locator("a", { hasText: /^browser-cg$/ }).waitFor();
    const first = await consumer("browser-cg", "BrowserTopic", () => "CONSUME_SUCCESS");
    await first.received.count(1);
    await first.stop();
    for (let i = 0; i < 20; i++) await producer.send({ topic: "BrowserTopic", body: `backlog ${i}` });
    await page.goto(`${base}/consumers/browser-cg`);
    expect(await lag()).toBe(20);
    const second = await consumer("browser-cg", "BrowserTopic", () => "CONSUME_SUCCESS");
    try {
      await reloadUntil(async () => (await lag()) === 0, "lag 0");
      expect(await text("main")).toContain("BrowserTopic");
      await shot("consumer");
    } finally {
      await second.stop();
    }
    await page.fill("#reset-form input[name=topic]", "BrowserTopic");
    await page.fill("#reset-form input[name=timestampMs]", "0");
    await page.click("#reset-form button[type=submit]");
    await page.locator("#reset-result.ok").waitFor();
    await page.reload();
    expect(await lag()).toBe(21);
  }, STEP_TIMEOUT_MS);

  test("a dead letter is listed on the DLQ page, and its resend button hands it to its group again", async () => {
    let verdict: ConsumeResult = "RECONSUME_LATER";
    const dlq = await consumer("browser-dlq", "DlqBrowser", () => verdict, { maxReconsumeTimes: 0 });
    try {
      const dead = await producer.send({ topic: "DlqBrowser", body: "dead letter", keys: "dlq-browser-key" });
      await page.goto(`${base}/dlq?group=browser-dlq`);
      await reloadUntil(async () => (await page.locator(`a:text("${dead.msgId}")`).count()) === 1, "the dead letter");
      await shot("dlq");
      verdict = "CONSUME_SUCCESS";
      const before = dlq.received.messages.length;
      await page.click("button:text('to the group')");
      await page.locator("#result.ok").waitFor();
      expect(await text("#result")).toContain("%RETRY%browser-dlq");
      await dlq.received.until(() => dlq.received.messages.length > before, "the re-sent dead letter");
      const again = dlq.received.messages.at(-1);
      expect([again?.topic, again?.properties.ORIGIN_MESSAGE_ID]).toEqual(["DlqBrowser", dead.msgId]);
    } finally {
      await dlq.stop();
    }
  }, STEP_TIMEOUT_MS);

  test("the producer page shows the connections of a producer group that is sending", async () => {
    await page.goto(`${base}/producers`);
    await page.fill("input[name=topic]", "BrowserTopic");
    await page.fill("input[name=group]", "browser-pg");
    await Promise.all([page.waitForEvent("load"), page.click("button[type=submit]")]);
    const api = await fetch(`${base}/api/producers?group=browser-pg&topic=BrowserTopic`);
    if (api.status === 502) {
      // A broker without GET_PRODUCER_CONNECTION_LIST (204) says so in the page, in its own words.
      expect(await text("main")).toContain("CODE: ");
    } else {
      expect(await text("main table")).toContain(producer.clientId);
    }
    await shot("producer");
  }, STEP_TIMEOUT_MS);

  test("the trace page shows the send and the consume that tracing clients recorded for the message", async () => {
    const record = (fields: Array<string | number | boolean>) => encodeTraceRecord(fields);
    const now = Date.now();
    await producer.send({
      topic: "RMQ_SYS_TRACE_TOPIC", keys: [sent.msgId, "browser-key"],
      body: record(["Pub", now, "DefaultRegion", "browser-pg", "BrowserTopic", sent.msgId, "TagB", "browser-key", `127.0.0.1:${brokerPort}`, 22, 4, 0, sent.offsetMsgId, true]) +
        record(["SubBefore", now + 5, "DefaultRegion", "browser-cg", "req-1", sent.msgId, 0, "browser-key"]) +
        record(["SubAfter", "req-1", sent.msgId, 9, true, "browser-key", 0, now + 14, "browser-cg"]),
    });
    await page.goto(`${base}/messages/${sent.offsetMsgId}`);
    await Promise.all([page.waitForEvent("load"), page.click(`a:text("Message trace of ${sent.msgId}")`)]);
    const table = await text("main table");
    expect(table).toContain("Pub");
    expect(table).toContain("SubAfter");
    expect(table).toContain("browser-cg");
    await shot("trace");
  }, STEP_TIMEOUT_MS);

  test("with traffic running, the dashboard charts the broker's produce and consume rates over the samples taken", async () => {
    type Samples = { samples: Array<{ brokers: Record<string, { putTps: number; getTps: number }>; topics: Record<string, number> }> };
    const busy = async () => {
      const { samples } = (await (await fetch(`${base}/api/dashboard`)).json()) as Samples;
      const charted = (s: Samples["samples"][number] | undefined) =>
        s !== undefined && Object.values(s.brokers).some((b) => b.putTps > 0 && b.getTps > 0) && (s.topics.TrafficTopic ?? 0) > 0;
      return samples.length >= 3 && charted(samples.at(-1)) && charted(samples.at(-2));
    };
    await page.goto(`${base}/`);
    await reloadUntil(busy, "three samples, the last two with produce, consume and TrafficTopic rates", 45_000);
    await page.reload();
    // Expressions in the page are strings: the tests are type-checked without the DOM's types.
    await page.waitForFunction(`Number(document.getElementById("samples")?.textContent?.split(" ")[0]) >= 3`);
    await page.locator("#chart-topicTps canvas").waitFor();
    await shot("dashboard");
  }, STEP_TIMEOUT_MS);

  test("on a phone-sized screen every page fits the screen's width (wide tables scroll inside their cards)", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const paths = ["/", "/cluster", "/topics", "/topics/BrowserTopic", "/consumers", "/consumers/browser-cg", "/producers",
        `/messages/${sent.offsetMsgId}`, "/dlq?group=browser-dlq", `/trace?msgId=${sent.msgId}`, "/ops"];
      const overflowing: string[] = [];
      for (const path of paths) {
        await page.goto(`${base}${path}`);
        const [scrollWidth, innerWidth] = await page.evaluate<number[]>("[document.documentElement.scrollWidth, window.innerWidth]");
        if ((scrollWidth ?? 0) > (innerWidth ?? 0)) overflowing.push(`${path}: ${scrollWidth} > ${innerWidth}`);
      }
      await page.goto(`${base}/consumers/browser-cg`);
      await shot("phone-consumer");
      expect(overflowing).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 860 });
    }
  }, STEP_TIMEOUT_MS);

  test("the ops page names the NameServer, and no page raised a script error", async () => {
    await page.goto(`${base}/ops`);
    expect(await text("main table")).toContain(namesrvAddr);
    await shot("ops");
    expect(pageErrors).toEqual([]);
  }, STEP_TIMEOUT_MS);
});
