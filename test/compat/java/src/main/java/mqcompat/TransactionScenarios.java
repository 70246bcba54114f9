package mqcompat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/** Issue 15: transactions, request-reply and timer messages, with the APIs both 4.9.8 and 5.x have. */
final class TransactionScenarios {
    private TransactionScenarios() {}

    static void register(Map<String, Scenario> all) {
        all.put("transaction", TransactionScenarios::transaction);
        all.put("request-reply", TransactionScenarios::requestReply);
        all.put("timer", TransactionScenarios::timer);
    }

    /** A started push consumer of the topic from the first offset, owning its 4 queues, collecting into `into`. */
    static DefaultMQPushConsumer consume(Ctx ctx, ConcurrentLinkedQueue<MessageExt> into) throws Exception {
        return TimerScenarios.arrivals(ctx, new ConcurrentHashMap<>(), into);
    }

    static TreeSet<String> bodies(ConcurrentLinkedQueue<MessageExt> got) {
        TreeSet<String> set = new TreeSet<>();
        for (MessageExt m : got) set.add(Readback.body(m));
        return set;
    }

    /** commit → delivered, rollback → never, UNKNOW → checked back, and committed by the check. */
    private static Json transaction(Ctx ctx) throws Exception {
        ConcurrentLinkedQueue<MessageExt> got = new ConcurrentLinkedQueue<>();
        consume(ctx, got);
        List<String> checked = new CopyOnWriteArrayList<>();
        TransactionMQProducer p = TransactionPhases.producer(ctx, LocalTransactionState.COMMIT_MESSAGE, checked);
        ctx.track(p::shutdown);
        List<String> states = new CopyOnWriteArrayList<>();
        for (String body : new String[] {"commit-0", "rollback-0", "unknown-0"}) {
            SendResult r = p.sendMessageInTransaction(new Message(ctx.topic, body.getBytes(StandardCharsets.UTF_8)), null);
            states.add(r.getSendStatus() + "/" + (r.getTransactionId() != null));
        }
        ctx.progress("sent 3 half messages; received " + bodies(got));
        Ctx.await(() -> bodies(got).contains("commit-0") && bodies(got).contains("unknown-0"), 30_000);
        Thread.sleep(1500); // a rolled back or repeated one would arrive within this
        return new Json().put("states", states).put("received", bodies(got)).put("deliveries", got.size()).put("checked", checked);
    }

    /** request() gets the answer a replier sends with MessageUtil.createReplyMessage. */
    private static Json requestReply(Ctx ctx) throws Exception {
        DefaultMQProducer replier = ctx.producer();
        DefaultMQPushConsumer c = ctx.pushConsumer(ctx.group("CG"));
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            try {
                for (MessageExt m : msgs) replier.send(MessageUtil.createReplyMessage(m, ("pong " + Readback.body(m)).getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                return ConsumeConcurrentlyStatus.RECONSUME_LATER;
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        Ctx.await(() -> PushScenarios.owned(c, ctx.topic).size() == 4, 20_000);
        PushScenarios.heartbeat(c);
        DefaultMQProducer requester = ctx.client(new DefaultMQProducer(ctx.group("RPG")));
        requester.start();
        ctx.track(requester::shutdown);
        ctx.progress("requesting");
        Message answer = requester.request(new Message(ctx.topic, "ping".getBytes(StandardCharsets.UTF_8)), 15_000);
        return new Json().put("reply", new String(answer.getBody(), StandardCharsets.UTF_8)).put("replyTopic", answer.getTopic());
    }

    /** 5.x: Message.setDelayTimeMs; 4.9.8 has no such method, so the property it sets, TIMER_DELAY_MS (5.x refuses that as a user property). */
    static void delayMs(Message m, long ms) throws Exception {
        try {
            m.getClass().getMethod("setDelayTimeMs", long.class).invoke(m, ms);
        } catch (NoSuchMethodException e) {
            m.putUserProperty("TIMER_DELAY_MS", String.valueOf(ms));
        }
    }

    /** A 1 s timer (setDelayTimeMs, or TIMER_DELAY_MS on 4.9.8): hidden at first, delivered a second later. */
    private static Json timer(Ctx ctx) throws Exception {
        ConcurrentLinkedQueue<MessageExt> got = new ConcurrentLinkedQueue<>();
        consume(ctx, got);
        DefaultMQProducer p = ctx.producer();
        Message m = ProducerScenarios.message(ctx, 0);
        delayMs(m, 1000);
        long sentMs = System.currentTimeMillis();
        p.send(m);
        Thread.sleep(300);
        int early = got.size();
        Ctx.await(() -> !got.isEmpty(), 10_000);
        MessageExt delivered = got.peek();
        long afterMs = delivered == null ? -1 : delivered.getStoreTimestamp() - sentMs;
        return new Json().put("visibleAtOnce", early).put("received", got.size()).put("deliveredAfterMs", afterMs)
            .put("topic", delivered == null ? null : delivered.getTopic());
    }
}
