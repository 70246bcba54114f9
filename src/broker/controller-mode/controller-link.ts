// The broker's requests to its controllers (controllerAddr, ';'-separated: each is tried in turn
// until one answers as the active one, not CONTROLLER_NOT_LEADER), and its persisted brokerId: <storePathRootDir>/brokerMetadata, written once
// the controller granted the id (CONTROLLER_GET_NEXT_BROKER_ID, then CONTROLLER_APPLY_BROKER_ID
// with a registerCheckCode only this broker knows), so a restarted broker keeps its id.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  decodeNextBrokerIdResponse, encodeAlterSyncStateSetHeader, encodeApplyBrokerIdHeader, encodeControllerGroupRef, encodeControllerHeartbeat,
  encodeElectMasterHeader, encodeRegisterToControllerHeader, encodeReplicaInfoHeader, jsonBody, parseBody, readMasterInfo, readSyncStateSet,
  RequestCode, ResponseCode, type MasterInfo, type SyncStateSet,
} from "../../common/index.ts";
import { request, type ExtFieldsInit, type RemotingClient, type RemotingCommand } from "../../remoting/index.ts";

const TIMEOUT_MS = 3000;

export interface GroupView {
  info: MasterInfo;
  syncStateSet: SyncStateSet;
}

export interface LinkIdentity {
  clusterName: string;
  brokerName: string;
  brokerAddr: string;
  haAddr: string;
  rootDir: string;
}

export class ControllerLink {
  private readonly addrs: string[];
  private current = 0;

  constructor(controllerAddr: string, private readonly client: RemotingClient, private readonly me: LinkIdentity) {
    this.addrs = controllerAddr.split(";").map((a) => a.trim()).filter(Boolean);
    if (this.addrs.length === 0) throw new Error("enableControllerMode=true needs controllerAddr=host:port (the controller, or a NameServer with enableControllerInNamesrv=true)");
  }

  async call(code: number, ext: ExtFieldsInit, body?: Uint8Array): Promise<RemotingCommand> {
    let last: unknown;
    // The one that answered last first: heartbeats stay on one connection to the active controller.
    const order = [...this.addrs.slice(this.current), ...this.addrs.slice(0, this.current)];
    for (const addr of order) {
      try {
        const res = await this.client.invoke(addr, request(code, ext, body), TIMEOUT_MS);
        if (res.code === ResponseCode.CONTROLLER_NOT_LEADER) {
          last = new Error(`${addr}: ${res.remark ?? "not the active controller"}`);
          continue;
        }
        this.current = this.addrs.indexOf(addr);
        return res;
      } catch (e) {
        last = e;
      }
    }
    throw new Error(`no active controller answered at controllerAddr=${this.addrs.join(";")} (${String(last)}): ` +
      "start one (mq controller, or a NameServer with enableControllerInNamesrv=true) or correct controllerAddr");
  }

  private async ok(code: number, ext: ExtFieldsInit, body?: Uint8Array): Promise<RemotingCommand> {
    const res = await this.call(code, ext, body);
    if (res.code !== ResponseCode.SUCCESS) throw new Error(`the controller answered ${code} with ${res.code}: ${res.remark ?? ""}`);
    return res;
  }

  /** This broker's id: the one it was granted before, or a new one. */
  async brokerId(): Promise<number> {
    const file = join(this.me.rootDir, "brokerMetadata");
    const g = { clusterName: this.me.clusterName, brokerName: this.me.brokerName };
    if (existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, "utf8")) as { brokerId: number; registerCheckCode: string };
      await this.ok(RequestCode.CONTROLLER_APPLY_BROKER_ID, encodeApplyBrokerIdHeader({ ...g, appliedBrokerId: saved.brokerId, registerCheckCode: saved.registerCheckCode }));
      return saved.brokerId;
    }
    for (;;) {
      const next = decodeNextBrokerIdResponse((await this.ok(RequestCode.CONTROLLER_GET_NEXT_BROKER_ID, encodeControllerGroupRef(g))).extFields);
      const registerCheckCode = `${this.me.brokerAddr};${Date.now()}`;
      const res = await this.call(RequestCode.CONTROLLER_APPLY_BROKER_ID, encodeApplyBrokerIdHeader({ ...g, appliedBrokerId: next, registerCheckCode }));
      if (res.code === ResponseCode.CONTROLLER_BROKER_ID_INVALID) continue; // another broker took it meanwhile
      if (res.code !== ResponseCode.SUCCESS) throw new Error(`the controller refused broker id ${next}: ${res.remark ?? ""}`);
      mkdirSync(this.me.rootDir, { recursive: true });
      writeFileSync(file, JSON.stringify({ brokerId: next, registerCheckCode }));
      return next;
    }
  }

  async register(brokerId: number): Promise<GroupView> {
    const res = await this.ok(RequestCode.CONTROLLER_REGISTER_BROKER, encodeRegisterToControllerHeader({
      clusterName: this.me.clusterName, brokerName: this.me.brokerName, brokerId, brokerAddress: this.me.brokerAddr, haAddress: this.me.haAddr,
    }));
    return viewOf(res);
  }

  /** Asks to be elected (or to hear who is master); undefined when no master could be elected. */
  async elect(brokerId: number): Promise<MasterInfo | undefined> {
    const res = await this.call(RequestCode.CONTROLLER_ELECT_MASTER, encodeElectMasterHeader({
      clusterName: this.me.clusterName, brokerName: this.me.brokerName, brokerId, designateElect: false,
    }));
    if (res.code !== ResponseCode.SUCCESS && res.code !== ResponseCode.CONTROLLER_MASTER_STILL_EXIST) return undefined;
    return readMasterInfo(res.extFields);
  }

  async replicaInfo(): Promise<GroupView> {
    return viewOf(await this.ok(RequestCode.CONTROLLER_GET_REPLICA_INFO, encodeReplicaInfoHeader(this.me.brokerName)));
  }

  /** Asks for a new SyncStateSet; the accepted one, or the refusal's code. */
  async alterSyncStateSet(masterBrokerId: number, masterEpoch: number, proposed: SyncStateSet): Promise<SyncStateSet | number> {
    const res = await this.call(RequestCode.CONTROLLER_ALTER_SYNC_STATE_SET,
      encodeAlterSyncStateSetHeader({ brokerName: this.me.brokerName, masterBrokerId, masterEpoch }), jsonBody(proposed));
    return res.code === ResponseCode.SUCCESS ? readSyncStateSet(parseBody(res.body)) : res.code;
  }

  async heartbeat(fields: { brokerId: number; epoch: number; maxOffset: number; confirmOffset: number; timeoutMs: number; priority: number }): Promise<void> {
    await this.ok(RequestCode.BROKER_HEARTBEAT, encodeControllerHeartbeat({
      clusterName: this.me.clusterName, brokerName: this.me.brokerName, brokerAddr: this.me.brokerAddr, brokerId: fields.brokerId,
      epoch: fields.epoch, maxOffset: fields.maxOffset, confirmOffset: fields.confirmOffset, heartbeatTimeoutMills: fields.timeoutMs,
      electionPriority: fields.priority,
    }));
  }
}

function viewOf(res: RemotingCommand): GroupView {
  return { info: readMasterInfo(res.extFields), syncStateSet: readSyncStateSet(parseBody(res.body ?? jsonBody({}))) };
}
