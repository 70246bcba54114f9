package mqcompat;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;

/** Where a new group starts: CONSUME_FROM_TIMESTAMP (SEARCH_OFFSET_BY_TIMESTAMP on the broker). */
final class PositionScenarios {
    private PositionScenarios() {}

    static void register(Map<String, Scenario> all) {
        all.put("push-from-timestamp", PositionScenarios::fromTimestamp);
    }

    /**
     * Messages 0-4, then (in the next second) 5-9. searchOffset at that second (SEARCH_OFFSET_BY_TIMESTAMP)
     * finds where 5-9 begin in every queue. A new group with CONSUME_FROM_TIMESTAMP at that second
     * still gets all 10: the broker answers its offset query with 0 while a queue's first message is
     * in memory, and the client only searches by time when the broker has no offset (Apache RocketMQ
     * 4.9 and 5.x alike). The client's timestamp has whole seconds, hence the wait for the next one.
     */
    @SuppressWarnings("deprecation")
    private static Json fromTimestamp(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        for (int i = 0; i < 5; i++) p.send(ProducerScenarios.message(ctx, i));
        long nextSecond = (System.currentTimeMillis() / 1000 + 1) * 1000;
        Thread.sleep(nextSecond - System.currentTimeMillis() + 50);
        for (int i = 5; i < 10; i++) p.send(ProducerScenarios.message(ctx, i));
        DefaultMQPullConsumer reader = ctx.pullConsumer(ctx.group("RD"));
        long afterSearch = 0;
        for (MessageQueue mq : reader.fetchSubscribeMessageQueues(ctx.topic)) afterSearch += reader.maxOffset(mq) - reader.searchOffset(mq, nextSecond);
        ConcurrentLinkedQueue<MessageExt> got = new ConcurrentLinkedQueue<>();
        DefaultMQPushConsumer c = ctx.pushConsumer(ctx.group("CG"));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_TIMESTAMP);
        c.setConsumeTimestamp(new SimpleDateFormat("yyyyMMddHHmmss").format(new Date(nextSecond)));
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        Ctx.await(() -> got.size() >= 10, 20_000);
        Thread.sleep(500); // an earlier message would come within this
        Set<Integer> indexes = new TreeSet<>();
        for (MessageExt m : got) indexes.add(Integer.parseInt(Readback.body(m).substring(ctx.topic.length() + 1)));
        return new Json().put("afterSearchedOffsets", afterSearch).put("received", got.size()).put("indexes", indexes);
    }
}
