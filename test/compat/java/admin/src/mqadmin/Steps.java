package mqadmin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.store.OffsetStore;
import org.apache.rocketmq.client.consumer.store.ReadOffsetType;
import org.apache.rocketmq.client.impl.MQClientManager;
import org.apache.rocketmq.client.impl.consumer.DefaultMQPushConsumerImpl;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;

/**
 * The runner's helper steps, for what mqadmin's subcommands need but cannot make themselves:
 * an online consumer group (consumerConnection, consumerProgress, consumerStatus), an online
 * producer group (producerConnection) and a traced message
 * (queryMsgTraceById). Clients started here are shut down when the runner ends.
 */
final class Steps {
    private static final long CONSUME_TIMEOUT_MS = 30_000;

    private final String namesrvAddr;
    private final List<Runnable> closers = new ArrayList<>();

    Steps(String namesrvAddr) {
        this.namesrvAddr = namesrvAddr;
    }

    /** @push-consumer group topic count: a push consumer from the first offset, left online once it has count messages. */
    int pushConsumer(String group, String topic, int count) throws Exception {
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName("runner-" + group);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        AtomicInteger received = new AtomicInteger();
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            received.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        closers.add(consumer::shutdown);
        long end = System.currentTimeMillis() + CONSUME_TIMEOUT_MS;
        while (received.get() < count && System.currentTimeMillis() < end) Thread.sleep(50);
        System.out.println("received " + received.get());
        return received.get() >= count && committed(consumer) ? 0 : 1;
    }

    /**
     * Commits the consumer's offsets (it would every 5 s) until the broker holds, for every queue,
     * what the consumer holds in memory and that is the queue's end, so consumerProgress and
     * brokerConsumeStats see them. (The listener counts a message before the consumer moves its
     * offset past it: offsets read right after the count can still be one short.)
     */
    private static boolean committed(DefaultMQPushConsumer consumer) throws Exception {
        DefaultMQPushConsumerImpl impl = consumer.getDefaultMQPushConsumerImpl();
        OffsetStore store = impl.getOffsetStore();
        Set<MessageQueue> queues = impl.getRebalanceImpl().getProcessQueueTable().keySet();
        long end = System.currentTimeMillis() + CONSUME_TIMEOUT_MS;
        while (System.currentTimeMillis() < end) {
            impl.persistConsumerOffset();
            boolean all = true;
            for (MessageQueue mq : queues) {
                long memory = store.readOffset(mq, ReadOffsetType.READ_FROM_MEMORY);
                long max = consumer.maxOffset(mq);
                all &= store.readOffset(mq, ReadOffsetType.READ_FROM_STORE) == memory && (max == 0 || memory >= max);
            }
            if (all) return true;
            Thread.sleep(50);
        }
        System.out.println("offsets not committed within " + CONSUME_TIMEOUT_MS + " ms");
        return false;
    }

    /**
     * @producer group topic: a producer of group that sends one message to topic and stays online;
     * it heartbeats the broker it learned from the route right away (it would every 30 s), so
     * producerConnection finds it.
     */
    int producer(String group, String topic) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer(group);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("runner-" + group);
        producer.start();
        closers.add(producer::shutdown);
        SendResult result = producer.send(new Message(topic, "TagP", "producer".getBytes(StandardCharsets.UTF_8)));
        // The producer's own client instance (one per clientId); its getter is spelled differently in 4.x and 5.x.
        MQClientManager.getInstance().getOrCreateMQClientInstance(producer).sendHeartbeatToAllBrokerWithLock();
        System.out.println("status " + result.getSendStatus());
        return 0;
    }

    /** @traced-send topic key: one message from a producer with enableMsgTrace; prints its msgId once the trace is flushed. */
    int tracedSend(String topic, String key) throws Exception {
        DefaultMQProducer producer = new DefaultMQProducer("runner-traced-PG", true, null);
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("runner-traced");
        producer.start();
        try {
            Message msg = new Message(topic, "TagT", key, "traced".getBytes(StandardCharsets.UTF_8));
            SendResult result = producer.send(msg);
            System.out.println("status " + result.getSendStatus() + " msgId " + result.getMsgId());
        } finally {
            // Shutting down flushes the trace dispatcher's queue.
            producer.shutdown();
        }
        return 0;
    }

    void close() {
        for (Runnable closer : closers) closer.run();
    }
}
