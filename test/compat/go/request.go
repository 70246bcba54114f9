package main

import (
	"context"
	"time"

	"github.com/apache/rocketmq-client-go/v2"
	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"
)

// requestReply: Producer.Request gets the answer a replier sends with consumer.CreateReplyMessage
// (which v2.1.2 sends as SEND_REPLY_MESSAGE, 324). Two client bugs are worked around as an
// application must: CreateReplyMessage parses the body it is given as properties and leaves the
// reply's body empty, so the replier sets the body itself; and Request sends the requester's
// heartbeat only when the NameServer does not know the topic (CheckTopicRouteHasTopic read the
// wrong way round), so a requester is known to the broker — which pushes the reply to the
// connection its heartbeat named — only from its first scheduled heartbeat, a second after Start,
// and only if it knew a broker by then: it sends one plain message first and waits for that heartbeat.
func requestReply(c *ctx) (result, error) {
	replier, err := c.producer()
	if err != nil {
		return nil, err
	}
	alloc := &allocation{topic: c.topic}
	replyErrs := []string{}
	err = c.listen(c.topic, c.group("CG"), "*", func(_ context.Context, msgs ...*primitive.MessageExt) (consumer.ConsumeResult, error) {
		for _, m := range msgs {
			if consumer.GetReplyToClient(m) == "" {
				continue // the requester's warm-up message
			}
			body := []byte("pong " + string(m.Body))
			reply, err := consumer.CreateReplyMessage(m, body)
			if err == nil {
				reply.Body = body
				_, err = replier.SendSync(context.Background(), reply)
			}
			if err != nil {
				replyErrs = append(replyErrs, err.Error())
				return consumer.ConsumeRetryLater, nil
			}
		}
		return consumer.ConsumeSuccess, nil
	}, consumer.WithStrategy(alloc.strategy))
	if err != nil {
		return nil, err
	}
	await(func() bool { q, _ := alloc.get(); return len(q) == 4 }, 20*time.Second)
	requester, err := rocketmq.NewProducer(
		producer.WithNsResolver(primitive.NewPassthroughResolver([]string{c.namesrv})),
		producer.WithGroupName(c.group("RPG")),
		producer.WithInstanceName(instance()),
		producer.WithSendMsgTimeout(10*time.Second),
	)
	if err != nil {
		return nil, err
	}
	startedAt := time.Now()
	if err := requester.Start(); err != nil {
		return nil, err
	}
	c.closers = append(c.closers, func() { _ = requester.Shutdown() })
	if _, err := requester.SendSync(context.Background(), primitive.NewMessage(c.topic, []byte("warm-up"))); err != nil {
		return nil, err
	}
	time.Sleep(time.Until(startedAt.Add(1500 * time.Millisecond)))
	c.note("requesting")
	answer, err := requester.Request(context.Background(), 15*time.Second, primitive.NewMessage(c.topic, []byte("ping")))
	if err != nil {
		return result{"error": err.Error(), "replyErrors": replyErrs}, nil
	}
	return result{"reply": string(answer.Body), "replyTopic": answer.Topic, "replyErrors": replyErrs}, nil
}
