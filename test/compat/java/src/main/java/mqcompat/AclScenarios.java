package mqcompat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.acl.common.AclClientRPCHook;
import org.apache.rocketmq.acl.common.SessionCredentials;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.remoting.RPCHook;

/**
 * ACL 1.0 with AclClientRPCHook and SessionCredentials (the broker runs with aclEnable=true and
 * test/compat/acl/plain_acl.yml). The keys come from system properties: mq.acl.accessKey,
 * mq.acl.secretKey. Topics: ctx.topic (PUB|SUB), ctx.topic + "_nopub" (SUB only); groups:
 * ctx.group("CG") (SUB), ctx.group("nosub") (DENY).
 */
final class AclScenarios {
    private static final int COUNT = 4;

    private AclScenarios() {}

    static void register(Map<String, Scenario> all) {
        all.put("acl", AclScenarios::acl);
    }

    private static RPCHook hook(String secret) {
        return new AclClientRPCHook(new SessionCredentials(System.getProperty("mq.acl.accessKey"), secret));
    }

    private static Json acl(Ctx ctx) throws Exception {
        String secret = System.getProperty("mq.acl.secretKey");
        Json out = new Json();
        DefaultMQProducer p = producer(ctx, hook(secret), "PG");
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            SendResult r = p.send(new Message(ctx.topic, "TagA", ("acl-" + i).getBytes(StandardCharsets.UTF_8)));
            statuses.add(r.getSendStatus().name());
        }
        out.put("statuses", statuses);
        ctx.progress("sent " + COUNT);
        out.put("received", consume(ctx, secret));
        ctx.progress("consumed");

        out.put("wrongSecret", refusal(() -> producer(ctx, hook(secret + "-wrong"), "PGW")
            .send(new Message(ctx.topic, "TagA", "x".getBytes(StandardCharsets.UTF_8)))));
        out.put("noPub", refusal(() -> p.send(new Message(ctx.topic + "_nopub", "TagA", "x".getBytes(StandardCharsets.UTF_8)))));
        out.put("noSub", refusal(() -> {
            DefaultMQPullConsumer c = new DefaultMQPullConsumer(ctx.group("nosub"), hook(secret));
            ctx.client(c);
            c.start();
            ctx.track(c::shutdown);
            c.pull(new MessageQueue(ctx.topic, brokerName(p, ctx.topic), 0), "*", 0, 1);
        }));
        out.put("createTopic", refusal(() -> createTopic(p, ctx.topic + "_created")));
        return out;
    }

    private static DefaultMQProducer producer(Ctx ctx, RPCHook hook, String group) throws Exception {
        DefaultMQProducer p = ctx.client(new DefaultMQProducer(ctx.group(group), hook));
        p.setSendMsgTimeout(10_000);
        p.setRetryTimesWhenSendFailed(0);
        p.start();
        ctx.track(p::shutdown);
        return p;
    }

    private static int consume(Ctx ctx, String secret) throws Exception {
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(ctx.group("CG"), hook(secret), new AllocateMessageQueueAveragely());
        ctx.client(c);
        c.setConsumeFromWhere(org.apache.rocketmq.common.consumer.ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            for (MessageExt m : msgs) bodies.add(new String(m.getBody(), StandardCharsets.UTF_8));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        ctx.track(c::shutdown);
        Ctx.await(() -> bodies.size() >= COUNT, 30_000);
        return bodies.size();
    }

    /** producer.createTopic: (key, topic, queues) in 4.x, (key, topic, queues, attributes) in 5.x. */
    private static void createTopic(DefaultMQProducer p, String topic) throws Exception {
        java.lang.reflect.Method m;
        Object[] args;
        try {
            m = DefaultMQProducer.class.getMethod("createTopic", String.class, String.class, int.class);
            args = new Object[] {"TBW102", topic, 4};
        } catch (NoSuchMethodException e) {
            m = DefaultMQProducer.class.getMethod("createTopic", String.class, String.class, int.class, Map.class);
            args = new Object[] {"TBW102", topic, 4, new java.util.HashMap<String, String>()};
        }
        try {
            m.invoke(p, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    private static String brokerName(DefaultMQProducer p, String topic) throws Exception {
        return p.fetchPublishMessageQueues(topic).get(0).getBrokerName();
    }

    interface Step {
        void run() throws Exception;
    }

    /** The broker's answer to a refused step: {code, remark} of the innermost MQBrokerException (or
     *  MQClientException with a response code, as createTopic throws) among its causes. */
    private static Json refusal(Step step) {
        try {
            step.run();
            return new Json().put("refused", false);
        } catch (Exception e) {
            Json found = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof MQBrokerException) {
                    MQBrokerException b = (MQBrokerException) t;
                    found = new Json().put("code", b.getResponseCode()).put("remark", b.getErrorMessage());
                } else if (t instanceof MQClientException && ((MQClientException) t).getResponseCode() > 0) {
                    MQClientException c = (MQClientException) t;
                    found = new Json().put("code", c.getResponseCode()).put("remark", c.getErrorMessage());
                }
            }
            if (found != null) return found;
            StringBuilder chain = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) chain.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" <- ");
            return new Json().put("error", chain.toString());
        }
    }
}
