package mqcompat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/** DefaultMQPushConsumer scenarios: consumers start first, then the messages are sent. */
final class PushScenarios {
    private PushScenarios() {}

    static void register(Map<String, Scenario> all) {
        all.put("push-clustering", PushScenarios::clustering);
        all.put("push-broadcasting", PushScenarios::broadcasting);
        all.put("push-tags", PushScenarios::tags);
        all.put("push-orderly", PushScenarios::orderly);
    }

    /** Starts a concurrently-consuming push consumer that records what it receives. */
    private static DefaultMQPushConsumer start(Ctx ctx, String group, String expression, String model,
                                               ConcurrentLinkedQueue<MessageExt> into) throws Exception {
        DefaultMQPushConsumer c = ctx.pushConsumer(group);
        if (model != null) Ctx.messageModel(c, model);
        c.subscribe(ctx.topic, expression);
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            into.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    /** The queues of the topic a push consumer's rebalance gave it (its retry topic's queue left out). */
    static Set<Integer> owned(DefaultMQPushConsumer c, String topic) {
        Set<Integer> ids = new TreeSet<>();
        for (MessageQueue mq : c.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet()) {
            if (mq.getTopic().equals(topic)) ids.add(mq.getQueueId());
        }
        return ids;
    }

    /**
     * One more heartbeat from each consumer once its queues are settled. A rebalance bumps the
     * subscription's version and sends a heartbeat with it, but the client skips that heartbeat
     * when another is in flight (5.x logs "lock heartBeat, but failed"; the scheduled one starts a
     * second after start, just when the first rebalance runs). Its pulls then carry a version the
     * broker has not seen and get SUBSCRIPTION_NOT_LATEST until the next scheduled heartbeat, 30 s
     * later: a client race that Apache RocketMQ's broker answers the same way.
     */
    static void heartbeat(DefaultMQPushConsumer... consumers) throws InterruptedException {
        for (int round = 0; round < 2; round++) {
            for (DefaultMQPushConsumer c : consumers) c.getDefaultMQPushConsumerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();
            Thread.sleep(50);
        }
    }

    private static void send(Ctx ctx, int count, String... tags) throws Exception {
        DefaultMQProducer p = ctx.producer();
        for (int i = 0; i < count; i++) {
            Message m = ProducerScenarios.message(ctx, i);
            m.setTags(tags[i % tags.length]);
            p.send(m);
        }
    }

    private static Set<String> bodies(ConcurrentLinkedQueue<MessageExt> got) {
        Set<String> set = new HashSet<>();
        for (MessageExt m : got) set.add(Readback.body(m));
        return set;
    }

    /** Two instances in one group: the 4 queues split between them, 40 messages each arrive once. */
    private static Json clustering(Ctx ctx) throws Exception {
        ConcurrentLinkedQueue<MessageExt> a = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<MessageExt> b = new ConcurrentLinkedQueue<>();
        DefaultMQPushConsumer ca = start(ctx, ctx.group("CG"), "*", null, a);
        DefaultMQPushConsumer cb = start(ctx, ctx.group("CG"), "*", null, b);
        ctx.progress("waiting for the queues to split");
        boolean split = Ctx.await(() -> owned(ca, ctx.topic).size() + owned(cb, ctx.topic).size() == 4 && !owned(ca, ctx.topic).isEmpty() && !owned(cb, ctx.topic).isEmpty(), 20_000);
        heartbeat(ca, cb);
        Set<Integer> qa = owned(ca, ctx.topic);
        Set<Integer> qb = owned(cb, ctx.topic);
        send(ctx, 40, "TagA");
        ctx.progress("sent 40; received " + (a.size() + b.size()));
        Ctx.await(() -> bodies(a).size() + bodies(b).size() >= 40, 20_000);
        Thread.sleep(1000); // a duplicate would arrive within this
        Set<Integer> overlap = new TreeSet<>(qa);
        overlap.retainAll(qb);
        Set<String> all = bodies(a);
        all.addAll(bodies(b));
        return new Json().put("split", split).put("queuesA", qa).put("queuesB", qb).put("overlap", overlap)
            .put("receivedA", a.size()).put("receivedB", b.size()).put("distinct", all.size());
    }

    /** Two instances in one BROADCASTING group: each receives all 20. */
    private static Json broadcasting(Ctx ctx) throws Exception {
        ConcurrentLinkedQueue<MessageExt> a = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<MessageExt> b = new ConcurrentLinkedQueue<>();
        DefaultMQPushConsumer ca = start(ctx, ctx.group("CG"), "*", "BROADCASTING", a);
        DefaultMQPushConsumer cb = start(ctx, ctx.group("CG"), "*", "BROADCASTING", b);
        ctx.progress("waiting for both to own all queues");
        boolean owned = Ctx.await(() -> owned(ca, ctx.topic).size() == 4 && owned(cb, ctx.topic).size() == 4, 20_000);
        heartbeat(ca, cb);
        send(ctx, 20, "TagA");
        Ctx.await(() -> bodies(a).size() >= 20 && bodies(b).size() >= 20, 20_000);
        Thread.sleep(500);
        return new Json().put("ownedAll", owned).put("receivedA", a.size()).put("receivedB", b.size())
            .put("distinctA", bodies(a).size()).put("distinctB", bodies(b).size());
    }

    /** "TagA || TagC" over 30 messages tagged A, B, C in turn: the 20 A and C ones, nothing else. */
    private static Json tags(Ctx ctx) throws Exception {
        ConcurrentLinkedQueue<MessageExt> got = new ConcurrentLinkedQueue<>();
        DefaultMQPushConsumer c = start(ctx, ctx.group("CG"), "TagA || TagC", null, got);
        Ctx.await(() -> owned(c, ctx.topic).size() == 4, 20_000);
        heartbeat(c);
        send(ctx, 30, "TagA", "TagB", "TagC");
        Ctx.await(() -> bodies(got).size() >= 20, 20_000);
        Thread.sleep(500);
        Set<String> tagsSeen = new TreeSet<>();
        for (MessageExt m : got) tagsSeen.add(m.getTags());
        return new Json().put("received", got.size()).put("distinct", bodies(got).size()).put("tagsSeen", tagsSeen);
    }

    /** MessageListenerOrderly over 40 messages of 4 order keys sent through a selector: each key in order. */
    private static Json orderly(Ctx ctx) throws Exception {
        Map<Integer, List<Integer>> seqOfKey = new ConcurrentSkipListMap<>();
        Map<Integer, Set<Integer>> queuesOfKey = new ConcurrentSkipListMap<>();
        DefaultMQPushConsumer c = ctx.pushConsumer(ctx.group("CG"));
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((MessageListenerOrderly) (msgs, context) -> {
            for (MessageExt m : msgs) {
                int i = Integer.parseInt(Readback.body(m).substring(ctx.topic.length() + 1));
                seqOfKey.computeIfAbsent(i % 4, k -> new CopyOnWriteArrayList<>()).add(i);
                queuesOfKey.computeIfAbsent(i % 4, k -> new ConcurrentSkipListSet<>()).add(m.getQueueId());
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        c.start();
        ctx.progress("waiting for the queue locks");
        Ctx.await(() -> owned(c, ctx.topic).size() == 4, 20_000);
        heartbeat(c);
        DefaultMQProducer p = ctx.producer();
        for (int i = 0; i < 40; i++) {
            p.send(ProducerScenarios.message(ctx, i), (mqs, msg, arg) -> mqs.get((Integer) arg % mqs.size()), i % 4);
        }
        Ctx.await(() -> seqOfKey.values().stream().mapToInt(List::size).sum() >= 40, 20_000);
        boolean inOrder = true;
        int received = 0;
        for (List<Integer> seq : seqOfKey.values()) {
            received += seq.size();
            for (int j = 1; j < seq.size(); j++) if (seq.get(j) <= seq.get(j - 1)) inOrder = false;
        }
        return new Json().put("received", received).put("inOrder", inOrder).put("queuesOfKey", queuesOfKey);
    }
}
