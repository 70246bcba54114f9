package mqcompat;

import java.util.Collection;
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

    private static Set<String> poll(Ctx ctx, DefaultLitePullConsumer c) throws InterruptedException {
        Set<String> bodies = new HashSet<>();
        long end = System.currentTimeMillis() + 20_000;
        while (bodies.size() < COUNT && System.currentTimeMillis() < end) {
            for (MessageExt m : c.poll(1000)) bodies.add(Readback.body(m));
            ctx.progress("polled " + bodies.size() + " of " + COUNT);
        }
        return bodies;
    }

    private static long committedSum(DefaultLitePullConsumer c, Collection<MessageQueue> queues) throws Exception {
        long sum = 0;
        for (MessageQueue mq : queues) {
            Long offset = c.committed(mq);
            sum += offset == null ? 0 : Math.max(0, offset);
        }
        return sum;
    }

    /** subscribe(topic, "*"), poll all 20, commitSync: the committed offsets add up to 20. */
    private static Json litePullSubscribe(Ctx ctx) throws Exception {
        send(ctx);
        DefaultLitePullConsumer c = ctx.litePullConsumer(ctx.group("LG"));
        c.setAutoCommit(false);
        c.subscribe(ctx.topic, "*");
        c.start();
        Set<String> bodies = poll(ctx, c);
        c.commitSync();
        return new Json().put("received", bodies.size()).put("committed", committedSum(c, c.fetchMessageQueues(ctx.topic)));
    }

    /** assign(all queues), seek each to 0, poll all 20, commitSync; then seek queue 0 back to 0 and poll again. */
    private static Json litePullAssign(Ctx ctx) throws Exception {
        send(ctx);
        DefaultLitePullConsumer c = ctx.litePullConsumer(ctx.group("LG"));
        c.setAutoCommit(false);
        c.start();
        Collection<MessageQueue> queues = c.fetchMessageQueues(ctx.topic);
        c.assign(queues);
        for (MessageQueue mq : queues) c.seek(mq, 0);
        Set<String> bodies = poll(ctx, c);
        c.commitSync();
        long committed = committedSum(c, queues);
        return new Json().put("queues", queues.size()).put("received", bodies.size()).put("committed", committed);
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
