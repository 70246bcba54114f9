// The pages: each reads through the same loaders its /api route answers with, so the page and
// the API cannot disagree. A failure to read the cluster is shown in the page, with status 502.
import { Hono, type Context } from "hono";
import type { Child } from "hono/jsx";
import type { AdminContext } from "../../admin/index.ts";
import { TRACE_TOPIC_DEFAULT, topicRoute, topicStatus } from "../../admin/index.ts";
import { loadAcl } from "../api/acl.ts";
import { loadCluster } from "../api/cluster.ts";
import { loadGroup, loadGroups } from "../api/consumers.ts";
import { dlqMessages, messageById, messagesByKey, messagesByTime, timeParam } from "../api/messages.ts";
import { loadProducers } from "../api/producers.ts";
import { loadTopics } from "../api/topics.ts";
import { loadTrace } from "../api/trace.ts";
import type { SessionView } from "../session/gate.ts";
import { AclPage } from "./acl.tsx";
import { ClusterPage } from "./cluster.tsx";
import { ConsumerPage, ConsumersPage } from "./consumers.tsx";
import { DashboardHead, DashboardPage } from "./dashboard.tsx";
import { DlqPage } from "./dlq.tsx";
import { Failure, Layout } from "./layout.tsx";
import { MessageDetail, MessageSearch } from "./messages.tsx";
import { OpsPage } from "./ops.tsx";
import { ProducersPage } from "./producers.tsx";
import { TracePage } from "./trace.tsx";
import { TopicPage, TopicsPage } from "./topics.tsx";

/** Renders body() in the layout (for the session, if any); a failure renders as a message in the page with 502. */
const framed = (session: SessionView | undefined) => async (c: Context, title: string, body: () => Promise<Child> | Child, head?: Child) => {
  try {
    return c.html(<Layout title={title} path={c.req.path} head={head} session={session}>{await body()}</Layout>);
  } catch (e) {
    return c.html(<Layout title={title} path={c.req.path} session={session}><Failure error={e} /></Layout>, 502);
  }
};

export function pageRoutes(admin: AdminContext, session?: SessionView, localAclFile?: string): Hono {
  const page = framed(session);
  return new Hono()
    .get("/", (c) => page(c, "Dashboard", () => <DashboardPage />, <DashboardHead />))
    .get("/cluster", (c) => page(c, "Cluster", async () => <ClusterPage brokers={await loadCluster(admin)} />))
    .get("/topics", (c) => page(c, "Topics", async () => <TopicsPage topics={await loadTopics(admin)} kind={c.req.query("kind") ?? "NORMAL"} />))
    .get("/topics/:topic", (c) => {
      const topic = c.req.param("topic");
      return page(c, `Topic ${topic}`, async () => {
        const [route, status] = await Promise.all([topicRoute(admin, topic), topicStatus(admin, topic)]);
        return <TopicPage topic={topic} route={route} status={status} />;
      });
    })
    .get("/consumers", (c) => page(c, "Consumer groups", async () => <ConsumersPage groups={await loadGroups(admin)} />))
    .get("/consumers/:group", (c) => {
      const group = c.req.param("group");
      return page(c, `Consumer group ${group}`, async () => <ConsumerPage detail={await loadGroup(admin, group)} />);
    })
    .get("/messages", (c) => page(c, "Messages", async () => {
      const param = (name: string) => c.req.query(name)?.trim() ?? "";
      const q = { topic: param("topic"), key: param("key"), id: param("id"), begin: param("begin"), end: param("end") };
      const found = q.id !== "" ? await messageById(admin, q.id, q.topic || undefined)
        : q.topic !== "" && q.key !== "" ? await messagesByKey(admin, q.topic, q.key)
        : q.topic !== "" && (q.begin !== "" || q.end !== "") ? await messagesByTime(admin, q.topic, timeParam("begin", q.begin), timeParam("end", q.end))
        : undefined;
      return <MessageSearch q={q} found={found} />;
    }))
    .get("/messages/:id", (c) => {
      const id = c.req.param("id");
      return page(c, "Message", async () => {
        const [m] = await messageById(admin, id, c.req.query("topic") || undefined);
        return m === undefined ? <p class="card muted">No message {id}.</p> : <MessageDetail m={m} />;
      });
    })
    .get("/dlq", (c) => page(c, "Dead-letter messages", async () => {
      const group = c.req.query("group")?.trim() ?? "";
      return <DlqPage group={group} found={group === "" ? undefined : await dlqMessages(admin, group)} />;
    }))
    .get("/producers", (c) => page(c, "Producer connections", async () => {
      const group = c.req.query("group")?.trim() ?? "";
      const topic = c.req.query("topic")?.trim() ?? "";
      return <ProducersPage group={group} topic={topic} found={group && topic ? await loadProducers(admin, group, topic) : undefined} />;
    }))
    .get("/trace", (c) => page(c, "Message trace", async () => {
      const msgId = c.req.query("msgId")?.trim() ?? "";
      const traceTopic = c.req.query("traceTopic")?.trim() || TRACE_TOPIC_DEFAULT;
      return <TracePage msgId={msgId} traceTopic={traceTopic} found={msgId ? await loadTrace(admin, msgId, traceTopic) : undefined} />;
    }))
    .get("/acl", (c) => page(c, "ACL", async () => <AclPage view={await loadAcl(admin, session, c.req.query("cluster"), localAclFile)} />))
    .get("/ops", (c) => page(c, "Ops", () => <OpsPage namesrvAddrs={admin.namesrvAddrs} />));
}
