// The broker's per-role handler table behind one server (src/broker/role-handlers.ts), in process:
// a request during a role change waits for the next role and is answered by it; the old role's
// running requests finish before close() resolves; a stopping broker answers the waiting ones
// SYSTEM_BUSY at once; a connection-close listener belongs to the role that added it.
import { expect, test } from "bun:test";
import { ResponseCode } from "../../src/common/index.ts";
import { reply, request, type Connection, type Handler, type RemotingCommand } from "../../src/remoting/index.ts";
import { RoleHandlers } from "../../src/broker/role-handlers.ts";

const CODE = 900;

/** The server side: what RoleHandlers registers, callable as the server would call it. */
function fakeServer() {
  const handlers = new Map<number, Handler>();
  const closeListeners: Array<(conn: Connection) => void> = [];
  return {
    register: (code: number, handler: Handler) => void handlers.set(code, handler),
    onConnectionClose: (listener: (conn: Connection) => void) => void closeListeners.push(listener),
    call: async (code: number): Promise<RemotingCommand | undefined> => await (handlers.get(code) as Handler)(request(code, {}), conn),
    closeConnection: () => closeListeners.forEach((listener) => listener(conn)),
  };
}
const conn = { id: 1, remoteAddress: "127.0.0.1:1" } as Connection;
const answer = (remark: string): Handler => () => reply(ResponseCode.SUCCESS, { remark });

test("a request that comes during a role change waits and is answered by the new role", async () => {
  const server = fakeServer();
  const roles = new RoleHandlers(server, { waitMs: 5000 });
  roles.registry.register(CODE, answer("old"));
  roles.open();
  expect((await server.call(CODE))?.remark).toBe("old");
  await roles.close();
  const waiting = server.call(CODE);
  roles.registry.register(CODE, answer("new"));
  roles.open();
  expect((await waiting)?.remark).toBe("new");
});

test("close() resolves only once the old role's running request answered", async () => {
  const server = fakeServer();
  const roles = new RoleHandlers(server);
  let finish: () => void = () => {};
  roles.registry.register(CODE, () => new Promise<RemotingCommand>((resolve) => (finish = () => resolve(reply(ResponseCode.SUCCESS)))));
  roles.open();
  const running = server.call(CODE);
  let closed = false;
  const closing = roles.close().then(() => (closed = true));
  await Bun.sleep(0);
  expect(closed).toBe(false);
  finish();
  await closing;
  expect((await running)?.code).toBe(ResponseCode.SUCCESS);
});

test("no role to come: a waiting request is answered SYSTEM_BUSY at end(), and one past waitMs too", async () => {
  const server = fakeServer();
  const roles = new RoleHandlers(server, { waitMs: 20 });
  roles.registry.register(CODE, answer("old"));
  roles.open();
  await roles.close();
  expect((await server.call(CODE))?.code).toBe(ResponseCode.SYSTEM_BUSY);
  const waiting = server.call(CODE);
  roles.end();
  expect((await waiting)?.code).toBe(ResponseCode.SYSTEM_BUSY);
});

test("a code the new role does not register is not supported; close listeners are the role's", async () => {
  const server = fakeServer();
  const roles = new RoleHandlers(server);
  const closedFor: string[] = [];
  roles.registry.register(CODE, answer("old"));
  roles.registry.onConnectionClose(() => closedFor.push("old"));
  roles.open();
  await roles.close();
  roles.registry.onConnectionClose(() => closedFor.push("new"));
  roles.open();
  expect((await server.call(CODE))?.code).toBe(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
  server.closeConnection();
  expect(closedFor).toEqual(["new"]);
});

test("the access guard runs for a request that waited, once the new role serves", async () => {
  const server = fakeServer();
  let refusing = false;
  const roles = new RoleHandlers(server, { guard: () => (refusing ? reply(ResponseCode.NO_PERMISSION, { remark: "no" }) : undefined) });
  roles.registry.register(CODE, answer("old"));
  roles.open();
  await roles.close();
  expect(roles.beforeRequest(request(CODE, {}), conn)).toBeUndefined();
  refusing = true;
  const waiting = server.call(CODE);
  roles.registry.register(CODE, answer("new"));
  roles.open();
  expect((await waiting)?.code).toBe(ResponseCode.NO_PERMISSION);
});
