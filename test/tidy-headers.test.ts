// Keeps request headers in their codecs (STYLE.md §4: a hand-written codec per request header, in
// src/common/protocol): no file outside src/common/protocol builds a request header as an object
// literal for request(), invokeOk(), invokeNamesrv(), invokeAllNamesrvs() or the other senders, in
// the call or in a variable it passes. `{}` (a code without a header) is allowed.
import { describe, expect, test } from "bun:test";
import { Glob } from "bun";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { handBuiltHeaders } from "./tidy-header-scan.ts";

const ROOT = join(import.meta.dir, "..");

describe("request headers", () => {
  test("no file outside src/common/protocol builds a request header by hand", () => {
    const files = [...new Glob("src/**/*.ts").scanSync({ cwd: ROOT })].filter((p) => !p.startsWith("src/common/protocol/")).sort();
    const problems = files.flatMap((path) => handBuiltHeaders(readFileSync(join(ROOT, path), "utf8")).map((p) => `${path}:${p}`));
    expect(problems).toEqual([]);
  });

  test("the scan sees a literal header in the call, in a variable, and after a RequestCode; not a codec's or an empty one", () => {
    expect(handBuiltHeaders(`await invokeOk(ctx, addr, RequestCode.GET_CONSUME_STATS, { consumerGroup: g, topic });`)).toHaveLength(1);
    expect(handBuiltHeaders(`const ext = { topic, queueId };\nconst min = await invokeOk(ctx, addr, code, ext);`)).toEqual(["2: invokeOk(…) ext"]);
    expect(handBuiltHeaders(`rc.invoke(addr, request(code, {\n  topic: "a,b",\n}), 3000);`)).toEqual([expect.stringMatching(/^1: request\(…\) \{ topic/)]);
    expect(handBuiltHeaders(`callConsumer(ctx, RequestCode.CONSUME_MESSAGE_DIRECTLY, { ...req, extFields: ext });`)).toHaveLength(1);
    expect(handBuiltHeaders([
      `request(RequestCode.HEART_BEAT, {}, body);`,
      `invokeOk(ctx, addr, RequestCode.GET_TOPIC_STATS_INFO, encodeTopicHeader(topic));`,
      `request(RequestCode.PULL_MESSAGE, pullMessageExtFields({ topic }));`,
      `invokeNamesrv(ctx, RequestCode.GET_BROKER_CLUSTER_INFO);`,
      `const table = new Map([[RequestCode.GET_TOPIC_CONFIG, { fields: [] }]]);`,
      `export function request(code: number, extFields?: ExtFieldsInit, body?: Uint8Array): RemotingCommand {`,
    ].join("\n"))).toEqual([]);
  });
});
