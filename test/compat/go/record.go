package main

import (
	"context"
	"sync"

	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
)

// record keeps every message a consumer was given.
type record struct {
	mu   sync.Mutex
	msgs []*primitive.MessageExt
}

func (r *record) concurrently(_ context.Context, msgs ...*primitive.MessageExt) (consumer.ConsumeResult, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, msgs...)
	return consumer.ConsumeSuccess, nil
}

func (r *record) all() []*primitive.MessageExt {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*primitive.MessageExt(nil), r.msgs...)
}

func (r *record) bodies() map[string]bool {
	set := map[string]bool{}
	for _, m := range r.all() {
		set[string(m.Body)] = true
	}
	return set
}

// startRecording subscribes a push consumer of group to the scenario's topic with expression and starts it.
func (c *ctx) startRecording(group, expression string, opts ...consumer.Option) (*record, error) {
	return c.record(c.topic, group, expression, opts...)
}

// recordTopic reads all of another topic with a push consumer of a new group.
func (c *ctx) recordTopic(topic, group string) (*record, error) {
	return c.record(topic, group, "*")
}

func (c *ctx) record(topic, group, expression string, opts ...consumer.Option) (*record, error) {
	r := &record{}
	return r, c.listen(topic, group, expression, r.concurrently, opts...)
}

type listener func(context.Context, ...*primitive.MessageExt) (consumer.ConsumeResult, error)

// listen starts a push consumer of group on topic (tag expression) that hands messages to l.
func (c *ctx) listen(topic, group, expression string, l listener, opts ...consumer.Option) error {
	pc, err := c.pushConsumer(group, opts...)
	if err != nil {
		return err
	}
	if err := pc.Subscribe(topic, consumer.MessageSelector{Type: consumer.TAG, Expression: expression}, l); err != nil {
		return err
	}
	return pc.Start()
}
