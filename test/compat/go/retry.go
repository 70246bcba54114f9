package main

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
)

// A listener that always answers ConsumeRetryLater, with WithMaxReconsumeTimes(2): each message is
// delivered 3 times (reconsume times 0, 1, 2), always on its own topic. The caller creates
// %RETRY%<group> beforehand: a brand-new group's retry topic is made on its first heartbeat, after
// the client looked its route up, and rocketmq-client-go looks again only every 30 s.
func pushRetry(c *ctx) (result, error) {
	var mu sync.Mutex
	reconsumeTimesOf := map[string][]int32{}
	topics := map[string]bool{}
	listener := func(_ context.Context, msgs ...*primitive.MessageExt) (consumer.ConsumeResult, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range msgs {
			reconsumeTimesOf[string(m.Body)] = append(reconsumeTimesOf[string(m.Body)], m.ReconsumeTimes)
			topics[m.Topic] = true
		}
		return consumer.ConsumeRetryLater, nil
	}
	if err := c.listen(c.topic, c.group("CG"), "*", listener, consumer.WithMaxReconsumeTimes(2)); err != nil {
		return nil, err
	}
	if err := c.send(2); err != nil {
		return nil, err
	}
	c.note("waiting for 3 deliveries of each message")
	await(func() bool {
		mu.Lock()
		defer mu.Unlock()
		if len(reconsumeTimesOf) < 2 {
			return false
		}
		for _, times := range reconsumeTimesOf {
			if len(times) < 3 {
				return false
			}
		}
		return true
	}, 30*time.Second)
	time.Sleep(1500 * time.Millisecond) // a fourth delivery would come within this
	mu.Lock()
	defer mu.Unlock()
	seen := []string{}
	for topic := range topics {
		seen = append(seen, topic)
	}
	sort.Strings(seen)
	out := map[string][]int32{}
	for body, times := range reconsumeTimesOf {
		out[body] = append([]int32{}, times...)
	}
	return result{"reconsumeTimesOf": out, "topicsSeen": seen}, nil
}
