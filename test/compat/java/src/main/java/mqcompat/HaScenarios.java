package mqcompat;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Replication scenarios: the topic and its messages come from the caller (sent with mq's tools
 * before the run, e.g. to a SYNC_MASTER later killed), the client only consumes them, wherever the
 * route and the brokers' suggestWhichBrokerId send it.
 */
final class HaScenarios {
    private HaScenarios() {}

    /** How long consume-existing waits for -Dmqcompat.expect distinct bodies. */
    private static final long CONSUME_WAIT_MS = 40_000;

    static void register(Map<String, Scenario> all) {
        all.put("consume-existing", HaScenarios::consumeExisting);
    }

    /**
     * A push consumer of group -Dmqcompat.group (default <topic>_CG) on the whole topic, from its
     * first offset, until it holds -Dmqcompat.expect distinct bodies: what it received, and the
     * distinct bodies, sorted.
     */
    private static Json consumeExisting(Ctx ctx) throws Exception {
        int expect = Integer.getInteger("mqcompat.expect", 1);
        String group = System.getProperty("mqcompat.group", ctx.group("CG"));
        Set<String> bodies = new ConcurrentSkipListSet<>();
        AtomicInteger received = new AtomicInteger();
        DefaultMQPushConsumer c = ctx.pushConsumer(group);
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt m : msgs) bodies.add(new String(m.getBody(), java.nio.charset.StandardCharsets.UTF_8));
            received.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        ctx.progress("consuming " + ctx.topic + " as " + group);
        Ctx.await(() -> bodies.size() >= expect, CONSUME_WAIT_MS);
        // Commits what it consumed now (to the master, or with it gone, to the slave; a oneway
        // request), rather than at the next 5 s persist, so the group's next JVM starts from there.
        c.getDefaultMQPushConsumerImpl().persistConsumerOffset();
        Thread.sleep(500);
        return new Json().put("received", received.get()).put("distinct", bodies.size()).put("bodies", bodies);
    }
}
