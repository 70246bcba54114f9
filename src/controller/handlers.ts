// Request code → handler: everything the controller answers (header and body shapes in
// src/common/protocol/controller.ts). Refusals are BrokerErrors carrying RocketMQ's controller
// response codes (2000-2014), which the remoting server turns into the reply.
import {
  BrokerError, decodeAlterSyncStateSetHeader, decodeApplyBrokerIdHeader, decodeCleanBrokerDataHeader, decodeControllerGroupRef, decodeElectMasterHeader,
  decodeRegisterToControllerHeader, decodeReplicaInfoHeader, encodeAlterSyncStateSetResponse, encodeControllerGroupRef,
  encodeControllerMetaData, encodeNextBrokerIdResponse, jsonBody, masterInfoExtFields, parseBody, readControllerHeartbeat,
  readSyncStateSet, RequestCode, ResponseCode, utf8, type ExtFields, type ReplicaIdentity,
} from "../common/index.ts";
import { reply, type Handler } from "../remoting/index.ts";
import type { Controller } from "./controller.ts";
import { brokerOf, type GroupState } from "./group-state.ts";
import { controllerConfigText, updateControllerConfig } from "./runtime-config.ts";

const ok = ResponseCode.SUCCESS;

function syncStateSetBody(group: GroupState): Uint8Array {
  return jsonBody({ syncStateSet: group.syncStateSet, syncStateSetEpoch: group.syncStateSetEpoch });
}

export function controllerHandlers(c: Controller): Map<number, Handler> {
  return new Map<number, Handler>([
    [RequestCode.BROKER_HEARTBEAT, (req, conn) => {
      const h = readControllerHeartbeat(req.extFields);
      if (!c.isActive) void c.replicas; // throws CONTROLLER_NOT_LEADER: the broker beats to the active one
      if (c.liveness.beat(h, conn.id)) c.log.info("broker alive", { brokerName: h.brokerName, brokerId: h.brokerId, brokerAddr: h.brokerAddr });
      return reply(ok, { remark: "Heart beat success" });
    }],
    [RequestCode.CONTROLLER_GET_NEXT_BROKER_ID, (req) => {
      const g = decodeControllerGroupRef(req.extFields);
      return reply(ok, { extFields: encodeNextBrokerIdResponse(g, c.replicas.nextBrokerId(g.clusterName, g.brokerName)) });
    }],
    [RequestCode.CONTROLLER_APPLY_BROKER_ID, async (req) => {
      const h = decodeApplyBrokerIdHeader(req.extFields);
      const r = c.replicas;
      await r.exclusive(() => r.applyBrokerId(h.clusterName, h.brokerName, h.appliedBrokerId, h.registerCheckCode));
      return reply(ok, { extFields: encodeControllerGroupRef(h) });
    }],
    [RequestCode.CONTROLLER_REGISTER_BROKER, async (req) => {
      const h = decodeRegisterToControllerHeader(req.extFields);
      const r = c.replicas;
      const group = await r.exclusive(() => r.registerBroker(h.brokerName, h.brokerId, h.brokerAddress, h.haAddress));
      const info = c.replicas.masterInfo(group);
      return reply(ok, { extFields: { ...encodeControllerGroupRef(group), ...masterInfoExtFields(info) }, body: syncStateSetBody(group) });
    }],
    [RequestCode.CONTROLLER_ELECT_MASTER, async (req) => electMaster(c, req.extFields)],
    [RequestCode.CONTROLLER_ALTER_SYNC_STATE_SET, async (req) => {
      const { brokerName, masterBrokerId, masterEpoch } = decodeAlterSyncStateSetHeader(req.extFields);
      const r = c.replicas;
      const proposed = readSyncStateSet(parseBody(req.body));
      const group = await r.exclusive(() => r.alterSyncStateSet(brokerName, masterBrokerId, masterEpoch, proposed,
        (id) => c.liveness.isAlive(brokerName, id)));
      c.log.info("SyncStateSet changed", { brokerName, syncStateSet: group.syncStateSet.join(","), syncStateSetEpoch: group.syncStateSetEpoch });
      return reply(ok, { extFields: encodeAlterSyncStateSetResponse(group.syncStateSetEpoch), body: syncStateSetBody(group) });
    }],
    [RequestCode.CONTROLLER_GET_REPLICA_INFO, (req) => {
      const group = c.replicas.need(decodeReplicaInfoHeader(req.extFields));
      return reply(ok, { extFields: masterInfoExtFields(c.replicas.masterInfo(group)), body: syncStateSetBody(group) });
    }],
    [RequestCode.CONTROLLER_GET_METADATA_INFO, () => {
      const leader = c.isActive ? c.options.address : (c.options.leadership?.leaderAddress() ?? "");
      return reply(ok, { extFields: encodeControllerMetaData({ group: "mq", controllerLeaderId: leader, controllerLeaderAddress: leader, isLeader: c.isActive, peers: [c.options.address] }) });
    }],
    [RequestCode.CONTROLLER_GET_SYNC_STATE_DATA, (req) => reply(ok, { body: jsonBody({ replicasInfoTable: syncStateData(c, parseBody(req.body)) }) })],
    [RequestCode.CLEAN_BROKER_DATA, async (req) => {
      const { brokerName, brokerControllerIdsToClean, isCleanLivingBroker } = decodeCleanBrokerDataHeader(req.extFields);
      const ids = brokerIdsToClean(brokerControllerIdsToClean);
      const r = c.replicas;
      await r.exclusive(() => r.cleanBrokerData(brokerName, ids, isCleanLivingBroker, (id) => c.liveness.isAlive(brokerName, id)));
      c.log.info("broker metadata cleaned", { brokerName, brokerIds: ids?.join(";") ?? "all" });
      return reply(ok);
    }],
    [RequestCode.GET_CONTROLLER_CONFIG, () => reply(ok, { body: utf8(controllerConfigText(c)) })],
    [RequestCode.UPDATE_CONTROLLER_CONFIG, (req) => {
      updateControllerConfig(c, new TextDecoder().decode(req.body ?? new Uint8Array(0)));
      return reply(ok);
    }],
  ]);
}

