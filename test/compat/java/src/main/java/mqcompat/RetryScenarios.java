package mqcompat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/**
 * Push consumers beyond the plain path: RECONSUME_LATER through %RETRY% into %DLQ%, SQL92
 * selectors. The broker runs with every delay level at 1 s, so retries come quickly.
 */
final class RetryScenarios {
    private RetryScenarios() {}

    static void register(Map<String, Scenario> all) {
        all.put("push-retry-dlq", RetryScenarios::retryToDlq);
        all.put("push-sql92", RetryScenarios::sql92);
    }

    /** maxReconsumeTimes 2 and a listener that always answers RECONSUME_LATER: 3 deliveries each, then the DLQ. */
    private static Json retryToDlq(Ctx ctx) throws Exception {
        Map<String, List<Integer>> reconsumeTimesOf = new ConcurrentSkipListMap<>();
        Set<String> topicsSeen = new ConcurrentSkipListSet<>();
        DefaultMQPushConsumer c = ctx.pushConsumer(ctx.group("CG"));
        c.setMaxReconsumeTimes(2);
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt m : msgs) {
                reconsumeTimesOf.computeIfAbsent(Readback.body(m), k -> new CopyOnWriteArrayList<>()).add(m.getReconsumeTimes());
                topicsSeen.add(m.getTopic());
            }
            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
        });
        c.start();
        Ctx.await(() -> PushScenarios.owned(c, ctx.topic).size() == 4, 20_000);
        PushScenarios.heartbeat(c);
        // The broker makes %RETRY%<group> on the group's first heartbeat, after the client looked
        // its route up at start; the client looks again every 30 s (pollNameServerInterval), so
        // retries of a brand-new group wait that long (against Apache RocketMQ too), and a
        // rebalance (every 20 s) before it pulls the retry queue. Do both now.
        String retryTopic = "%RETRY%" + ctx.group("CG");
        ctx.progress("waiting for the route of " + retryTopic);
        Ctx.await(() -> {
            c.getDefaultMQPushConsumerImpl().getmQClientFactory().updateTopicRouteInfoFromNameServer();
            c.getDefaultMQPushConsumerImpl().getmQClientFactory().rebalanceImmediately();
            return !PushScenarios.owned(c, retryTopic).isEmpty();
        }, 10_000);
        DefaultMQProducer p = ctx.producer();
        for (int i = 0; i < 2; i++) p.send(ProducerScenarios.message(ctx, i));
        ctx.progress("waiting for 3 deliveries of each message");
        Ctx.await(() -> reconsumeTimesOf.size() == 2 && reconsumeTimesOf.values().stream().allMatch(l -> l.size() >= 3), 30_000);
        List<MessageExt> dlq = readDlq(ctx, ctx.group("CG"), 2);
        Thread.sleep(1500); // a fourth delivery would come within this
        Json dlqSeen = new Json();
        if (!dlq.isEmpty()) {
            dlq.sort(java.util.Comparator.comparing(Readback::body));
            MessageExt m = dlq.get(0);
            dlqSeen.put("topic", m.getTopic()).put("retryTopic", m.getProperty("RETRY_TOPIC")).put("reconsumeTimes", m.getReconsumeTimes())
                .put("tags", m.getTags()).put("keys", m.getKeys());
        }
        return new Json().put("reconsumeTimesOf", reconsumeTimesOf).put("topicsSeen", topicsSeen).put("dlqCount", dlq.size()).put("dlq", dlqSeen);
    }

    /** The group's %DLQ% topic read with a pull consumer once its route is known. */
    @SuppressWarnings("deprecation")
    private static List<MessageExt> readDlq(Ctx ctx, String group, int expected) throws Exception {
        DefaultMQPullConsumer consumer = ctx.pullConsumer(ctx.group("DLQ"));
        String dlqTopic = "%DLQ%" + group;
        List<MessageExt> got = new ArrayList<>();
        long end = System.currentTimeMillis() + 15_000;
        long next = 0;
        while (got.size() < expected && System.currentTimeMillis() < end) {
            try {
                for (MessageQueue mq : consumer.fetchSubscribeMessageQueues(dlqTopic)) {
                    PullResult r = consumer.pull(mq, "*", next, 32);
                    if (r.getPullStatus() == PullStatus.FOUND) {
                        got.addAll(r.getMsgFoundList());
                        next = r.getNextBeginOffset();
                    }
                }
            } catch (Exception e) {
                ctx.progress("reading " + dlqTopic + ": " + e.getMessage());
            }
            if (got.size() < expected) Thread.sleep(200);
        }
        return got;
    }

    /** MessageSelector.bySql("a >= 5 AND b = 'x'") over 10 messages: the 5 with a >= 5 (b is 'x' on all). */
    private static Json sql92(Ctx ctx) throws Exception {
        ConcurrentLinkedQueue<MessageExt> got = new ConcurrentLinkedQueue<>();
        DefaultMQPushConsumer c = ctx.pushConsumer(ctx.group("CG"));
        c.subscribe(ctx.topic, MessageSelector.bySql("a >= 5 AND b = 'x'"));
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        Ctx.await(() -> PushScenarios.owned(c, ctx.topic).size() == 4, 20_000);
        PushScenarios.heartbeat(c);
        DefaultMQProducer p = ctx.producer();
        for (int i = 0; i < 10; i++) {
            Message m = ProducerScenarios.message(ctx, i);
            m.putUserProperty("a", String.valueOf(i));
            m.putUserProperty("b", "x");
            p.send(m);
        }
        Ctx.await(() -> got.size() >= 5, 20_000);
        Thread.sleep(500);
        Set<String> values = new TreeSet<>();
        for (MessageExt m : got) values.add(m.getUserProperty("a"));
        return new Json().put("received", got.size()).put("aValues", values);
    }
}
