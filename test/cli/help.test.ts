// Help and usage errors as a user meets them: `mq`, `mq help …`, `mq <command> --help`, mistyped
// commands, subcommands and actions. Help exits 0; a usage error exits 2 and says what to type.
import { beforeAll, describe, expect, test } from "bun:test";
import { ensureBinary, mq } from "./binary.ts";

beforeAll(ensureBinary);

/** The command names `mq --help` lists. */
function commandNames(): string[] {
  const help = mq(["--help"]).stdout;
  const section = help.slice(help.indexOf("Commands:\n"), help.indexOf("\n\n", help.indexOf("Commands:\n")));
  return section.split("\n").slice(1).map((l) => l.trim().split(" ")[0] ?? "");
}

/** The subcommand names `mq admin help` lists. */
function adminSubcommands(): string[] {
  return mq(["admin", "help"]).stdout.split("\n").filter((l) => l.startsWith("   ")).map((l) => l.trim().split(" ")[0] ?? "");
}

describe("mq's help", () => {
  test("mq help, mq --help and mq -h print the command list and exit 0", () => {
    const help = mq(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toStartWith("mq 0.");
    expect(commandNames()).toEqual(expect.arrayContaining(["namesrv", "broker", "all-in-one", "config", "admin", "version"]));
    expect(mq(["help"])).toEqual(help);
    expect(mq(["-h"])).toEqual(help);
  });

  test("mq help <command> is mq <command> --help, and -h, for every command; each shows its usage and exits 0", () => {
    const names = commandNames();
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      const help = mq([name, "--help"]);
      expect({ name, code: help.code, stderr: help.stderr }).toEqual({ name, code: 0, stderr: "" });
      expect(help.stdout).toMatch(new RegExp(`(\\$ |usage: )mq ${name}`));
      expect(mq(["help", name])).toEqual(help);
      expect(mq([name, "-h"])).toEqual(help);
    }
  });

  test("mq help <unknown> is a usage error with a suggestion", () => {
    const run = mq(["help", "brokr"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toStartWith("mq: unknown command brokr (did you mean broker?)\n");
  });

  test("an unknown command with nothing close to it lists the commands", () => {
    const run = mq(["nosuchcommand"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toStartWith("mq: unknown command nosuchcommand; the commands are namesrv, broker, all-in-one, ");
    expect(mq(["versoin"]).stderr).toStartWith("mq: unknown command versoin (did you mean version?)\n");
  });
});

describe("mq admin's help", () => {
  test("mq admin <subcommand> --help and -h show the subcommand's usage exactly as mq admin help <subcommand>, for every subcommand", () => {
    const subs = adminSubcommands();
    expect(subs).toContain("updateTopic");
    for (const sub of subs) {
      const help = mq(["admin", "help", sub]);
      expect(help.code).toBe(0);
      expect(help.stdout).toStartWith(`usage: mq admin ${sub} [-n <namesrvAddr>]`);
      expect(mq(["admin", sub, "--help"])).toEqual(help);
      expect(mq(["admin", sub, "-h"])).toEqual(help);
      expect(mq(["help", "admin", sub])).toEqual(help);
    }
  }, 60_000);

  test("mq admin updateTopic --help shows its flags, not the generic admin help, and exits 0", () => {
    const run = mq(["admin", "updateTopic", "--help", "-n", "127.0.0.1:1"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("usage: mq admin updateTopic [-n <namesrvAddr>] -t <topic> (-b <brokerAddr> | -c <clusterName>) " +
      "[-r <readQueueNums>] [-w <writeQueueNums>] [-p <perm>] [-o <order>] [-u <unit>] [-s <hasUnitSub>]\n");
  });

  test("mq admin --help lists the subcommands and how to get one's usage", () => {
    const run = mq(["admin", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toStartWith("usage: mq admin <subcommand> [-n <namesrvAddr>]");
    expect(run.stdout).toContain("   updateTopic ");
    expect(run.stdout).toContain("See 'mq admin help <subcommand>'");
  });

  test("a mistyped subcommand, run or asked about, is a usage error with a suggestion", () => {
    for (const args of [["admin", "updateTpic"], ["admin", "help", "updateTpic"], ["admin", "updateTpic", "--help"]]) {
      const run = mq(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toStartWith("mq admin: unknown subcommand updateTpic (did you mean updateTopic?)\n");
    }
  });
});

describe("mq config's usage", () => {
  const usage = "usage: mq config check -c FILE [--role broker|namesrv|controller] [-p]\n";

  test("mq config alone shows the config usage with its actions and exits 2", () => {
    const run = mq(["config"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toStartWith(`mq config: an action is required\n${usage}actions:\n  check `);
    expect(run.stderr).not.toContain("undefined");
  });

  test("an unknown config action gets a did-you-mean and the usage, and exits 2", () => {
    const run = mq(["config", "chek", "-c", "conf/broker-a.properties"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toStartWith(`mq config: unknown action chek (did you mean check?)\n${usage}`);
  });

  test("config check without -c, or with an unknown --role, says which", () => {
    expect(mq(["config", "check"]).stderr).toStartWith(`mq config: check needs the file to check: -c FILE\n${usage}`);
    const role = mq(["config", "check", "-c", "conf/broker-a.properties", "--role", "brokr"]);
    expect(role.code).toBe(2);
    expect(role.stderr).toStartWith("mq config: --role is broker, namesrv or controller, not brokr (did you mean broker?)\n");
  });

  test("mq config --help shows the options and an example of each action", () => {
    const run = mq(["config", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("-c, --config <file>");
    expect(run.stdout).toContain("Examples:\n  mq config check -c conf/broker-a.properties --role broker");
  });
});

describe("arguments a command does not take", () => {
  test("a role command given a positional argument exits 2 instead of starting", () => {
    const run = mq(["namesrv", "foo"]);
    expect(run).toEqual({ code: 2, stdout: "", stderr: 'mq: namesrv takes no arguments, got "foo"\nRun `mq namesrv --help` for usage.\n' });
  });

  test("mqbroker's habit of key=value arguments is answered with the --key=value spelling", () => {
    const run = mq(["broker", "-n", "127.0.0.1:1", "autoCreateTopicEnable=true"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toStartWith('mq: broker takes no arguments, got "autoCreateTopicEnable=true"; ' +
      "write a configuration key as --key=value: --autoCreateTopicEnable=true\n");
  });

  test("a tool that takes no arguments says so rather than ignoring them", () => {
    expect(mq(["version", "x"]).code).toBe(2);
    const run = mq(["produce", "TopicTest", "-n", "127.0.0.1:1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toStartWith('mq: produce takes no arguments, got "TopicTest"\n');
  });

  test("mq help help is mq help", () => {
    expect(mq(["help", "help"])).toEqual(mq(["--help"]));
    expect(mq(["help", "help", "config"])).toEqual(mq(["config", "--help"]));
  });
});
