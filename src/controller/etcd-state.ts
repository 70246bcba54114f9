// The controller's state in etcd (controllerType=etcd, controllerEtcdEndpoints), through etcd's v3
// JSON gateway over HTTP (no gRPC client): several controllers share one state and one of them,
// the holder of a lease on the leader key, is active.
//
//   key                                   value                       written
//   /mq/controller/leader                 "<controller address>"      with the active one's lease (TTL ttlSec)
//   /mq/controller/groups/<brokerName>    GroupState as JSON          one transaction per change
//
// Campaign (every ttlSec/3): a controller without the lease grants itself one and puts the leader
// key only if it does not exist (txn, create_revision = 0); the holder keeps its lease alive. A
// holder whose keepalive fails, or which finds the key no longer its own, steps down; a killed
// holder's lease expires after ttlSec and another takes over. Each save is a transaction that
// writes the group only while the leader key is still this controller's (compare value), so a
// controller that lost the lease unknowingly changes nothing. Keys and values are base64 on the
// gateway; 64-bit numbers are decimal strings. Endpoints are tried in turn.
import { BrokerError, ResponseCode, type Logger } from "../common/index.ts";
import type { Leadership } from "./controller.ts";
import type { GroupState } from "./group-state.ts";
import type { ControllerStateStore } from "./state-store.ts";

const LEADER_KEY = "/mq/controller/leader";
const GROUPS_PREFIX = "/mq/controller/groups/";
const REQUEST_TIMEOUT_MS = 2000;

const b64 = (text: string): string => Buffer.from(text).toString("base64");
const unb64 = (text: string | undefined): string => Buffer.from(text ?? "", "base64").toString();
/** The key just past every key with this prefix (etcd's range_end for a prefix). */
function prefixEnd(prefix: string): string {
  const bytes = Buffer.from(prefix);
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) + 1;
  return bytes.toString("base64");
}

interface KeyValue { key?: string; value?: string }
interface RangeAnswer { kvs?: KeyValue[] }
interface TxnAnswer { succeeded?: boolean; responses?: { response_range?: RangeAnswer }[] }

export interface EtcdStateOptions {
  /** controllerEtcdEndpoints: "http://host:port", ';'- or ','-separated. */
  endpoints: string;
  /** This controller's address, the leader key's value. */
  self: string;
  ttlSec?: number;
  log: Logger;
}

export class EtcdState implements ControllerStateStore, Leadership {
  private readonly endpoints: string[];
  private readonly ttlSec: number;
  private lease: string | undefined;
  private leader = false;
  private leaderSeen = "";
  private timer: ReturnType<typeof setInterval> | undefined;
  private listener: (leader: boolean) => void = () => {};
  private campaigning = false;

  constructor(private readonly o: EtcdStateOptions) {
    this.endpoints = o.endpoints.split(/[;,]/).map((e) => e.trim().replace(/\/$/, "")).filter(Boolean);
    if (this.endpoints.length === 0) throw new Error("controllerType=etcd needs controllerEtcdEndpoints=http://host:2379[;http://host:2379]");
    this.ttlSec = o.ttlSec ?? 3;
  }

  onChange(listener: (leader: boolean) => void): void {
    this.listener = listener;
  }

  leaderAddress(): string {
    return this.leader ? this.o.self : this.leaderSeen;
  }

  start(): void {
    void this.campaign();
    this.timer = setInterval(() => void this.campaign(), Math.max(200, (this.ttlSec * 1000) / 3));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const lease = this.lease;
    this.lease = undefined;
    this.setLeader(false);
    if (lease !== undefined) await this.call("/v3/lease/revoke", { ID: lease }).catch(() => undefined);
  }

  close(): void {}

  async load(): Promise<GroupState[]> {
    const answer = await this.call<RangeAnswer>("/v3/kv/range", { key: b64(GROUPS_PREFIX), range_end: prefixEnd(GROUPS_PREFIX) });
    return (answer.kvs ?? []).map((kv) => JSON.parse(unb64(kv.value)) as GroupState);
  }

  async save(group: GroupState): Promise<void> {
    await this.fenced({ request_put: { key: b64(GROUPS_PREFIX + group.brokerName), value: b64(JSON.stringify(group)) } });
  }

  async remove(brokerName: string): Promise<void> {
    await this.fenced({ request_delete_range: { key: b64(GROUPS_PREFIX + brokerName) } });
  }

  /** One change in a transaction that applies only while the leader key is this controller's. */
  private async fenced(op: Record<string, unknown>): Promise<void> {
    const answer = await this.call<TxnAnswer>("/v3/kv/txn", {
      compare: [{ key: b64(LEADER_KEY), target: "VALUE", result: "EQUAL", value: b64(this.o.self) }],
      success: [op],
    }).catch((e: unknown) => {
      throw new BrokerError(ResponseCode.SYSTEM_ERROR, `the change was not saved: etcd did not answer (${String(e)})`);
    });
    if (answer.succeeded === true) return;
    this.setLeader(false);
    throw new BrokerError(ResponseCode.CONTROLLER_NOT_LEADER, "this controller lost its lease on the way: the change was not saved; ask the active controller");
  }

  /** One round: keep the lease, or try to take the leader key. */
  private async campaign(): Promise<void> {
    if (this.campaigning) return;
    this.campaigning = true;
    try {
      if (this.lease !== undefined && (await this.keepAlive())) return;
      this.lease = undefined;
      this.setLeader(false);
      const granted = await this.call<{ ID?: string }>("/v3/lease/grant", { TTL: String(this.ttlSec) });
      if (granted.ID === undefined) return;
      const taken = await this.call<TxnAnswer>("/v3/kv/txn", {
        compare: [{ key: b64(LEADER_KEY), target: "CREATE", result: "EQUAL", create_revision: "0" }],
        success: [{ request_put: { key: b64(LEADER_KEY), value: b64(this.o.self), lease: granted.ID } }],
        failure: [{ request_range: { key: b64(LEADER_KEY) } }],
      });
      if (taken.succeeded === true) {
        this.lease = granted.ID;
        this.setLeader(true);
        return;
      }
      this.leaderSeen = unb64(taken.responses?.[0]?.response_range?.kvs?.[0]?.value);
      await this.call("/v3/lease/revoke", { ID: granted.ID }).catch(() => undefined);
    } catch (e) {
      if (this.leader) this.o.log.warn("etcd unreachable: stepping down", { error: String(e) });
      this.lease = undefined;
      this.setLeader(false);
    } finally {
      this.campaigning = false;
    }
  }

  private async keepAlive(): Promise<boolean> {
    const answer = await this.call<{ result?: { TTL?: string } }>("/v3/lease/keepalive", { ID: this.lease });
    return Number(answer.result?.TTL ?? 0) > 0;
  }

  private setLeader(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    this.o.log.info(leader ? "this controller holds the etcd lease: active" : "this controller does not hold the etcd lease: standby", { self: this.o.self });
    this.listener(leader);
  }

  private async call<T>(path: string, body: unknown): Promise<T> {
    let last: unknown;
    for (const endpoint of this.endpoints) {
      try {
        const res = await fetch(`${endpoint}${path}`, {
          method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
        return (await res.json()) as T;
      } catch (e) {
        last = e;
      }
    }
    throw new Error(`no etcd endpoint answered (${this.endpoints.join(", ")}): ${String(last)}`);
  }
}
