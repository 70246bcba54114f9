// One process running scenarios one after another and printing one JSON line for each:
// {"scenario":name,"ms":n,"result":{...}} or {"scenario":name,"error":"..."}.
import type { Proc } from "../e2e/harness.ts";

export type Observed = Record<string, unknown>;

interface ScenarioLine {
  scenario: string;
  result?: Observed;
  error?: string;
}

export class ScenarioRun {
  constructor(readonly proc: Proc) {}

  /** What the scenario observed, once its line is out; rejects with the scenario's error, or if the process ends first. */
  async result(name: string, timeoutMs: number): Promise<Observed> {
    await this.proc.until(() => this.line(name) !== undefined, `the result line of ${name}`, timeoutMs);
    const line = this.line(name) as ScenarioLine;
    if (line.error !== undefined || line.result === undefined) {
      throw new Error(`${this.proc.name} ${name}: ${line.error ?? "no result"}\n${this.proc.tail(20)}`);
    }
    return line.result;
  }

  private line(name: string): ScenarioLine | undefined {
    return this.proc.objects.find((o) => o.scenario === name) as ScenarioLine | undefined;
  }
}
