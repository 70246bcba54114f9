import { describe, expect, test } from "bun:test";
import { buildSubscription, tagFilter } from "../../src/broker/consume/index.ts";
import { PullHold, type HeldPull } from "../../src/broker/consume/pull-hold.ts";
import { javaStringHash } from "../../src/common/index.ts";

function held(overrides: Partial<HeldPull> = {}) {
  const events: string[] = [];
  const pull: HeldPull = {
    topic: "T",
    queueId: 0,
    fromOffset: 5,
    filter: tagFilter(buildSubscription("T", "TagA", "TAG", 1)),
    connectionId: 1,
    wake: () => events.push("wake"),
    drop: () => events.push("drop"),
    ...overrides,
  };
  return { pull, events };
}

const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe("subscriptions", () => {
  test("a tag expression becomes trimmed tags and their Java hash codes", () => {
    const sub = buildSubscription("T", " TagA ||TagB|| ", "TAG", 7);
    expect(sub).toMatchObject({ subString: "TagA ||TagB||", tagsSet: ["TagA", "TagB"], subVersion: 7 });
    expect(sub.codeSet).toEqual([2598919, 2598920]);
    expect(buildSubscription("T", "", "TAG", 1).subString).toBe("*");
    expect(buildSubscription("T", undefined, "TAG", 1).subString).toBe("*");
  });

  test("the tag filter matches by tags hash code, and * matches everything", () => {
    const filter = tagFilter(buildSubscription("T", "TagA || TagB", "TAG", 1));
    expect(filter.matchTagsCode(javaStringHash("TagB"))).toBe(true);
    expect(filter.matchTagsCode(javaStringHash("TagC"))).toBe(false);
    expect(filter.matchTagsCode(0)).toBe(false);
    expect(tagFilter(buildSubscription("T", "*", "TAG", 1)).matchTagsCode(0)).toBe(true);
  });
});

describe("held pulls", () => {
  test("an arriving message that matches wakes the pull once, after the dispatch loop", async () => {
    const hold = new PullHold(10);
    const { pull, events } = held();
    expect(hold.hold(pull, 10_000)).toBe(true);
    hold.notifyArrived("T", 0, 5, javaStringHash("TagA"));
    expect(events).toEqual([]);
    hold.notifyArrived("T", 0, 6, javaStringHash("TagA"));
    await tick();
    expect(events).toEqual(["wake"]);
    expect(hold.size).toBe(0);
  });

  test("messages of another queue, another tag or before the offset leave it parked", async () => {
    const hold = new PullHold(10);
    const { pull, events } = held();
    hold.hold(pull, 10_000);
    hold.notifyArrived("T", 1, 9, javaStringHash("TagA"));
    hold.notifyArrived("U", 0, 9, javaStringHash("TagA"));
    hold.notifyArrived("T", 0, 9, javaStringHash("TagB"));
    hold.notifyArrived("T", 0, 4, javaStringHash("TagA"));
    await tick();
    expect(events).toEqual([]);
    expect(hold.size).toBe(1);
    hold.wakeAll();
    expect(events).toEqual(["wake"]);
  });

  test("the hold time running out wakes the pull to be answered", async () => {
    const hold = new PullHold(10);
    let woke: () => void = () => {};
    const woken = new Promise<void>((resolve) => (woke = resolve));
    const started = performance.now();
    hold.hold(held({ wake: () => woke() }).pull, 50);
    await woken;
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(hold.size).toBe(0);
  });

  test("a closed connection's pulls are dropped without an answer", () => {
    const hold = new PullHold(10);
    const mine = held({ connectionId: 7 });
    const other = held({ connectionId: 8 });
    hold.hold(mine.pull, 10_000);
    hold.hold(other.pull, 10_000);
    hold.dropConnection(7);
    expect(mine.events).toEqual(["drop"]);
    expect(other.events).toEqual([]);
    expect(hold.size).toBe(1);
    hold.wakeAll();
  });

  test("the sweep wakes pulls whose queue grew, whatever the tags", () => {
    const hold = new PullHold(10);
    const grown = held({ queueId: 0 });
    const idle = held({ queueId: 1 });
    hold.hold(grown.pull, 10_000);
    hold.hold(idle.pull, 10_000);
    hold.sweep((_, queueId) => (queueId === 0 ? 6 : 5));
    expect(grown.events).toEqual(["wake"]);
    expect(idle.events).toEqual([]);
    hold.wakeAll();
  });

  test("refuses to hold past its bound", () => {
    const hold = new PullHold(2);
    expect(hold.hold(held().pull, 10_000)).toBe(true);
    expect(hold.hold(held().pull, 10_000)).toBe(true);
    expect(hold.hold(held().pull, 10_000)).toBe(false);
    expect(hold.size).toBe(2);
    hold.wakeAll();
  });
});
