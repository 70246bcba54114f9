package mqcompat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/** Message trace: enableMsgTrace on a producer and a push consumer; the traces land in RMQ_SYS_TRACE_TOPIC. */
final class TraceScenarios {
    private static final String TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";

    private TraceScenarios() {}

    static void register(Map<String, Scenario> all) {
        all.put("trace", TraceScenarios::trace);
    }

    private static Json trace(Ctx ctx) throws Exception {
        DefaultMQPushConsumer c = ctx.client(new DefaultMQPushConsumer(ctx.group("CG"), true, null));
        ctx.track(c::shutdown);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        ConcurrentLinkedQueue<MessageExt> got = new ConcurrentLinkedQueue<>();
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        DefaultMQProducer p = ctx.client(new DefaultMQProducer(ctx.group("PG"), true, null));
        ctx.track(p::shutdown);
        p.start();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SendResult r = p.send(ProducerScenarios.message(ctx, i));
            ids.add(r.getMsgId());
        }
        Ctx.await(() -> got.size() >= 2, 20_000);
        ctx.progress("consumed " + got.size() + "; reading " + TRACE_TOPIC);
        // One Pub trace per send and SubBefore + SubAfter per consumption, each naming the message id.
        int[] counts = new int[3];
        DefaultMQPullConsumer reader = ctx.pullConsumer(ctx.group("TR"));
        Ctx.await(() -> {
            int[] now = countTraces(ctx, reader, ids);
            System.arraycopy(now, 0, counts, 0, 3);
            return now[0] >= 2 && now[1] >= 2 && now[2] >= 2;
        }, 15_000);
        return new Json().put("consumed", got.size()).put("pubTraces", counts[0]).put("subBeforeTraces", counts[1]).put("subAfterTraces", counts[2]);
    }

    /** [Pub, SubBefore, SubAfter] trace records in the trace topic that name one of the ids. */
    @SuppressWarnings("deprecation")
    private static int[] countTraces(Ctx ctx, DefaultMQPullConsumer reader, List<String> ids) {
        int[] counts = new int[3];
        try {
            Set<MessageQueue> queues = reader.fetchSubscribeMessageQueues(TRACE_TOPIC);
            for (MessageQueue mq : queues) {
                long offset = 0;
                for (;;) {
                    PullResult r = reader.pull(mq, "*", offset, 32);
                    if (r.getPullStatus() != PullStatus.FOUND) break;
                    for (MessageExt m : r.getMsgFoundList()) count(Readback.body(m), ids, counts);
                    offset = r.getNextBeginOffset();
                }
            }
        } catch (Exception e) {
            ctx.progress("reading " + TRACE_TOPIC + ": " + e);
        }
        return counts;
    }

    /** A trace body holds records ending in \u0002, fields split by \u0001, the first naming the type. */
    private static void count(String body, List<String> ids, int[] counts) {
        for (String record : body.split("\u0002")) {
            boolean ours = false;
            for (String id : ids) ours |= record.contains(id);
            if (!ours) continue;
            if (record.startsWith("Pub")) counts[0]++;
            else if (record.startsWith("SubBefore")) counts[1]++;
            else if (record.startsWith("SubAfter")) counts[2]++;
        }
    }
}
