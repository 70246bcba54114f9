// The NameServer's KV-config headers: admin encodes, the NameServer decodes, in both serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeKvKeyHeader, decodeKvListHeader, decodeKvValueResponse, decodePutKvConfigHeader, encodeKvKeyHeader, encodeKvListHeader,
  encodeKvValueResponse, encodePutKvConfigHeader, RequestCode,
} from "../../../src/common/index.ts";
import { expectRoundTrip, refusalWithout } from "./round-trip.ts";

describe("KV-config headers", () => {
  test("PUT_KV_CONFIG, GET/DELETE_KV_CONFIG, GET_KVLIST_BY_NAMESPACE and the value reply read back the same", () => {
    expectRoundTrip(RequestCode.PUT_KV_CONFIG, encodePutKvConfigHeader, decodePutKvConfigHeader, { namespace: "ORDER_TOPIC_CONFIG", key: "T", value: "a:4;b:4" });
    expectRoundTrip(RequestCode.GET_KV_CONFIG, encodeKvKeyHeader, decodeKvKeyHeader, { namespace: "NS", key: "k" });
    expectRoundTrip(RequestCode.GET_KVLIST_BY_NAMESPACE, encodeKvListHeader, decodeKvListHeader, "NS");
    expect(decodeKvValueResponse(Object.fromEntries(Object.entries(encodeKvValueResponse("v")).map(([k, v]) => [k, String(v)])))).toBe("v");
  });

  test("an empty value is a value (Java refuses only a missing one); a missing one is refused", () => {
    expectRoundTrip(RequestCode.PUT_KV_CONFIG, encodePutKvConfigHeader, decodePutKvConfigHeader, { namespace: "NS", key: "k", value: "" });
    const entry = { namespace: "NS", key: "k", value: "v" };
    expect(refusalWithout(RequestCode.PUT_KV_CONFIG, encodePutKvConfigHeader, decodePutKvConfigHeader, entry, "value")).toBe("the custom field <value> is null");
    expect(refusalWithout(RequestCode.PUT_KV_CONFIG, encodePutKvConfigHeader, decodePutKvConfigHeader, entry, "namespace")).toBe("the custom field <namespace> is null");
  });
});
