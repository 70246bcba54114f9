// ACL 2.0 user admin codes (RocketMQ 5's AdminBrokerProcessor), over meta.db's auth_users:
//   code                 request extFields   body            reply
//   AUTH_CREATE_USER 3001  username          UserInfo        SUCCESS | NO_PERMISSION "The user is existed"
//   AUTH_UPDATE_USER 3002  username          UserInfo        SUCCESS | NO_PERMISSION "The user is not exist"
//   AUTH_DELETE_USER 3003  username          -               SUCCESS (its ACL goes too)
//   AUTH_GET_USER 3004     username          -               UserInfo, or no body
//   AUTH_LIST_USER 3005    filter? (in name) -               [UserInfo]
// A Super user can be made, changed or deleted only by a Super user. Unlike RocketMQ, which sends
// every password back, mq sends passwords only to a request it has checked to be signed by a
// Super user (as copyUser needs them); to anyone else mqadmin getUser shows "null" for it.
import { BrokerError, decodeAuthUserHeader, decodeListUsersHeader, decodeUserInfo, jsonBody, ResponseCode, userInfoJson, type AuthUser } from "../../common/index.ts";
import { authenticate } from "../../auth/index.ts";
import { ACCESS_KEY, reply, type Handler, type RemotingCommand } from "../../remoting/index.ts";
import type { BrokerContext } from "../context.ts";

export const AUTH_USER_CODES = { CREATE: 3001, UPDATE: 3002, DELETE: 3003, GET: 3004, LIST: 3005 } as const;

const noPermission = (remark: string) => new BrokerError(ResponseCode.NO_PERMISSION, remark);
const INVALID_PARAMETER = 29;

function username(req: RemotingCommand): string {
  const name = decodeAuthUserHeader(req.extFields)?.trim();
  if (name === undefined || name === "") throw new BrokerError(INVALID_PARAMETER, "The username is blank");
  return name;
}

/** RocketMQ's isNotSuperUserLogin: a signed request from someone who is not a Super user. */
function callerIsNotSuper(ctx: BrokerContext, req: RemotingCommand): boolean {
  const caller = req.extFields[ACCESS_KEY];
  if (caller === undefined || caller === "") return false;
  return ctx.store.meta.authUsers.get(caller)?.userType !== "Super";
}

/** A request signed by a Super user, its signature checked here (whatever authenticationEnabled and
 *  its whitelist say): only then do passwords go back. */
function signedBySuper(ctx: BrokerContext, req: RemotingCommand): boolean {
  const users = ctx.store.meta.authUsers;
  const caller = req.extFields[ACCESS_KEY];
  if (caller === undefined || users.get(caller)?.userType !== "Super") return false;
  return authenticate(req, (name) => users.get(name)).allowed;
}

function userBody(req: RemotingCommand, name: string): AuthUser {
  return { ...decodeUserInfo(req.body), username: name };
}

const createUser = (ctx: BrokerContext): Handler => (req) => {
  const user = userBody(req, username(req));
  if (user.userType === "Super" && callerIsNotSuper(ctx, req)) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, "The super user can only be create by super user");
  }
  if (user.password === undefined) throw noPermission("password can not be blank");
  const users = ctx.store.meta.authUsers;
  if (users.get(user.username) !== undefined) throw noPermission("The user is existed");
  users.put({ username: user.username, password: user.password, userType: user.userType ?? "Normal", userStatus: user.userStatus ?? "enable" });
  ctx.log.info("ACL 2.0 user created", { username: user.username, userType: user.userType ?? "Normal" });
  return reply(ResponseCode.SUCCESS);
};

const updateUser = (ctx: BrokerContext): Handler => (req) => {
  const change = userBody(req, username(req));
  if (change.userType === "Super" && callerIsNotSuper(ctx, req)) {
    throw new BrokerError(ResponseCode.SYSTEM_ERROR, "The super user can only be update by super user");
  }
  const users = ctx.store.meta.authUsers;
  const old = users.get(change.username);
  if (old === undefined) throw noPermission("The user is not exist");
  if (old.userType === "Super" && callerIsNotSuper(ctx, req)) throw noPermission("The super user can only be update by super user");
  users.put({ ...old, ...(change.password ? { password: change.password } : {}), ...(change.userType ? { userType: change.userType } : {}),
    ...(change.userStatus ? { userStatus: change.userStatus } : {}) });
  ctx.log.info("ACL 2.0 user updated", { username: change.username });
  return reply(ResponseCode.SUCCESS);
};

const deleteUser = (ctx: BrokerContext): Handler => (req) => {
  const name = username(req);
  const old = ctx.store.meta.authUsers.get(name);
  if (old === undefined) return reply(ResponseCode.SUCCESS);
  if (old.userType === "Super" && callerIsNotSuper(ctx, req)) throw noPermission("The super user can only be update by super user");
  ctx.store.meta.authUsers.delete(name);
  ctx.store.meta.authAcls.delete(`User:${name}`);
  ctx.log.info("ACL 2.0 user deleted", { username: name });
  return reply(ResponseCode.SUCCESS);
};

const infoOf = (withPassword: boolean) => (u: AuthUser) => (withPassword ? { ...userInfoJson(u), password: u.password } : userInfoJson(u));

const getUser = (ctx: BrokerContext): Handler => (req) => {
  const user = ctx.store.meta.authUsers.get(username(req));
  return user === undefined ? reply(ResponseCode.SUCCESS) : reply(ResponseCode.SUCCESS, { body: jsonBody(infoOf(signedBySuper(ctx, req))(user)) });
};

const listUser = (ctx: BrokerContext): Handler => (req) => {
  const filter = decodeListUsersHeader(req.extFields);
  const users = ctx.store.meta.authUsers.all().filter((u) => filter === "" || u.username.includes(filter));
  const info = infoOf(signedBySuper(ctx, req));
  return users.length === 0 ? reply(ResponseCode.SUCCESS) : reply(ResponseCode.SUCCESS, { body: jsonBody(users.map(info)) });
};

export const authUserHandlers = (ctx: BrokerContext): Array<[number, Handler]> => [
  [AUTH_USER_CODES.CREATE, createUser(ctx)], [AUTH_USER_CODES.UPDATE, updateUser(ctx)], [AUTH_USER_CODES.DELETE, deleteUser(ctx)],
  [AUTH_USER_CODES.GET, getUser(ctx)], [AUTH_USER_CODES.LIST, listUser(ctx)],
];
