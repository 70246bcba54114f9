package mqbench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;

/**
 * RocketMQ's benchmark Producer: -w threads each sending synchronously, -s body bytes, to -t.
 * Usage: Producer -n namesrv -t topic [-w 64] [-s 1024] [-warmup 10] [-d 30]
 * Prints "Current Time: ... | Send TPS: ... | Max RT(ms): ... | Average RT(ms): ..." each second,
 * then the JSON summary (Stats).
 */
public final class Producer {
    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        DefaultMQProducer producer = new DefaultMQProducer("benchmark_producer");
        producer.setNamesrvAddr(a.get("n", "127.0.0.1:9876"));
        producer.setInstanceName("bench-" + ProcessHandle.current().pid());
        producer.setCompressMsgBodyOverHowmuch(Integer.MAX_VALUE);
        producer.setSendMsgTimeout(10_000);
        producer.setVipChannelEnabled(false);
        producer.start();
        String topic = a.get("t", "BenchmarkTest");
        int threads = a.getInt("w", 64);
        byte[] body = new byte[a.getInt("s", 1024)];
        java.util.Arrays.fill(body, (byte) 'a');
        Stats stats = new Stats();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        volatileStop = false;
        for (int i = 0; i < threads; i++) {
            pool.execute(() -> {
                while (!volatileStop) {
                    long start = System.nanoTime();
                    try {
                        SendResult r = producer.send(new Message(topic, "TagA", body));
                        if (r.getSendStatus() == SendStatus.SEND_OK) stats.record((System.nanoTime() - start) / 1000);
                        else stats.failed.incrementAndGet();
                    } catch (Exception e) {
                        stats.failed.incrementAndGet();
                    }
                }
            });
        }
        String summary = stats.run("Send", a.getInt("warmup", 10), a.getInt("d", 30), () -> false);
        volatileStop = true;
        pool.shutdown();
        pool.awaitTermination(15, java.util.concurrent.TimeUnit.SECONDS);
        System.out.println(summary);
        producer.shutdown();
        System.exit(0);
    }

    private static volatile boolean volatileStop;
}
