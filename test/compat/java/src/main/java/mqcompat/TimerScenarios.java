package mqcompat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * Issue 15's timer messages (RIP-43) with Java 5.x's Message.setDelayTimeMs / setDelayTimeSec /
 * setDeliverTimeMs (on 4.9.8, which has none of them, the property each sets). Phased:
 *   timer-restart:send     ten timers due 4 s later; the caller then restarts the broker (SIGTERM)
 *   timer-restart:receive  a consumer from the first offset gets every one, none before its time
 *   timer-crash:*          the same around a broker SIGKILL (at least once)
 */
final class TimerScenarios {
    private TimerScenarios() {}

    private static final int RESTART_COUNT = 10;
    private static final long RESTART_DELAY_MS = 4000;
    /** Four days: beyond the default timerMaxDelaySec of three. */
    private static final long TOO_FAR_MS = 4L * 24 * 3600 * 1000;

    static void register(Map<String, Scenario> all) {
        all.put("timer-kinds", TimerScenarios::kinds);
        all.put("timer-too-far", TimerScenarios::tooFar);
        all.put("timer-recall", TimerScenarios::recall);
        for (String name : new String[] {"timer-restart", "timer-crash"}) {
            all.put(name + ":send", TimerScenarios::sendForRestart);
            all.put(name + ":receive", TimerScenarios::receiveAfterRestart);
        }
    }

    /** Calls the 5.x setter, or on 4.9.8 sets the property it would set. */
    static void timer(Message m, String setter, String property, long value) throws Exception {
        try {
            m.getClass().getMethod(setter, long.class).invoke(m, value);
        } catch (NoSuchMethodException e) {
            m.putUserProperty(property, String.valueOf(value));
        }
    }

    /** A started push consumer of the topic from the first offset, noting when each body arrived (first arrival) and how often. */
    static DefaultMQPushConsumer arrivals(Ctx ctx, Map<String, Long> firstAt, ConcurrentLinkedQueue<MessageExt> all) throws Exception {
        DefaultMQPushConsumer c = ctx.pushConsumer(ctx.group("CG"));
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            long now = System.currentTimeMillis();
            for (MessageExt m : msgs) firstAt.putIfAbsent(Readback.body(m), now);
            all.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        Ctx.await(() -> PushScenarios.owned(c, ctx.topic).size() == 4, 20_000);
        PushScenarios.heartbeat(c);
        return c;
    }

    private static Message body(Ctx ctx, String body) {
        return new Message(ctx.topic, body.getBytes(StandardCharsets.UTF_8));
    }

    /** One timer of each kind; each arrives once, at or after its time (due times taken before the send, so never late by less). */
    private static Json kinds(Ctx ctx) throws Exception {
        Map<String, Long> firstAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<MessageExt> all = new ConcurrentLinkedQueue<>();
        arrivals(ctx, firstAt, all);
        DefaultMQProducer p = ctx.producer();
        Map<String, Long> due = new TreeMap<>();
        Message ms = body(ctx, "delay-ms");
        timer(ms, "setDelayTimeMs", "TIMER_DELAY_MS", 1500);
        due.put("delay-ms", System.currentTimeMillis() + 1500);
        p.send(ms);
        Message sec = body(ctx, "delay-sec");
        timer(sec, "setDelayTimeSec", "TIMER_DELAY_SEC", 2);
        due.put("delay-sec", System.currentTimeMillis() + 2000);
        p.send(sec);
        long at = System.currentTimeMillis() + 1700;
        Message deliver = body(ctx, "deliver-ms");
        timer(deliver, "setDeliverTimeMs", "TIMER_DELIVER_MS", at);
        due.put("deliver-ms", at);
        p.send(deliver);
        int atOnce = all.size();
        ctx.progress("sent 3 timers");
        Ctx.await(() -> firstAt.size() == 3, 15_000);
        Thread.sleep(1000); // a repeated one would arrive within this
        Map<String, Long> lateMs = new TreeMap<>();
        for (Map.Entry<String, Long> e : due.entrySet()) {
            Long got = firstAt.get(e.getKey());
            if (got != null) lateMs.put(e.getKey(), got - e.getValue());
        }
        boolean neverEarly = lateMs.values().stream().allMatch(v -> v >= 0);
        return new Json().put("visibleAtOnce", atOnce).put("received", TransactionPhases.counts(all)).put("lateMs", lateMs).put("neverEarly", neverEarly);
    }

