package mqbench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.hook.FilterMessageContext;
import org.apache.rocketmq.client.hook.FilterMessageHook;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Where a push consumer's time goes: DefaultMQPushConsumer (as Consumer runs it) drains -t from the
 * first offset, and a FilterMessageHook (called once per pull that found messages) counts messages
 * per pull and the time between two found pulls of the same queue (one pull round trip plus the
 * client's turn-around). Stops once -idle seconds pass with nothing new; prints one summary line.
 * Usage: PullProbe -n namesrv -t topic [-g group] [-idle 3] [-max 120]
 */
public final class PullProbe {
    private static final int GAP_BUCKETS = 10_000; // 0.1 ms each, up to 1 s

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(a.get("g", "probe_" + System.nanoTime()));
        consumer.setNamesrvAddr(a.get("n", "127.0.0.1:9876"));
        consumer.setInstanceName("probe-" + ProcessHandle.current().pid());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(a.get("t", "BenchmarkTest"), "*");
        AtomicLong pulls = new AtomicLong();
        AtomicLong pulled = new AtomicLong();
        AtomicLong consumed = new AtomicLong();
        AtomicLongArray perPull = new AtomicLongArray(65);
        AtomicLongArray gaps = new AtomicLongArray(GAP_BUCKETS);
        AtomicLong gapSumMicros = new AtomicLong();
        AtomicLong gapCount = new AtomicLong();
        Map<Integer, Long> lastPullNanos = new ConcurrentHashMap<>();
        AtomicLong firstNanos = new AtomicLong();
        AtomicLong lastNanos = new AtomicLong(System.nanoTime());
        consumer.getDefaultMQPushConsumerImpl().registerFilterMessageHook(new FilterMessageHook() {
            public String hookName() { return "pull-probe"; }
            public void filterMessage(FilterMessageContext ctx) {
                long now = System.nanoTime();
                firstNanos.compareAndSet(0, now);
                int n = ctx.getMsgList().size();
                pulls.incrementAndGet();
                pulled.addAndGet(n);
                perPull.incrementAndGet(Math.min(64, n));
                Long prev = n == 0 ? null : lastPullNanos.put(ctx.getMsgList().get(0).getQueueId(), now);
                if (prev != null) {
                    long us = (now - prev) / 1000;
                    gapSumMicros.addAndGet(us);
                    gapCount.incrementAndGet();
                    gaps.incrementAndGet((int) Math.min(GAP_BUCKETS - 1, us / 100));
                }
            }
        });
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            consumed.addAndGet(msgs.size());
            lastNanos.set(System.nanoTime());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        long idleNanos = a.getInt("idle", 3) * 1_000_000_000L;
        long end = System.nanoTime() + a.getInt("max", 120) * 1_000_000_000L;
        while (System.nanoTime() < end && !(consumed.get() > 0 && System.nanoTime() - lastNanos.get() > idleNanos)) {
            Thread.sleep(200);
        }
        double seconds = Math.max(1e-3, (lastNanos.get() - firstNanos.get()) / 1e9);
        StringBuilder hist = new StringBuilder();
        for (int i = 0; i <= 64; i++) if (perPull.get(i) > 0) hist.append(hist.length() == 0 ? "" : ",").append(i).append(":").append(perPull.get(i));
        System.out.printf(java.util.Locale.ROOT,
            "{\"consumed\":%d,\"seconds\":%.3f,\"tps\":%.1f,\"pulls\":%d,\"msgsPerPull\":%.2f,\"perPull\":\"%s\","
                + "\"gapAvgMs\":%.3f,\"gapP50Ms\":%.1f,\"gapP90Ms\":%.1f,\"gapP99Ms\":%.1f}%n",
            consumed.get(), seconds, consumed.get() / seconds, pulls.get(), pulls.get() == 0 ? 0.0 : (double) pulled.get() / pulls.get(),
            hist, gapCount.get() == 0 ? 0.0 : gapSumMicros.get() / 1000.0 / gapCount.get(),
            pct(gaps, 0.5), pct(gaps, 0.9), pct(gaps, 0.99));
        consumer.shutdown();
        System.exit(0);
    }

    private static double pct(AtomicLongArray h, double q) {
        long total = 0;
        for (int i = 0; i < h.length(); i++) total += h.get(i);
        long want = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < h.length(); i++) {
            seen += h.get(i);
            if (seen >= want && want > 0) return (i + 1) / 10.0;
        }
        return 0;
    }
}
