// Request signatures as Java's AclClientRPCHook computes them: sorted extension values without
// Signature, then the body, HMAC-SHA1 in base64. (Apache RocketMQ 4.9.7 accepted these signatures:
// test/broker/acl/reference-answers.ts, "send with the right key".)
import { describe, expect, test } from "bun:test";
import { createHmac, randomBytes } from "node:crypto";
import { hasValidSignature, request, signedContent, signRequest } from "../../src/remoting/index.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("signed content", () => {
  test("is the values sorted by key (UTF-16 order, as a TreeMap), Signature left out, then the body", () => {
    const content = signedContent({ b: "2", AccessKey: "ak", a: "1", Signature: "x", _z: "3" }, new TextEncoder().encode("BODY"));
    // "AccessKey" < "_z" < "a" < "b" in UTF-16 code units ('A'=65, '_'=95, 'a'=97).
    expect(text(content)).toBe("ak312BODY");
  });

  test("signRequest adds AccessKey and SecurityToken before signing, so both are covered", () => {
    const cmd = signRequest(request(10, { topic: "T" }, new Uint8Array([1, 2])), { accessKey: "ak", secretKey: "sk", securityToken: "tok" });
    const expected = createHmac("sha1", "sk").update(Buffer.concat([Buffer.from("aktokT"), Buffer.from([1, 2])])).digest("base64");
    expect(cmd.extFields.Signature).toBe(expected);
    expect(cmd.extFields).toMatchObject({ AccessKey: "ak", SecurityToken: "tok" });
    expect(hasValidSignature(cmd, "sk")).toBe(true);
  });
});

describe("verification", () => {
  const signed = () => signRequest(request(310, { a: "pg", b: "T" }, new TextEncoder().encode("hello")), { accessKey: "ak", secretKey: "secret-1" });

  test("fails for another secret, a changed field, a changed body and a missing signature", () => {
    expect(hasValidSignature(signed(), "secret-2")).toBe(false);
    const field = signed();
    field.extFields.b = "U";
    expect(hasValidSignature(field, "secret-1")).toBe(false);
    const body = signed();
    body.body = new TextEncoder().encode("hellO");
    expect(hasValidSignature(body, "secret-1")).toBe(false);
    const none = signed();
    delete none.extFields.Signature;
    expect(hasValidSignature(none, "secret-1")).toBe(false);
  });

  test("none of 100,000 random signatures is accepted", () => {
    const cmd = signed();
    const right = cmd.extFields.Signature!;
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) {
      // Mostly of the right length (28 base64 characters), some shorter or longer.
      const length = i % 10 === 0 ? 1 + (i % 40) : 20;
      const guess = randomBytes(length).toString("base64");
      if (guess === right) continue;
      cmd.extFields.Signature = guess;
      if (hasValidSignature(cmd, "secret-1")) accepted++;
    }
    expect(accepted).toBe(0);
    cmd.extFields.Signature = right;
    expect(hasValidSignature(cmd, "secret-1")).toBe(true);
  });

  test("leaves _UNIQUE_KEY_QUERY out only for senders at or below V4_9_3, as RocketMQ 5 does", () => {
    const old = signRequest(request(12, { topic: "T", key: "k" }), { accessKey: "ak", secretKey: "s" });
    old.extFields._UNIQUE_KEY_QUERY = "true";
    old.version = 404;
    expect(hasValidSignature(old, "s")).toBe(true);
    old.version = 405;
    expect(hasValidSignature(old, "s")).toBe(false);
  });
});
