// A real browser for the console's end-to-end test: playwright-core driving Debian's chromium
// (/usr/bin/chromium, or MQ_CHROMIUM), headless and without the sandbox (tests run as root).
// Without chromium the tests are skipped with a loud notice, except under CI=true, where the
// missing browser is a failing test (as test/compat/toolchain.ts treats Java and Go).
import { test } from "bun:test";
import { copyFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = process.env.MQ_CHROMIUM ?? "/usr/bin/chromium";

/** Whether chromium is there; call at a test file's top level (it may register a failing test). */
export function chromiumReady(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === "true") {
    test("chromium is installed: CI=true runs the console's browser test", () => {
      throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set MQ_CHROMIUM), or run without CI=true to skip`);
    });
  } else {
    process.stderr.write(`\n*** skipped: no chromium at ${CHROMIUM}; the console's browser test did not run ***\n\n`);
  }
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--headless"], timeout: 30_000 });
}

/** A full-page screenshot into dir/<name>.png; those named in forReadme are also copied to
 *  MQ_CONSOLE_SCREENSHOTS, when set (docs/console/, which the README shows). */
export function screenshots(page: () => Page, dir: string, forReadme: readonly string[]) {
  return async (name: string): Promise<void> => {
    const path = join(dir, `${name}.png`);
    await page().screenshot({ path, fullPage: true });
    const readme = process.env.MQ_CONSOLE_SCREENSHOTS;
    if (readme && forReadme.includes(name)) copyFileSync(path, join(resolve(readme), `${name}.png`));
  };
}
