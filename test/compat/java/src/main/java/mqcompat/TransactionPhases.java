package mqcompat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Issue 15's transactions beyond the happy path: a check that never answers, and scenarios in
 * phases that the caller runs as separate JVMs (test/compat/phased-scenarios.ts):
 *   tx-killed:half   sends a half left UNKNOW and stays up (-Dmqcompat.hold) until SIGKILLed
 *   tx-killed:check  another producer of the same group, started afterwards, answers the check with commit
 *   tx-restart:half  commit, rollback and UNKNOW halves; the caller kills it and restarts the broker
 *   tx-restart:check as tx-killed:check, after the broker came back (tx-crash:* the same after a SIGKILL)
 */
final class TransactionPhases {
    private TransactionPhases() {}

    static final String CHECK_MAX_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";

    static void register(Map<String, Scenario> all) {
        all.put("tx-check-max", TransactionPhases::checkMax);
        all.put("tx-killed:half", ctx -> half(ctx, "unknown-0"));
        all.put("tx-killed:check", TransactionPhases::check);
        for (String name : new String[] {"tx-restart", "tx-crash"}) {
            all.put(name + ":half", ctx -> half(ctx, "commit-0", "rollback-0", "unknown-0"));
            all.put(name + ":check", TransactionPhases::check);
        }
    }

    /** A started producer of the scenario's group TPG: execute by body prefix, every check answered with onCheck and noted in checked. */
    static TransactionMQProducer producer(Ctx ctx, LocalTransactionState onCheck, List<String> checked) throws Exception {
        TransactionMQProducer p = ctx.client(new TransactionMQProducer(ctx.group("TPG")));
        p.setSendMsgTimeout(10_000);
        p.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                String body = new String(msg.getBody(), StandardCharsets.UTF_8);
                if (body.startsWith("commit")) return LocalTransactionState.COMMIT_MESSAGE;
                if (body.startsWith("rollback")) return LocalTransactionState.ROLLBACK_MESSAGE;
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                checked.add(Readback.body(msg) + "@" + msg.getTopic());
                return onCheck;
            }
        });
        p.start();
        // Known to the broker as a producer of the group at once, not at the next 30 s heartbeat.
        p.getDefaultMQProducerImpl().getmQClientFactory().updateTopicRouteInfoFromNameServer(ctx.topic);
        p.getDefaultMQProducerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();
        return p;
    }

    private static List<String> sendAll(TransactionMQProducer p, Ctx ctx, String... bodies) throws Exception {
        List<String> states = new ArrayList<>();
        for (String body : bodies) {
            TransactionSendResult r = p.sendMessageInTransaction(new Message(ctx.topic, body.getBytes(StandardCharsets.UTF_8)), null);
            states.add(r.getSendStatus() + "/" + r.getLocalTransactionState());
        }
        return states;
    }

    /** Phase one: the halves sent, their producer left running (not shut down) for the caller to kill. */
    private static Json half(Ctx ctx, String... bodies) throws Exception {
        List<String> checked = new CopyOnWriteArrayList<>();
        TransactionMQProducer p = producer(ctx, LocalTransactionState.UNKNOW, checked);
        List<String> states = sendAll(p, ctx, bodies);
        List<String> committed = new ArrayList<>();
        for (String b : bodies) if (b.startsWith("commit")) committed.add(b);
        // END_TRANSACTION is oneway: wait until the commits are readable before the caller kills anything.
        List<MessageExt> visible = Readback.all(ctx, committed.size(), 10_000);
        return new Json().put("states", states).put("visibleBeforeKill", TransactionScenarios.bodies(new ConcurrentLinkedQueue<>(visible)));
    }

    /** Phase two: a consumer from the first offset and a new producer of the group that commits every check. */
    private static Json check(Ctx ctx) throws Exception {
        // The producer first: until one of the group is connected, every check round counts
        // against transactionCheckMax (as in Apache RocketMQ), and the consumer reads from the first offset anyway.
        List<String> checked = new CopyOnWriteArrayList<>();
        ctx.track(producer(ctx, LocalTransactionState.COMMIT_MESSAGE, checked)::shutdown);
        ConcurrentLinkedQueue<MessageExt> got = new ConcurrentLinkedQueue<>();
        TransactionScenarios.consume(ctx, got);
        ctx.progress("waiting for the check-back");
        Ctx.await(() -> TransactionScenarios.bodies(got).contains("unknown-0"), 30_000);
        Thread.sleep(1500); // a rolled back or repeated one would arrive within this
        return new Json().put("received", counts(got)).put("checked", new TreeMap<>(counts(checked)));
    }

    /** A check answered UNKNOW every time: after transactionCheckMax checks the half moves to TRANS_CHECK_MAX_TIME_TOPIC. */
    private static Json checkMax(Ctx ctx) throws Exception {
        List<String> checked = new CopyOnWriteArrayList<>();
        TransactionMQProducer p = producer(ctx, LocalTransactionState.UNKNOW, checked);
        ctx.track(p::shutdown);
        String body = "never-" + ctx.topic;
        sendAll(p, ctx, body);
        List<MessageExt> moved = new ArrayList<>();
        DefaultMQPullConsumer reader = ctx.pullConsumer(ctx.group("RB"));
        String brokerName = reader.fetchSubscribeMessageQueues(ctx.topic).iterator().next().getBrokerName();
        // The topic's route tells the reader where the broker is; the system topic may have none.
        reader.getDefaultMQPullConsumerImpl().getRebalanceImpl().getmQClientFactory().updateTopicRouteInfoFromNameServer(ctx.topic);
        MessageQueue q = new MessageQueue(CHECK_MAX_TOPIC, brokerName, 0);
        long end = System.currentTimeMillis() + 30_000;
        long offset = 0;
        while (moved.isEmpty() && System.currentTimeMillis() < end) {
            ctx.progress("checked " + checked.size() + " times; waiting for " + CHECK_MAX_TOPIC);
            try {
                PullResult r = reader.pull(q, "*", offset, 32);
                offset = r.getNextBeginOffset();
                if (r.getPullStatus() == PullStatus.FOUND) {
                    for (MessageExt m : r.getMsgFoundList()) if (Readback.body(m).equals(body)) moved.add(m);
                }
            } catch (Exception e) {
                // the topic does not exist until the first half is moved there
            }
            if (moved.isEmpty()) Thread.sleep(200);
        }
        int checksWhenMoved = checked.size();
        Thread.sleep(1500); // a check after the move would come within this
        MessageExt m = moved.isEmpty() ? null : moved.get(0);
        return new Json().put("checks", checksWhenMoved).put("checksAfterMove", checked.size() - checksWhenMoved)
            .put("moved", moved.size()).put("realTopic", m == null ? null : m.getProperty("REAL_TOPIC"))
            .put("delivered", Readback.all(ctx, 1, 1000).size());
    }

    static <T> Map<String, Integer> counts(Iterable<T> items) {
        Map<String, Integer> n = new TreeMap<>();
        for (T item : items) {
            String key = item instanceof MessageExt ? Readback.body((MessageExt) item) : String.valueOf(item);
            n.merge(key, 1, Integer::sum);
        }
        return n;
    }
}
