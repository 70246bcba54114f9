// ACL 2.0 ACL admin codes (RocketMQ 5's AdminBrokerProcessor), over meta.db's auth_acls:
//   code                  request extFields                     body      reply
//   AUTH_CREATE_ACL 3006   subject ("User:alice")                AclInfo   SUCCESS (merged into an existing ACL)
//   AUTH_UPDATE_ACL 3007   subject                               AclInfo   SUCCESS (the same merge)
//   AUTH_DELETE_ACL 3008   subject policyType? resource?        -         SUCCESS (no resource: the whole ACL)
//   AUTH_GET_ACL 3009      subject                               -         AclInfo, or no body
//   AUTH_LIST_ACL 3010     subjectFilter? resourceFilter?        -         [AclInfo]
// A merge is RocketMQ's Acl.updatePolicy: per policy type, an entry replaces the one of the same
// resource, others are added. Refusals are NO_PERMISSION with RocketMQ's messages.
import { BrokerError, decodeAclInfo, decodeAuthAclHeader, decodeDeleteAclHeader, decodeListAclsHeader, jsonBody, ResponseCode, type AuthAcl, type AuthPolicy } from "../../common/index.ts";
import { isSourceIp, parseResource, resourceKey } from "../../auth/index.ts";
import { reply, type Handler, type RemotingCommand } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

export const AUTH_ACL_CODES = { CREATE: 3006, UPDATE: 3007, DELETE: 3008, GET: 3009, LIST: 3010 } as const;

const noPermission = (remark: string) => new BrokerError(ResponseCode.NO_PERMISSION, remark);

/** The subject as "User:<name>", its user required to exist. */
function subjectOf(ctx: BrokerContext, raw: string | undefined, missing: (key: string) => string): string {
  const subject = raw?.trim() ?? "";
  if (!/^user:.+/i.test(subject)) throw noPermission("The subject type is null.");
  const name = subject.slice(subject.indexOf(":") + 1);
  const key = `User:${name}`;
  if (ctx.store.meta.authUsers.get(name) === undefined) throw noPermission(missing(key));
  return key;
}

/** RocketMQ's validate(acl), with resources written in their canonical form. */
function validated(acl: AuthAcl): AuthPolicy[] {
  if (acl.policies.length === 0) throw noPermission("The policies is empty.");
  return acl.policies.map((policy) => {
    if (policy.entries.length === 0) throw noPermission("The policy entries is empty.");
    return {
      policyType: policy.policyType,
      entries: policy.entries.map((e) => {
        const resource = parseResource(e.resource);
        if (resource === undefined) throw noPermission("The resource is null.");
        if (e.actions.length === 0) throw noPermission("The actions is empty.");
        if (e.actions.includes("Any")) throw noPermission("The actions can not be Any.");
        if (e.sourceIps.some((ip) => ip.trim() === "")) throw noPermission("The source ip is empty.");
        if (e.sourceIps.some((ip) => !isSourceIp(ip.trim()))) throw noPermission("The source ip is invalid.");
        return { ...e, resource: resourceKey(resource), sourceIps: e.sourceIps.map((ip) => ip.trim()) };
      }),
    };
  });
}

function merged(old: AuthAcl | undefined, subject: string, policies: AuthPolicy[]): AuthAcl {
  const result: AuthPolicy[] = (old?.policies ?? []).map((p) => ({ ...p, entries: [...p.entries] }));
  for (const policy of policies) {
    const same = result.find((p) => p.policyType === policy.policyType);
    if (same === undefined) {
      result.push(policy);
      continue;
    }
    for (const entry of policy.entries) {
      const at = same.entries.findIndex((e) => e.resource === entry.resource);
      if (at >= 0) same.entries[at] = entry;
      else same.entries.push(entry);
    }
  }
  return { subject, policies: result };
}

const putAcl = (ctx: BrokerContext): Handler => (req) => {
  const body = decodeAclInfo(req.body);
  if (body.policies.length === 0) throw noPermission("The body of acl is null");
  const subject = subjectOf(ctx, body.subject || decodeAuthAclHeader(req.extFields), (key) => `The subject of ${key} is not exist.`);
  const acls = ctx.store.meta.authAcls;
  acls.put(merged(acls.get(subject), subject, validated(body)));
  ctx.log.info("ACL 2.0 policies written", { subject });
  return reply(ResponseCode.SUCCESS);
};

const deleteAcl = (ctx: BrokerContext): Handler => (req) => {
  const h = decodeDeleteAclHeader(req.extFields);
  const subject = subjectOf(ctx, h.subject, () => "The subject is not exist.");
  const acls = ctx.store.meta.authAcls;
  const old = acls.get(subject);
  if (old === undefined) throw noPermission("The acl is not exist.");
  const resource = h.resource ? parseResource(h.resource) : undefined;
  if (resource === undefined) {
    acls.delete(subject);
    return reply(ResponseCode.SUCCESS);
  }
  const type = /^default$/i.test(h.policyType ?? "") ? "Default" : "Custom";
  const key = resourceKey(resource);
  const policies = old.policies
    .map((p) => (p.policyType === type ? { ...p, entries: p.entries.filter((e) => e.resource !== key) } : p))
    .filter((p) => p.entries.length > 0);
  if (policies.length === 0) acls.delete(subject);
  else acls.put({ subject, policies });
  return reply(ResponseCode.SUCCESS);
};

const getAcl = (ctx: BrokerContext): Handler => (req) => {
  const subject = subjectOf(ctx, decodeAuthAclHeader(req.extFields), () => "The subject is not exist.");
  const acl = ctx.store.meta.authAcls.get(subject);
  return acl === undefined ? reply(ResponseCode.SUCCESS) : reply(ResponseCode.SUCCESS, { body: jsonBody(acl) });
};

const listAcl = (ctx: BrokerContext): Handler => (req: RemotingCommand) => {
  const filters = decodeListAclsHeader(req.extFields);
  const subjectFilter = filters.subjectFilter ?? "";
  const resourceFilter = filters.resourceFilter ?? "";
  const acls = ctx.store.meta.authAcls.all()
    .filter((a) => subjectFilter === "" || a.subject.includes(subjectFilter))
    .map((a) => resourceFilter === "" ? a : {
      ...a, policies: a.policies.map((p) => ({ ...p, entries: p.entries.filter((e) => e.resource.includes(resourceFilter)) }))
        .filter((p) => p.entries.length > 0),
    })
    .filter((a) => a.policies.length > 0);
  return acls.length === 0 ? reply(ResponseCode.SUCCESS) : reply(ResponseCode.SUCCESS, { body: jsonBody(acls) });
};

export const authAclHandlers = (ctx: BrokerContext): Array<[number, Handler]> => [
  [AUTH_ACL_CODES.CREATE, putAcl(ctx)], [AUTH_ACL_CODES.UPDATE, putAcl(ctx)], [AUTH_ACL_CODES.DELETE, deleteAcl(ctx)],
  [AUTH_ACL_CODES.GET, getAcl(ctx)], [AUTH_ACL_CODES.LIST, listAcl(ctx)],
];
