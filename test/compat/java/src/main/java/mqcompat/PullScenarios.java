package mqcompat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/** Pull-style consumers: DefaultLitePullConsumer (5.x sends LITE_PULL_MESSAGE) and DefaultMQPullConsumer. */
final class PullScenarios {
    private static final int COUNT = 20;

    private PullScenarios() {}

    static void register(Map<String, Scenario> all) {
        all.put("lite-pull-subscribe", PullScenarios::litePullSubscribe);
        all.put("lite-pull-assign", PullScenarios::litePullAssign);
        all.put("pull-consumer", PullScenarios::pullConsumer);
    }

    private static void send(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        for (int i = 0; i < COUNT; i++) p.send(ProducerScenarios.message(ctx, i));
    }

    /** Polls until `count` distinct bodies came (or 20 s passed). */
    private static Set<String> poll(Ctx ctx, DefaultLitePullConsumer c, int count) throws InterruptedException {
        Set<String> bodies = new HashSet<>();
        long end = System.currentTimeMillis() + 20_000;
        while (bodies.size() < count && System.currentTimeMillis() < end) {
            for (MessageExt m : c.poll(1000)) bodies.add(Readback.body(m));
            ctx.progress("polled " + bodies.size() + " of " + count);
        }
        return bodies;
    }

    /**
     * The group's offsets on the broker, summed over the queues, as a second client reads them.
     * commitSync only updates the consumer's own offset table; the table reaches the broker by
     * oneway requests (every 5 s and at shutdown), so this waits up to 10 s for `expected`.
     */
    @SuppressWarnings("deprecation")
    private static long brokerOffsetSum(Ctx ctx, String group, Collection<MessageQueue> queues, long expected) throws Exception {
        DefaultMQPullConsumer reader = ctx.pullConsumer(group);
        long[] sum = {0};
        Ctx.await(() -> {
            sum[0] = 0;
            try {
                for (MessageQueue mq : queues) sum[0] += Math.max(0, reader.fetchConsumeOffset(mq, true));
            } catch (Exception e) {
                ctx.progress("reading the offsets of " + group + ": " + e.getMessage());
            }
            return sum[0] >= expected;
        }, 10_000);
        return sum[0];
    }

    /** subscribe(topic, "*"), poll all 20, commitSync and shut down: the group's offsets on the broker add up to 20. */
    private static Json litePullSubscribe(Ctx ctx) throws Exception {
        send(ctx);
        DefaultLitePullConsumer c = ctx.litePullConsumer(ctx.group("LG"));
        c.setAutoCommit(false);
        c.subscribe(ctx.topic, "*");
        c.start();
        Set<String> bodies = poll(ctx, c, COUNT);
        c.commitSync();
        Collection<MessageQueue> queues = c.fetchMessageQueues(ctx.topic);
        c.shutdown();
        return new Json().put("received", bodies.size()).put("committed", brokerOffsetSum(ctx, ctx.group("LG"), queues, COUNT));
    }

    /**
     * assign(all queues) and poll all 20; seek(queue 0, 0) and poll its 5 again; commitSync and shut
     * down: the broker holds offsets adding up to 20. (A seek while the first pulls of an assignment
     * are in flight can leave a queue without an offset to commit, in the client.)
     */
    private static Json litePullAssign(Ctx ctx) throws Exception {
        send(ctx);
        DefaultLitePullConsumer c = ctx.litePullConsumer(ctx.group("LG"));
        c.setAutoCommit(false);
        c.start();
        List<MessageQueue> queues = new ArrayList<>(c.fetchMessageQueues(ctx.topic));
        queues.sort(Comparator.comparingInt(MessageQueue::getQueueId));
        c.assign(queues);
        Set<String> bodies = poll(ctx, c, COUNT);
        MessageQueue first = queues.get(0);
        c.seek(first, 0);
        Set<String> again = poll(ctx, c, COUNT / queues.size());
        c.commitSync();
        c.shutdown();
        long committed = brokerOffsetSum(ctx, ctx.group("LG"), queues, COUNT);
        return new Json().put("queues", queues.size()).put("received", bodies.size()).put("afterSeek", again.size())
            .put("committed", committed);
    }

    /** DefaultMQPullConsumer: pull every queue from 0, then store the offsets it reached. */
    @SuppressWarnings("deprecation")
    private static Json pullConsumer(Ctx ctx) throws Exception {
        send(ctx);
        DefaultMQPullConsumer c = ctx.pullConsumer(ctx.group("PC"));
        Set<MessageQueue> queues = c.fetchSubscribeMessageQueues(ctx.topic);
        Set<String> bodies = new HashSet<>();
        long maxOffsetSum = 0;
        for (MessageQueue mq : queues) {
            long offset = 0;
            for (;;) {
                PullResult r = c.pull(mq, "*", offset, 32);
                if (r.getPullStatus() != PullStatus.FOUND) break;
                List<MessageExt> found = r.getMsgFoundList();
                for (MessageExt m : found) bodies.add(Readback.body(m));
                offset = r.getNextBeginOffset();
            }
            c.updateConsumeOffset(mq, offset);
            maxOffsetSum += c.maxOffset(mq);
        }
        long fetched = 0;
        for (MessageQueue mq : queues) fetched += Math.max(0, c.fetchConsumeOffset(mq, false));
        return new Json().put("queues", queues.size()).put("received", bodies.size()).put("maxOffsetSum", maxOffsetSum)
            .put("fetchedOffsetSum", fetched);
    }
}
