package mqcompat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/** Producer scenarios: each sends to its topic, then reads the topic back and compares. */
final class ProducerScenarios {
    private static final int COUNT = 8;

    private ProducerScenarios() {}

    static void register(Map<String, Scenario> all) {
        all.put("send-sync", ProducerScenarios::sendSync);
        all.put("send-vip", ProducerScenarios::sendVip);
        all.put("send-async", ProducerScenarios::sendAsync);
        all.put("send-oneway", ProducerScenarios::sendOneway);
        all.put("send-batch", ProducerScenarios::sendBatch);
        all.put("send-selector", ProducerScenarios::sendSelector);
        all.put("send-delay", ProducerScenarios::sendDelay);
        all.put("send-big-body", ProducerScenarios::sendBigBody);
        all.put("send-oversize", ProducerScenarios::sendOversize);
    }

    /** Message i: body "<topic>-i", tag TagA or TagB, keys "k-i x-i". */
    static Message message(Ctx ctx, int i) {
        Message m = new Message(ctx.topic, i % 2 == 0 ? "TagA" : "TagB", (ctx.topic + "-" + i).getBytes(StandardCharsets.UTF_8));
        m.setKeys(Arrays.asList("k-" + i, "x-" + i));
        return m;
    }

    private static Json sendSync(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) results.add(p.send(message(ctx, i)));
        return compare(ctx, results, COUNT);
    }

    /** As send-sync, with the VIP channel on: the producer talks to the broker's listenPort - 2. */
    private static Json sendVip(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer(true);
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) results.add(p.send(message(ctx, i)));
        return compare(ctx, results, COUNT);
    }

    private static Json sendAsync(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        ConcurrentLinkedQueue<SendResult> results = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
        CountDownLatch done = new CountDownLatch(COUNT);
        for (int i = 0; i < COUNT; i++) {
            p.send(message(ctx, i), new SendCallback() {
                @Override public void onSuccess(SendResult r) { results.add(r); done.countDown(); }
                @Override public void onException(Throwable e) { errors.add(String.valueOf(e)); done.countDown(); }
            });
        }
        if (!done.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("async callbacks: " + (COUNT - done.getCount()) + " of " + COUNT);
        return compare(ctx, new ArrayList<>(results), COUNT).put("errors", errors);
    }

    private static Json sendOneway(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        for (int i = 0; i < COUNT; i++) p.sendOneway(message(ctx, i));
        return compare(ctx, new ArrayList<>(), COUNT);
    }

    private static Json sendBatch(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        List<Message> batch = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) batch.add(message(ctx, i));
        SendResult r = p.send(batch);
        Json out = compare(ctx, new ArrayList<>(), COUNT);
        return out.put("batchStatus", r.getSendStatus().name())
            .put("batchMsgIds", r.getMsgId() == null ? 0 : r.getMsgId().split(",").length)
            .put("batchQueueOffset", r.getQueueOffset());
    }

    /** 12 messages for order keys o-0..o-3, each key to queue (key index % queues). */
    private static Json sendSelector(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        Map<String, TreeSet<Integer>> queuesOfKey = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            int key = i % 4;
            Message m = message(ctx, i);
            SendResult r = p.send(m, (mqs, msg, arg) -> mqs.get((Integer) arg % mqs.size()), key);
            queuesOfKey.computeIfAbsent("o-" + key, k -> new TreeSet<>()).add(r.getMessageQueue().getQueueId());
        }
        Map<String, TreeSet<Integer>> storedQueuesOfKey = new LinkedHashMap<>();
        for (MessageExt m : Readback.all(ctx, 12, 10_000)) {
            int i = Integer.parseInt(Readback.body(m).substring(ctx.topic.length() + 1));
            storedQueuesOfKey.computeIfAbsent("o-" + (i % 4), k -> new TreeSet<>()).add(m.getQueueId());
        }
        return new Json().put("sentQueuesOfKey", queuesOfKey).put("storedQueuesOfKey", storedQueuesOfKey);
    }

    /** delayTimeLevel 1 (1 s): not readable at once, readable about a second later, on its own topic. */
    private static Json sendDelay(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        Message m = message(ctx, 0);
        m.setDelayTimeLevel(1);
        long sentAt = System.currentTimeMillis();
        SendResult r = p.send(m);
        List<MessageExt> early = Readback.all(ctx, 1, 0);
        List<MessageExt> later = Readback.all(ctx, 1, 10_000);
        long visibleAfterMs = System.currentTimeMillis() - sentAt;
        Json out = new Json().put("status", r.getSendStatus().name()).put("visibleAtOnce", early.size())
            .put("visibleLater", later.size()).put("visibleAfterMs", visibleAfterMs);
        if (!later.isEmpty()) {
            MessageExt got = later.get(0);
            out.put("topic", got.getTopic()).put("tags", got.getTags()).put("keys", got.getKeys())
                .put("delayProperty", got.getProperty("DELAY")).put("realTopic", got.getProperty("REAL_TOPIC"));
        }
        return out;
    }

    /** 64 KiB of text: the client compresses it (over 4 KiB), a consumer gets the original back. */
    private static Json sendBigBody(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        StringBuilder text = new StringBuilder();
        while (text.length() < 64 * 1024) text.append("compressible text ").append(text.length()).append(' ');
        byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
        SendResult r = p.send(new Message(ctx.topic, "Big", body));
        List<MessageExt> got = Readback.all(ctx, 1, 10_000);
        Json out = new Json().put("status", r.getSendStatus().name()).put("bodyBytes", body.length).put("readBack", got.size());
        if (!got.isEmpty()) {
            out.put("bodyEqual", Arrays.equals(got.get(0).getBody(), body)).put("storeSize", got.get(0).getStoreSize());
        }
        return out;
    }

    /** 5 MiB of random bytes with the client's own limit raised: the broker's 4 MiB limit answers. */
    private static Json sendOversize(Ctx ctx) throws Exception {
        DefaultMQProducer p = ctx.producer();
        p.setMaxMessageSize(16 * 1024 * 1024);
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(1).nextBytes(body);
        try {
            SendResult r = p.send(new Message(ctx.topic, body));
            return new Json().put("status", r.getSendStatus().name());
        } catch (MQBrokerException e) {
            return new Json().put("error", "MQBrokerException").put("responseCode", e.getResponseCode()).put("errorMessage", e.getErrorMessage());
        } catch (MQClientException e) {
            return new Json().put("error", "MQClientException").put("responseCode", e.getResponseCode()).put("errorMessage", e.getErrorMessage());
        }
    }

    /** Reads the topic back and matches every message to what was sent (body, tags, keys, ids). */
    private static Json compare(Ctx ctx, List<SendResult> results, int count) throws Exception {
        List<MessageExt> got = Readback.all(ctx, count, 10_000);
        Map<String, MessageExt> byBody = new HashMap<>();
        for (MessageExt m : got) byBody.put(Readback.body(m), m);
        int matched = 0;
        List<Json> mismatched = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message want = message(ctx, i);
            MessageExt m = byBody.get(new String(want.getBody(), StandardCharsets.UTF_8));
            if (m != null && want.getTags().equals(m.getTags()) && want.getKeys().equals(m.getKeys())) matched++;
            else if (mismatched.size() < 3) mismatched.add(m == null ? new Json().put("missing", i) : Readback.seen(m));
        }
        TreeSet<String> statuses = new TreeSet<>();
        int idsFound = 0;
        int idsWellFormed = 0;
        for (SendResult r : results) {
            statuses.add(r.getSendStatus().name());
            if (r.getMsgId() != null && r.getOffsetMsgId() != null && r.getMsgId().matches("[0-9A-F]{32,}")
                && r.getOffsetMsgId().matches("[0-9A-F]{32,}")) idsWellFormed++;
            for (MessageExt m : got) if (m.getMsgId().equals(r.getMsgId())) { idsFound++; break; }
        }
        return new Json().put("sent", results.size()).put("statuses", statuses).put("idsWellFormed", idsWellFormed)
            .put("idsFound", idsFound).put("readBack", got.size()).put("matched", matched).put("mismatched", mismatched);
    }
}
