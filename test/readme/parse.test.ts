// The doctest's reading of README markers, and its verdicts: a block that does not do what its
// marker promises must fail, or the README test proves nothing.
import { describe, expect, test } from "bun:test";
import { checkStep, parseReadme } from "./parse.ts";

const fence = "```";
const doc = (...parts: string[]) => parts.join("\n");

describe("README doctest markers", () => {
  test("a marked shell block becomes one step per command, with its expectations", () => {
    const [block] = parseReadme(doc(
      "## Send", "<!-- doctest", "needs: nothing",
      "1: background until /boot success/", "2: /^SendResult/ x10; no /ERROR/", "3: exit 1; /not found; try again/",
      "-->", `${fence}sh`, "./mq all-in-one   # a comment", "# a comment line", "", "./mq produce -c 10 \\", "  -t T",
      "./mq admin queryMsgByKey -k nope", fence,
    ));
    expect(block?.section).toBe("Send");
    expect(block?.needs).toBe("nothing");
    expect(block?.steps.map((s) => s.command)).toEqual(["./mq all-in-one   # a comment", "./mq produce -c 10 \n  -t T", "./mq admin queryMsgByKey -k nope"]);
    expect(block?.steps[0]?.mode).toEqual({ kind: "background", until: /boot success/ });
    expect(block?.steps[1]?.expects).toEqual([{ re: /^SendResult/, count: 10 }, { re: /ERROR/, absent: true }]);
    expect(block?.steps[2]?.exitCode).toBe(1);
    expect(block?.steps[2]?.expects[0]?.re.source).toBe("not found; try again");
  });

  test("a reason may hold slashes and semicolons", () => {
    const [block] = parseReadme(doc(
      "<!-- doctest", '1: drop "npm ci && ": npm test ran ./mq/build; /x/', "2: skip: needs redis; and ./scripts/a.sh", "-->",
      `${fence}sh`, "npm ci && ./mq x", "scripts/bench.sh", fence,
    ));
    expect(block?.steps[0]?.drop).toBe("npm ci && ");
    expect(block?.steps[0]?.expects).toEqual([{ re: /x/ }]);
    expect(block?.steps[1]?.mode).toEqual({ kind: "skip", reason: "needs redis; and ./scripts/a.sh" });
  });

  test("a shell, js or ts block without a marker, a skip without a reason and an unknown item are refused", () => {
    expect(() => parseReadme(doc(`${fence}sh`, "./mq", fence))).toThrow(/README:1: a sh block without a <!-- doctest/);
    expect(() => parseReadme(doc("<!-- doctest: skip -->", `${fence}ts`, "x", fence))).toThrow(/skip needs a reason/);
    expect(() => parseReadme(doc("<!-- doctest", "1: sometimes", "-->", `${fence}sh`, "./mq", fence))).toThrow(/not understood: sometimes/);
    expect(() => parseReadme(doc("<!-- doctest", "2: /x/", "-->", `${fence}sh`, "./mq", fence))).toThrow(/not understood: 2: \/x\//);
    expect(parseReadme(doc(fence, "commitlog/  segments", fence))).toEqual([]); // a plain block is prose
  });

  test("a js block is one step, and a skipped block keeps its reason", () => {
    const blocks = parseReadme(doc("<!-- doctest: skip a benchmark -->", `${fence}sh`, "a", "b", fence,
      "<!-- doctest", "1: /SEND_OK/", "-->", `${fence}js`, "const a = 1;", "console.log(a);", fence));
    expect(blocks[0]?.skip).toBe("a benchmark");
    expect(blocks[1]?.lang).toBe("js");
    expect(blocks[1]?.steps.map((s) => s.command)).toEqual(["const a = 1;\nconsole.log(a);"]);
  });
});

describe("README doctest verdicts", () => {
  const [block] = parseReadme(doc("<!-- doctest", "1: /^SendResult/ x2; no /ERROR/", "-->", `${fence}sh`, "./mq produce", fence));
  const step = block?.steps[0];
  if (step === undefined) throw new Error("no step parsed");

  test("output and status as promised pass", () => {
    expect(checkStep(step, ["SendResult a", "SendResult b"], 0)).toEqual([]);
  });

  test("a wrong count, a forbidden line, a missing line or a wrong status fail", () => {
    expect(checkStep(step, ["SendResult a"], 0)).toEqual(["1 lines match /^SendResult/, expected 2"]);
    expect(checkStep(step, ["SendResult a", "SendResult b", "ERROR x"], 0)).toEqual(["1 lines match /ERROR/, expected none"]);
    expect(checkStep(step, ["SendResult a", "SendResult b"], 1)).toEqual(["exit status 1, expected 0"]);
    expect(checkStep({ ...step, expects: [{ re: /boot/ }] }, [], 0)).toEqual(["no line matches /boot/"]);
  });
});
