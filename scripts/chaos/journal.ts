// The chaos run's journals: every client process appends one JSON object a line to its own file
// (buffered, flushed every FLUSH_MS and on close), and the checker reads them all back.
//   {"k":"ack","c":"mq","t":1700000000000,"topic":"ChaosPlain","id":"mq-17","q":3,"o":41}
//   {"k":"fail","c":"mq","t":…,"topic":"ChaosPlain","id":"mq-18","err":"connect ECONNREFUSED …"}
//   {"k":"recv","g":"cg-chaos-mq","t":…,"topic":"ChaosPlain","id":"mq-17","q":3,"o":41}
// id is the message body, unique per send attempt; orderly sends carry key and seq (a retried
// orderly send repeats its id: the same message sent again).
import { closeSync, existsSync, openSync, readFileSync, writeSync } from "node:fs";

/** A message where it was stored: at t (ms), in topic's queue q at offset o. */
interface Placed {
  t: number;
  topic: string;
  id: string;
  /** Orderly messages only: the key and its sequence number. */
  key?: string;
  seq?: number;
  q: number;
  o: number;
}

/** A send the broker answered SEND_OK, by client c. */
export interface Ack extends Placed {
  k: "ack";
  c: string;
}

/** A send that threw or was answered with another status; the message may or may not be stored. */
export interface SendFailure {
  k: "fail";
  c: string;
  t: number;
  topic: string;
  id: string;
  err: string;
}

/** A message handed to consumer group g's listener. */
export interface Receipt extends Placed {
  k: "recv";
  g: string;
}

export type JournalLine = Ack | SendFailure | Receipt;

const FLUSH_MS = 200;

/** Appends lines to a file; write() buffers, close() flushes what is left. */
export class JournalWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(path: string) {
    this.fd = openSync(path, "a");
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
  }

  write(line: JournalLine): void {
    this.pending.push(JSON.stringify(line) + "\n");
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    writeSync(this.fd, text);
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
    closeSync(this.fd);
  }
}

/** Every complete line of the journals, in file order (a torn last line is skipped). */
export function readJournals(paths: string[]): JournalLine[] {
  const lines: JournalLine[] = [];
  for (const path of paths) {
    if (!existsSync(path)) continue;
    for (const text of readFileSync(path, "utf8").split("\n")) {
      if (!text.startsWith("{")) continue;
      try {
        lines.push(JSON.parse(text) as JournalLine);
      } catch {
        // the line a writer was in the middle of
      }
    }
  }
  return lines;
}
