// Which tools a compat file needs, and what happens without them: a loud notice and the file's
// tests skipped, except under CI=true, where the missing toolchain is a failing test.
import { test } from "bun:test";

export interface Toolchain {
  ready: boolean;
  missing: string[];
}

/** Looks up commands on PATH; call at a test file's top level (it may register a failing test). */
export function toolchain(name: string, commands: string[]): Toolchain {
  const missing = commands.filter((command) => Bun.which(command) === null);
  if (missing.length > 0) {
    const why = `${missing.join(", ")} not on PATH`;
    if (process.env.CI === "true") {
      test(`the ${name} toolchain (${commands.join(", ")}) is installed: CI=true runs the compat suite`, () => {
        throw new Error(`${why}: install ${name} (see issue 13) or run without CI=true to skip the compat suite`);
      });
    } else {
      process.stderr.write(`\n*** skipped: no ${name} (${why}); the real-client compat tests did not run ***\n\n`);
    }
  }
  return { ready: missing.length === 0, missing };
}
