// The golden frames of test/fixtures/rocketmq-java (captured by scripts/capture-golden.ts):
// <version>/<code>-<serializeType>.bin, a whole frame as an Apache RocketMQ peer sent it.
import { expect } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FrameDecoder, type RemotingCommand } from "../../../src/remoting/index.ts";

const FIXTURES = join(import.meta.dir, "../../fixtures/rocketmq-java");

export const frameOf = (version: string, name: string): Buffer => readFileSync(join(FIXTURES, version, `${name}.bin`));

/** The one command the frame holds. */
export function decoded(version: string, name: string): RemotingCommand {
  const cmds = new FrameDecoder().push(Uint8Array.from(frameOf(version, name)));
  expect(cmds).toHaveLength(1);
  return cmds[0]!;
}
