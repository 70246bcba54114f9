// Held pulls (long polling, RocketMQ's PullRequestHoldService). A pull that found nothing new is
// parked under "topic@queueId" instead of being answered. It is woken:
// - when a message matching its filter reaches that queue at or past the offset it waits at
//   (notifyArrived, called for every dispatched record while long polling is on); an SQL92 pull
//   checks the arriving message's properties, so only a matching message wakes it;
// - by the sweep (every sweepIntervalMs) once the queue has grown past that offset, whatever the
//   tags, as RocketMQ's 5 s check does; this also covers an arrival missed in a race;
// - when its hold time runs out, to be answered (most likely PULL_NOT_FOUND).
// A woken pull runs once more and always answers. A closed connection's pulls are dropped
// unanswered. The table holds at most maxHeld pulls; hold() refuses beyond that.
import type { MessageFilter } from "../../store/index.ts";

export interface HeldPull {
  topic: string;
  queueId: number;
  /** The queue offset the consumer asked for; any entry at or past it is news. */
  fromOffset: number;
  filter: MessageFilter;
  /** SQL92 only: does the arriving message's properties string match the selector? */
  matchArrived?: (properties: string) => boolean;
  connectionId: number;
  /** Runs the pull again and answers it. Called at most once, after the pull left the table. */
  wake(): void;
  /** Gives up without an answer (the connection is gone). */
  drop(): void;
}

interface Parked {
  pull: HeldPull;
  key: string;
  timer: ReturnType<typeof setTimeout>;
}

export class PullHold {
  private readonly byQueue = new Map<string, Set<Parked>>();
  private readonly byConnection = new Map<number, Set<Parked>>();
  private readonly parkedOf = new Map<HeldPull, Parked>();

  constructor(private readonly maxHeld: number) {}

  get size(): number {
    return this.parkedOf.size;
  }

  /** Parks the pull for up to holdMs; false (nothing parked) when the table is full. */
  hold(pull: HeldPull, holdMs: number): boolean {
    if (this.parkedOf.size >= this.maxHeld) return false;
    const key = queueKey(pull.topic, pull.queueId);
    const parked: Parked = { pull, key, timer: setTimeout(() => this.release(parked, "wake"), Math.max(0, holdMs)) };
    this.parkedOf.set(pull, parked);
    addTo(this.byQueue, key, parked);
    addTo(this.byConnection, pull.connectionId, parked);
    return true;
  }

  /** A record reached topic@queueId: wake the pulls waiting there that want it. */
  notifyArrived(topic: string, queueId: number, queueOffset: number, tagsCode: number, properties = ""): void {
    const waiting = this.byQueue.get(queueKey(topic, queueId));
    if (waiting === undefined) return;
    for (const parked of [...waiting]) {
      const { pull } = parked;
      if (queueOffset < pull.fromOffset || !pull.filter.matchTagsCode(tagsCode)) continue;
      if (pull.matchArrived === undefined || pull.matchArrived(properties)) {
        // Answer after the store's dispatch loop returns, so the pull sees the whole batch.
        this.release(parked, "wake-later");
      }
    }
  }

  /** Wakes every pull whose queue has grown past the offset it waits at. */
  sweep(maxOffsetOf: (topic: string, queueId: number) => number): void {
    for (const waiting of [...this.byQueue.values()]) {
      for (const parked of [...waiting]) {
        const { topic, queueId, fromOffset } = parked.pull;
        if (maxOffsetOf(topic, queueId) > fromOffset) this.release(parked, "wake");
      }
    }
  }

  dropConnection(connectionId: number): void {
    for (const parked of [...(this.byConnection.get(connectionId) ?? [])]) this.release(parked, "drop");
  }

  /** Answers every held pull now (broker stop). */
  wakeAll(): void {
    for (const parked of [...this.parkedOf.values()]) this.release(parked, "wake");
  }

  private release(parked: Parked, how: "wake" | "wake-later" | "drop"): void {
    if (this.parkedOf.get(parked.pull) !== parked) return;
    clearTimeout(parked.timer);
    this.parkedOf.delete(parked.pull);
    removeFrom(this.byQueue, parked.key, parked);
    removeFrom(this.byConnection, parked.pull.connectionId, parked);
    if (how === "drop") parked.pull.drop();
    else if (how === "wake") parked.pull.wake();
    else queueMicrotask(() => parked.pull.wake());
  }
}

const queueKey = (topic: string, queueId: number): string => `${topic}@${queueId}`;

function addTo<K>(index: Map<K, Set<Parked>>, key: K, parked: Parked): void {
  let set = index.get(key);
  if (set === undefined) index.set(key, (set = new Set()));
  set.add(parked);
}

function removeFrom<K>(index: Map<K, Set<Parked>>, key: K, parked: Parked): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(parked);
  if (set.size === 0) index.delete(key);
}
