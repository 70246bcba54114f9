package main

import (
	"context"
	"strings"
	"time"

	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"
	"github.com/apache/rocketmq-client-go/v2/rlog"
)

const traceTopic = "RMQ_SYS_TRACE_TOPIC"

// WithTrace on a producer and a push consumer: one Pub trace per send and a SubBefore and SubAfter
// per consumption, each naming the message id, in RMQ_SYS_TRACE_TOPIC. rocketmq-client-go drops
// its traces when that topic has no route, so the broker runs with traceTopicEnable.
func pushTrace(c *ctx) (result, error) {
	traceCfg := func() *primitive.TraceConfig {
		return &primitive.TraceConfig{Access: primitive.Local, Resolver: primitive.NewPassthroughResolver([]string{c.namesrv})}
	}
	rlog.SetLogLevel("fatal") // the tracer logs every batch it sends
	defer rlog.SetLogLevel("error")
	got, err := c.startRecording(c.group("CG"), "*", consumer.WithTrace(traceCfg()))
	if err != nil {
		return nil, err
	}
	p, err := c.producer(producer.WithTrace(traceCfg()))
	if err != nil {
		return nil, err
	}
	var ids []string
	for i := 0; i < 2; i++ {
		r, err := p.SendSync(context.Background(), message(c, i))
		if err != nil {
			return nil, err
		}
		ids = append(ids, r.MsgID)
	}
	await(func() bool { return len(got.bodies()) >= 2 }, 20*time.Second)
	c.note("consumed %d; reading %s", len(got.all()), traceTopic)
	traces, err := c.recordTopic(traceTopic, c.group("TR"))
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	await(func() bool {
		counts = countTraces(traces.all(), ids)
		return counts["Pub"] >= 2 && counts["SubBefore"] >= 2 && counts["SubAfter"] >= 2
	}, 15*time.Second)
	return result{"consumed": len(got.all()), "pubTraces": counts["Pub"], "subBeforeTraces": counts["SubBefore"],
		"subAfterTraces": counts["SubAfter"]}, nil
}

// countTraces counts the trace records (ending in \u0002, fields split by \u0001, the first naming
// the type) that name one of the ids.
func countTraces(msgs []*primitive.MessageExt, ids []string) map[string]int {
	counts := map[string]int{}
	for _, m := range msgs {
		for _, record := range strings.Split(string(m.Body), "\u0002") {
			for _, id := range ids {
				if strings.Contains(record, id) {
					counts[strings.SplitN(record, "\u0001", 2)[0]]++
					break
				}
			}
		}
	}
	return counts
}
