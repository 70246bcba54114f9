package mqbench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * RocketMQ's benchmark Consumer: a push consumer of -t in group -g from the first offset, RT
 * measured born -> consumed. Stops after -warmup + -d seconds, or once -idle seconds pass with
 * nothing new (the backlog drained). The warm-up ends after -warmup seconds or -warmupMessages
 * messages, whichever comes first. Usage: Consumer -n namesrv -t topic [-g group] [-warmup 5]
 * [-warmupMessages N] [-d 30]
 */
public final class Consumer {
    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(a.get("g", "benchmark_consumer"));
        consumer.setNamesrvAddr(a.get("n", "127.0.0.1:9876"));
        consumer.setInstanceName("bench-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(a.get("t", "BenchmarkTest"), "*");
        Stats stats = new Stats();
        AtomicLong lastMs = new AtomicLong(System.currentTimeMillis());
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            long now = System.currentTimeMillis();
            for (MessageExt m : msgs) stats.record(Math.max(0, now - m.getBornTimestamp()) * 1000);
            lastMs.set(now);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        long idleMs = a.getInt("idle", 3) * 1000L;
        String summary = stats.run("Consume", a.getInt("warmup", 5), Long.parseLong(a.get("warmupMessages", "0")), a.getInt("d", 30),
            () -> stats.ok.get() > 0 && System.currentTimeMillis() - lastMs.get() > idleMs);
        System.out.println(summary);
        consumer.shutdown();
        System.exit(0);
    }
}