/** brokerControllerIdsToClean, "1;2;3"; undefined when blank (the whole group). */
function brokerIdsToClean(text: string | undefined): number[] | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const ids = text.split(";").map((s) => s.trim());
  const bad = ids.find((s) => !/^-?\d+$/.test(s));
  if (bad !== undefined) {
    throw new BrokerError(ResponseCode.CONTROLLER_INVALID_CLEAN_BROKER_METADATA,
      `Please set the option <brokerControllerIdsToClean> according to the format, exception: ${bad} is not a number (ids as 1;2;3)`);
  }
  return ids.map(Number);
}

async function electMaster(c: Controller, e: ExtFields) {
  const { brokerName, designateElect: designate, brokerId } = decodeElectMasterHeader(e);
  const group = c.replicas.need(brokerName);
  const master = group.masterBrokerId;
  if (!designate && master !== undefined && c.liveness.isAlive(brokerName, master)) {
    const info = c.replicas.masterInfo(group);
    return reply(ResponseCode.CONTROLLER_MASTER_STILL_EXIST, { extFields: masterInfoExtFields(info), remark: `the master ${master} of ${brokerName} is alive` });
  }
  const outcome = await c.elect(brokerName, designate ? { designated: brokerId } : { excluded: master });
  if (!outcome.elected) throw new BrokerError(ResponseCode.CONTROLLER_ELECT_MASTER_FAILED, outcome.reason);
  const now = c.replicas.need(brokerName);
  const brokerAddrs: Record<string, string> = {};
  for (const b of now.brokers) brokerAddrs[String(b.brokerId)] = b.address;
  return reply(ok, {
    extFields: masterInfoExtFields(outcome.info),
    body: jsonBody({ brokerMemberGroup: { cluster: now.clusterName, brokerName, brokerAddrs }, syncStateSet: now.syncStateSet }),
  });
}

function syncStateData(c: Controller, names: unknown): Record<string, unknown> {
  const wanted = Array.isArray(names) ? names.map(String) : c.replicas.all().map((g) => g.brokerName);
  const table: Record<string, unknown> = {};
  for (const name of wanted) {
    const group = c.replicas.get(name);
    if (group === undefined) continue;
    const identity = (id: number): ReplicaIdentity => ({
      brokerName: name, brokerId: id, brokerAddress: brokerOf(group, id)?.address ?? "", alive: c.liveness.isAlive(name, id),
    });
    const info = c.replicas.masterInfo(group);
    table[name] = {
      masterBrokerId: info.masterBrokerId, masterAddress: info.masterAddress, masterEpoch: info.masterEpoch, syncStateSetEpoch: info.syncStateSetEpoch,
      inSyncReplicas: group.syncStateSet.map(identity),
      notInSyncReplicas: group.brokers.map((b) => b.brokerId).filter((id) => !group.syncStateSet.includes(id)).map(identity),
    };
  }
  return table;
}
