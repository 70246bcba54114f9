package mqcompat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;

/**
 * setNamespace("ns1") on a producer and a push consumer: the clients put "ns1%" before topic and
 * group names on the wire (the caller creates ns1%<topic>) and take it off again for the application.
 */
final class NamespaceScenarios {
    static final String NAMESPACE = "ns1";

    private NamespaceScenarios() {}

    static void register(Map<String, Scenario> all) {
        all.put("namespace", NamespaceScenarios::namespace);
    }

    @SuppressWarnings("deprecation")
    private static Json namespace(Ctx ctx) throws Exception {
        ConcurrentLinkedQueue<MessageExt> got = new ConcurrentLinkedQueue<>();
        DefaultMQPushConsumer c = ctx.pushConsumer(ctx.group("CG"));
        c.setNamespace(NAMESPACE);
        c.subscribe(ctx.topic, "*");
        c.registerMessageListener((MessageListenerConcurrently) (msgs, context) -> {
            got.addAll(msgs);
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        DefaultMQProducer p = ctx.client(new DefaultMQProducer(ctx.group("PG")));
        ctx.track(p::shutdown);
        p.setNamespace(NAMESPACE);
        p.start();
        Set<String> sentTopics = new TreeSet<>();
        for (int i = 0; i < 4; i++) {
            Message m = ProducerScenarios.message(ctx, i);
            SendResult r = p.send(m);
            sentTopics.add(r.getMessageQueue().getTopic());
        }
        Ctx.await(() -> got.size() >= 4, 20_000);
        Set<String> seenTopics = new TreeSet<>();
        for (MessageExt m : got) seenTopics.add(m.getTopic());
        return new Json().put("sendResultTopics", sentTopics).put("received", got.size()).put("consumerTopics", seenTopics);
    }
}
