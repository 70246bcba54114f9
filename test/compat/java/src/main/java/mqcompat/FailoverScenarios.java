package mqcompat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * Failover under a steady load: the caller kills the group's master while this producer sends,
 * one message at a time, and the client must carry on by itself against the new master (it finds
 * it at its next route poll, pollNameServerInterval, left at its default).
 */
final class FailoverScenarios {
    private FailoverScenarios() {}

    /** Sends go on until this many are acknowledged after the first failure, or the deadline. */
    private static final int ACKED_AFTER_FAILURE = 50;
    private static final long DEADLINE_MS = 42_000;

    static void register(Map<String, Scenario> all) {
        all.put("send-steady", FailoverScenarios::sendSteady);
        all.put("consume-through-failover", FailoverScenarios::consumeThroughFailover);
    }

    /**
     * A push consumer of a new group, from the first offset, with the client's defaults (route
     * poll and heartbeat every 30 s). Prints "mqcompat: consumer started", then waits (up to
     * 100 s; run it with -Dmqcompat.scenarioTimeoutMs above that) for the body -Dmqcompat.awaitBody, which the caller sends once the master
     * was killed and another elected. Observes when it was consumed (epoch ms).
     */
    private static Json consumeThroughFailover(Ctx ctx) throws Exception {
        String awaited = System.getProperty("mqcompat.awaitBody", "after-failover");
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        long[] consumedAtMs = {-1};
        org.apache.rocketmq.client.consumer.DefaultMQPushConsumer c = ctx.pushConsumer(ctx.group("FAILOVER"));
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently) (msgs, context) -> {
            for (org.apache.rocketmq.common.message.MessageExt m : msgs) {
                if (awaited.equals(new String(m.getBody(), StandardCharsets.UTF_8)) && consumedAtMs[0] < 0) {
                    consumedAtMs[0] = System.currentTimeMillis();
                    seen.countDown();
                }
            }
            return org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        System.out.println("mqcompat: consumer started");
        System.out.flush();
        ctx.progress("waiting for " + awaited);
        seen.await(100_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        return new Json().put("consumedAtMs", consumedAtMs[0]);
    }

    /**
     * Bodies -Dmqcompat.bodyPrefix-N, sent in turn (a failed one is not sent again). Prints
     * "mqcompat: steady: 100 acknowledged" once, so the caller knows when to kill the master.
     * Observes the acknowledged bodies, the failures, and how many were acknowledged after the
     * first failure and how long after it the first of them came.
     */
    private static Json sendSteady(Ctx ctx) throws Exception {
        String prefix = System.getProperty("mqcompat.bodyPrefix", "steady");
        DefaultMQProducer p = ctx.producer();
        p.setSendMsgTimeout(3_000);
        List<String> acked = new ArrayList<>();
        int failures = 0;
        int ackedAfterFailure = 0;
        long firstFailureMs = -1;
        long recoveredAfterMs = -1;
        long start = System.currentTimeMillis();
        for (int i = 0; ackedAfterFailure < ACKED_AFTER_FAILURE && System.currentTimeMillis() - start < DEADLINE_MS; i++) {
            String body = prefix + "-" + i;
            boolean ok;
            try {
                SendResult r = p.send(new Message(ctx.topic, "steady", body.getBytes(StandardCharsets.UTF_8)));
                ok = r.getSendStatus() == SendStatus.SEND_OK;
            } catch (Exception e) {
                ok = false;
            }
            long now = System.currentTimeMillis();
            if (ok) {
                acked.add(body);
                if (acked.size() == 100) {
                    System.out.println("mqcompat: steady: 100 acknowledged");
                    System.out.flush();
                }
                if (firstFailureMs >= 0) {
                    if (ackedAfterFailure++ == 0) recoveredAfterMs = now - firstFailureMs;
                }
            } else {
                failures++;
                if (firstFailureMs < 0) firstFailureMs = now;
                Thread.sleep(100);
            }
            ctx.progress(acked.size() + " acknowledged, " + failures + " failed");
        }
        return new Json().put("acked", acked).put("failures", failures).put("ackedAfterFailure", ackedAfterFailure)
            .put("recoveredAfterMs", recoveredAfterMs);
    }
}
