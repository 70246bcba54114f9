// As Java's clients (Validators.checkGroup in start()), mq's refuse a group name the broker would
// refuse, before they start: a broadcasting consumer named ../../x wrote its offsets file two
// directories above its offset store, and pulled on, refused, forever.
import { expect, test } from "bun:test";
import { Producer, PullConsumer, PushConsumer } from "../../src/client/index.ts";

const ILLEGAL = "the specified group[../../evil] contains illegal characters, allowing only ^[%|a-zA-Z0-9_-]+$";

test("a push or pull consumer, or a producer, whose group holds ../ is refused at construction with Java's remark", () => {
  const common = { namesrvAddr: "127.0.0.1:1", offsetStoreDir: "/nonexistent-mq-offsets" };
  expect(() => new PushConsumer({ ...common, consumerGroup: "../../evil", messageModel: "BROADCASTING" })).toThrow(ILLEGAL);
  expect(() => new PullConsumer({ ...common, consumerGroup: "../../evil" })).toThrow(ILLEGAL);
  expect(() => new Producer({ namesrvAddr: "127.0.0.1:1", producerGroup: "../../evil" })).toThrow(ILLEGAL);
  expect(() => new Producer({ namesrvAddr: "127.0.0.1:1", producerGroup: "g".repeat(256) })).toThrow(
    "the specified group is longer than group max length 255.",
  );
  expect(() => new PushConsumer({ ...common, consumerGroup: "ns%CID_orders-1|x" })).not.toThrow();
});
