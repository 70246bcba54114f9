package mqcompat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;

/**
 * What a scenario works with: its topic, group names derived from it, clients that are shut down
 * when the scenario ends, and a progress note printed if it fails or times out.
 */
final class Ctx {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    final String namesrv;
    /** The scenario's topic, created by the caller before the run. */
    final String topic;
    private final List<Runnable> closers = new ArrayList<>();
    private volatile String progress = "not started";

    Ctx(String namesrv, String topic) {
        this.namesrv = namesrv;
        this.topic = topic;
    }

    String group(String suffix) {
        return topic + "_" + suffix;
    }

    void progress(String note) {
        progress = note;
    }

    String progress() {
        return "progress: " + progress;
    }

    DefaultMQProducer producer() throws Exception {
        return producer(false);
    }

    /** A started producer; vipChannel sends to the broker's VIP port (listenPort - 2). */
    DefaultMQProducer producer(boolean vipChannel) throws Exception {
        DefaultMQProducer p = client(new DefaultMQProducer(group("PG")));
        p.setVipChannelEnabled(vipChannel);
        p.setSendMsgTimeout(10_000);
        p.start();
        closers.add(p::shutdown);
        return p;
    }

    /** A push consumer, not started, reading from the first offset of a new group. */
    DefaultMQPushConsumer pushConsumer(String group) {
        DefaultMQPushConsumer c = client(new DefaultMQPushConsumer(group));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        closers.add(c::shutdown);
        return c;
    }

    DefaultLitePullConsumer litePullConsumer(String group) {
        DefaultLitePullConsumer c = client(new DefaultLitePullConsumer(group));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        closers.add(c::shutdown);
        return c;
    }

    @SuppressWarnings("deprecation")
    DefaultMQPullConsumer pullConsumer(String group) throws Exception {
        DefaultMQPullConsumer c = client(new DefaultMQPullConsumer(group));
        c.start();
        closers.add(c::shutdown);
        return c;
    }

    /** The client pointed at the NameServer, with an instance name of its own (so each is its own MQClientInstance). */
    <T extends ClientConfig> T client(T c) {
        c.setNamesrvAddr(namesrv);
        c.setInstanceName(instance());
        return c;
    }

    /** Waits until done() holds, checking every 50 ms; false after timeoutMs. */
    static boolean await(BooleanSupplier done, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > end) return false;
            Thread.sleep(50);
        }
        return true;
    }

    /**
     * Sets a consumer's MessageModel by name: the enum moved between 4.x
     * (org.apache.rocketmq.common.protocol.heartbeat) and 5.x (org.apache.rocketmq.remoting.protocol.heartbeat).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void messageModel(Object consumer, String model) throws Exception {
        for (Method m : consumer.getClass().getMethods()) {
            if (!m.getName().equals("setMessageModel")) continue;
            Class<? extends Enum> type = (Class<? extends Enum>) m.getParameterTypes()[0];
            m.invoke(consumer, Enum.valueOf(type, model));
            return;
        }
        throw new IllegalStateException("no setMessageModel on " + consumer.getClass());
    }

    /**
     * Shuts the scenario's clients down in the background: a 5.x client's shutdown waits up to 3 s
     * for its NettyEventExecutor thread after it has unregistered from the broker, and the next
     * scenario (its own topic and groups) need not wait for that.
     */
    void close() {
        List<Runnable> closing = new ArrayList<>(closers);
        closers.clear();
        Thread t = new Thread(() -> {
            for (int i = closing.size() - 1; i >= 0; i--) {
                try {
                    closing.get(i).run();
                } catch (RuntimeException e) {
                    // shutting down a client that never started
                }
            }
        }, "close-" + topic);
        t.setDaemon(true);
        t.start();
    }

    /** Shuts c down with the scenario's other clients. */
    void track(Runnable shutdown) {
        closers.add(shutdown);
    }

    private static String instance() {
        return "compat-" + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet();
    }
}
