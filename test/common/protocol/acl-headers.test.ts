// The ACL admin headers (4.x plain ACL and 5.x ACL 2.0): admin encodes, the broker decodes, in both
// serializations.
import { describe, expect, test } from "bun:test";
import {
  decodeAccessConfigHeader, decodeAclVersionInfo, decodeAuthAclHeader, decodeAuthUserHeader, decodeDeleteAccessConfigHeader, decodeDeleteAclHeader,
  decodeGlobalWhiteAddrsHeader, decodeListAclsHeader, decodeListUsersHeader, encodeAccessConfigHeader, encodeAclVersionInfo, encodeAuthAclHeader,
  encodeAuthUserHeader, encodeDeleteAccessConfigHeader, encodeDeleteAclHeader, encodeGlobalWhiteAddrsHeader, encodeListAclsHeader,
  encodeListUsersHeader, type AccessConfigHeader,
} from "../../../src/common/index.ts";
import { expectRoundTrip, refusalWithout } from "./round-trip.ts";

const account: AccessConfigHeader = {
  accessKey: "rocketmq2", secretKey: "12345678", whiteRemoteAddress: "192.168.1.*", admin: true, defaultTopicPerm: "DENY",
  defaultGroupPerm: "SUB", topicPerms: "topicA=DENY,topicB=PUB|SUB", groupPerms: "groupA=DENY",
};

describe("ACL headers", () => {
  test("the plain-ACL headers and the version reply read back the same", () => {
    expectRoundTrip(50, encodeAccessConfigHeader, decodeAccessConfigHeader, account);
    expectRoundTrip(51, encodeDeleteAccessConfigHeader, decodeDeleteAccessConfigHeader, "rocketmq2");
    expectRoundTrip(53, encodeGlobalWhiteAddrsHeader, decodeGlobalWhiteAddrsHeader, { globalWhiteAddrs: "10.10.103.*,192.168.0.*", aclFileFullPath: "/x/plain_acl.yml" });
    expectRoundTrip(52, encodeAclVersionInfo, decodeAclVersionInfo,
      { version: '{"counter":1}', allAclFileVersion: '{"/a.yml":{"counter":1}}', brokerName: "b", brokerAddr: "127.0.0.1:10911", clusterName: "C" });
  });

  test("the ACL 2.0 headers read back the same", () => {
    expectRoundTrip<string | undefined>(3001, (u) => encodeAuthUserHeader(u ?? ""), decodeAuthUserHeader, "alice");
    expectRoundTrip(3005, encodeListUsersHeader, decodeListUsersHeader, "al");
    expectRoundTrip<string | undefined>(3006, (s) => encodeAuthAclHeader(s ?? ""), decodeAuthAclHeader, "User:alice");
    expectRoundTrip(3008, encodeDeleteAclHeader, decodeDeleteAclHeader, { subject: "User:alice", policyType: "Custom", resource: "Topic:T" });
    expectRoundTrip(3010, encodeListAclsHeader, decodeListAclsHeader, { subjectFilter: "User:a", resourceFilter: "Topic:" });
  });

  test("an account change without its accessKey, or a white list without addresses, is refused with Java's remark", () => {
    expect(refusalWithout(50, encodeAccessConfigHeader, decodeAccessConfigHeader, account, "accessKey")).toBe("the custom field <accessKey> is null");
    expect(refusalWithout(53, encodeGlobalWhiteAddrsHeader, decodeGlobalWhiteAddrsHeader, { globalWhiteAddrs: "a", aclFileFullPath: undefined }, "globalWhiteAddrs"))
      .toBe("the custom field <globalWhiteAddrs> is null");
  });
});
