package mqcompat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/** Reads a topic back from offset 0 of every queue with a DefaultMQPullConsumer (PULL_MESSAGE). */
final class Readback {
    private Readback() {}

    /** Every message now in the topic, polling until at least `expected` are there or timeoutMs passes. */
    @SuppressWarnings("deprecation")
    static List<MessageExt> all(Ctx ctx, int expected, long timeoutMs) throws Exception {
        DefaultMQPullConsumer consumer = ctx.pullConsumer(ctx.group("RB"));
        Set<MessageQueue> queues = consumer.fetchSubscribeMessageQueues(ctx.topic);
        Map<MessageQueue, Long> next = new HashMap<>();
        List<MessageExt> got = new ArrayList<>();
        long end = System.currentTimeMillis() + timeoutMs;
        while (got.size() < expected && System.currentTimeMillis() < end) {
            boolean any = false;
            for (MessageQueue mq : queues) {
                PullResult r = consumer.pull(mq, "*", next.getOrDefault(mq, 0L), 32);
                next.put(mq, r.getNextBeginOffset());
                if (r.getPullStatus() == PullStatus.FOUND) {
                    got.addAll(r.getMsgFoundList());
                    any = true;
                }
            }
            if (!any) Thread.sleep(100);
        }
        ctx.progress("read back " + got.size() + " of " + expected);
        return got;
    }

    static String body(MessageExt m) {
        return new String(m.getBody(), StandardCharsets.UTF_8);
    }

    /** What a consumer saw of one message, for the result line. */
    static Json seen(MessageExt m) {
        return new Json()
            .put("body", body(m).length() > 64 ? body(m).substring(0, 64) + "…" : body(m))
            .put("tags", m.getTags())
            .put("keys", m.getKeys())
            .put("queueId", m.getQueueId())
            .put("msgId", m.getMsgId())
            .put("reconsumeTimes", m.getReconsumeTimes());
    }
}