    /** A deliver time four days ahead: refused by the broker (timerMaxDelaySec is three days). */
    private static Json tooFar(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        Message m = body(ctx, "too-far");
        timer(m, "setDeliverTimeMs", "TIMER_DELIVER_MS", System.currentTimeMillis() + TOO_FAR_MS);
        try {
            SendResult r = p.send(m);
            return new Json().put("status", r.getSendStatus().name());
        } catch (MQBrokerException e) {
            return new Json().put("error", "MQBrokerException").put("responseCode", e.getResponseCode()).put("errorMessage", e.getErrorMessage());
        } catch (MQClientException e) {
            return new Json().put("error", "MQClientException").put("responseCode", e.getResponseCode()).put("errorMessage", e.getErrorMessage());
        }
    }

    /**
     * 5.x's recallMessage (RECALL_MESSAGE, 370; 4.9.8 has none) cancels a pending timer by the
     * recallHandle of its send result: of two due 2 s later, the recalled one never arrives.
     */
    private static Json recall(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        Method recallMessage;
        try {
            recallMessage = p.getClass().getMethod("recallMessage", String.class, String.class);
        } catch (NoSuchMethodException e) {
            return new Json().put("supported", false);
        }
        Map<String, Long> firstAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<MessageExt> all = new ConcurrentLinkedQueue<>();
        arrivals(ctx, firstAt, all);
        Message kept = body(ctx, "kept");
        timer(kept, "setDelayTimeMs", "TIMER_DELAY_MS", 2000);
        p.send(kept);
        Message gone = body(ctx, "recalled");
        timer(gone, "setDelayTimeMs", "TIMER_DELAY_MS", 2000);
        SendResult sent = p.send(gone);
        String handle = (String) sent.getClass().getMethod("getRecallHandle").invoke(sent);
        Json out = new Json().put("supported", true).put("handle", handle != null);
        try {
            out.put("recalledId", String.valueOf(recallMessage.invoke(p, ctx.topic, handle)).equals(sent.getMsgId()));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            out.put("error", cause.getClass().getSimpleName());
            if (cause instanceof MQBrokerException) out.put("responseCode", ((MQBrokerException) cause).getResponseCode()).put("errorMessage", ((MQBrokerException) cause).getErrorMessage());
        }
        Ctx.await(() -> firstAt.containsKey("kept"), 10_000);
        Thread.sleep(1500); // the recalled one was due with it
        return out.put("received", TransactionPhases.counts(all));
    }

    /** Ten timers "t-<i>@<due ms>", due RESTART_DELAY_MS after the send. */
    private static Json sendForRestart(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        int ok = 0;
        for (int i = 0; i < RESTART_COUNT; i++) {
            long due = System.currentTimeMillis() + RESTART_DELAY_MS;
            Message m = body(ctx, "t-" + i + "@" + due);
            timer(m, "setDelayTimeMs", "TIMER_DELAY_MS", RESTART_DELAY_MS);
            if (p.send(m).getSendStatus().name().equals("SEND_OK")) ok++;
        }
        return new Json().put("sendOk", ok);
    }

    private static Json receiveAfterRestart(Ctx ctx) throws Exception {
        Map<String, Long> firstAt = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<MessageExt> all = new ConcurrentLinkedQueue<>();
        arrivals(ctx, firstAt, all);
        Ctx.await(() -> firstAt.size() == RESTART_COUNT, 40_000);
        Thread.sleep(1500); // a repeated one would arrive within this
        int early = 0;
        for (Map.Entry<String, Long> e : firstAt.entrySet()) {
            if (e.getValue() < Long.parseLong(e.getKey().substring(e.getKey().indexOf('@') + 1))) early++;
        }
        return new Json().put("distinct", firstAt.size()).put("deliveries", all.size()).put("early", early);
    }
}
