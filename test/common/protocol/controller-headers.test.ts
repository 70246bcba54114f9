// The controller codes' headers: the broker and admin encode, the controller decodes, in both
// serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeAlterSyncStateSetHeader, decodeApplyBrokerIdHeader, decodeControllerGroupRef, decodeControllerMetaData, decodeElectMasterHeader,
  decodeNextBrokerIdResponse, decodeRegisterToControllerHeader, decodeReplicaInfoHeader, encodeAlterSyncStateSetHeader,
  encodeApplyBrokerIdHeader, encodeControllerGroupRef, encodeControllerHeartbeat, encodeControllerMetaData, encodeElectMasterHeader,
  encodeNextBrokerIdResponse, encodeRegisterToControllerHeader, encodeReplicaInfoHeader, readControllerHeartbeat, RequestCode,
  type ControllerBrokerHeartbeat,
} from "../../../src/common/index.ts";
import { expectRoundTrip, overTheWire, refusalWithout } from "./round-trip.ts";

const g = { clusterName: "DefaultCluster", brokerName: "broker-a" };
const beat: ControllerBrokerHeartbeat = {
  ...g, brokerAddr: "127.0.0.1:10911", brokerId: 2, epoch: 3, maxOffset: 4096, confirmOffset: 2048, heartbeatTimeoutMills: 10_000, electionPriority: 1,
};

describe("controller headers", () => {
  test("every controller request header reads back the same", () => {
    expectRoundTrip(RequestCode.BROKER_HEARTBEAT, encodeControllerHeartbeat, readControllerHeartbeat, beat);
    expectRoundTrip(RequestCode.CONTROLLER_GET_NEXT_BROKER_ID, encodeControllerGroupRef, decodeControllerGroupRef, g);
    expectRoundTrip(RequestCode.CONTROLLER_APPLY_BROKER_ID, encodeApplyBrokerIdHeader, decodeApplyBrokerIdHeader, { ...g, appliedBrokerId: 2, registerCheckCode: "127.0.0.1:10911;1764620000000" });
    expectRoundTrip(RequestCode.CONTROLLER_REGISTER_BROKER, encodeRegisterToControllerHeader, decodeRegisterToControllerHeader,
      { ...g, brokerId: 2, brokerAddress: "127.0.0.1:10911", haAddress: "127.0.0.1:10912" });
    expectRoundTrip(RequestCode.CONTROLLER_ELECT_MASTER, encodeElectMasterHeader, decodeElectMasterHeader, { ...g, brokerId: 1, designateElect: true });
    expectRoundTrip(RequestCode.CONTROLLER_ALTER_SYNC_STATE_SET, encodeAlterSyncStateSetHeader, decodeAlterSyncStateSetHeader, { brokerName: "broker-a", masterBrokerId: 1, masterEpoch: 4 });
    expectRoundTrip(RequestCode.CONTROLLER_GET_REPLICA_INFO, encodeReplicaInfoHeader, decodeReplicaInfoHeader, "broker-a");
    expectRoundTrip(RequestCode.CONTROLLER_GET_METADATA_INFO, encodeControllerMetaData, decodeControllerMetaData,
      { group: "mq", controllerLeaderId: "127.0.0.1:9878", controllerLeaderAddress: "127.0.0.1:9878", isLeader: true, peers: ["127.0.0.1:9878"] });
  });

  test("GET_NEXT_BROKER_ID's reply carries the group and the id", () => {
    const ext = overTheWire(RequestCode.CONTROLLER_GET_NEXT_BROKER_ID, encodeNextBrokerIdResponse(g, 3), 0);
    expect(ext).toEqual({ ...g, nextBrokerId: "3" });
    expect(decodeNextBrokerIdResponse(ext)).toBe(3);
  });

  test("a controller request without what it names is refused with Java's remark; an election defaults to any broker", () => {
    expect(refusalWithout(RequestCode.BROKER_HEARTBEAT, encodeControllerHeartbeat, readControllerHeartbeat, beat, "brokerAddr")).toBe("the custom field <brokerAddr> is null");
    const apply = { ...g, appliedBrokerId: 2, registerCheckCode: "x" };
    expect(refusalWithout(RequestCode.CONTROLLER_APPLY_BROKER_ID, encodeApplyBrokerIdHeader, decodeApplyBrokerIdHeader, apply, "registerCheckCode")).toBe("the custom field <registerCheckCode> is null");
    const alter = { brokerName: "b", masterBrokerId: 1, masterEpoch: 1 };
    expect(refusalWithout(RequestCode.CONTROLLER_ALTER_SYNC_STATE_SET, encodeAlterSyncStateSetHeader, decodeAlterSyncStateSetHeader, alter, "masterEpoch")).toBe("the custom field <masterEpoch> is null");
    expect(decodeElectMasterHeader({ brokerName: "b" })).toEqual({ clusterName: "", brokerName: "b", brokerId: -1, designateElect: false });
  });
});
