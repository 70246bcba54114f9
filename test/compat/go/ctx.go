package main

import (
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/apache/rocketmq-client-go/v2"
	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"
)

var instances atomic.Int32

// ctx is what a scenario works with: its topic, clients shut down when it ends, and a progress
// note printed if it fails or times out.
type ctx struct {
	namesrv  string
	topic    string
	closers  []func()
	progress atomic.Value
}

func (c *ctx) group(suffix string) string { return c.topic + "_" + suffix }

func (c *ctx) note(format string, args ...any) { c.progress.Store(fmt.Sprintf(format, args...)) }

func instance() string {
	return fmt.Sprintf("compat-%d-%d", os.Getpid(), instances.Add(1))
}

func (c *ctx) producer(opts ...producer.Option) (rocketmq.Producer, error) {
	all := append([]producer.Option{
		producer.WithNsResolver(primitive.NewPassthroughResolver([]string{c.namesrv})),
		producer.WithGroupName(c.group("PG")),
		producer.WithInstanceName(instance()),
		producer.WithSendMsgTimeout(10 * time.Second),
		producer.WithRetry(2),
	}, opts...)
	p, err := rocketmq.NewProducer(all...)
	if err != nil {
		return nil, err
	}
	if err := p.Start(); err != nil {
		return nil, err
	}
	c.closers = append(c.closers, func() { _ = p.Shutdown() })
	return p, nil
}

// pushConsumer makes a push consumer (not started) of a new group from the first offset.
func (c *ctx) pushConsumer(group string, opts ...consumer.Option) (rocketmq.PushConsumer, error) {
	all := append([]consumer.Option{
		consumer.WithNsResolver(primitive.NewPassthroughResolver([]string{c.namesrv})),
		consumer.WithGroupName(group),
		consumer.WithInstance(instance()),
		consumer.WithConsumeFromWhere(consumer.ConsumeFromFirstOffset),
	}, opts...)
	pc, err := rocketmq.NewPushConsumer(all...)
	if err != nil {
		return nil, err
	}
	c.closers = append(c.closers, func() { _ = pc.Shutdown() })
	return pc, nil
}

func (c *ctx) close() {
	for i := len(c.closers) - 1; i >= 0; i-- {
		c.closers[i]()
	}
	c.closers = nil
}

// await checks done every 50 ms until it holds (true) or timeout passes (false).
func await(done func() bool, timeout time.Duration) bool {
	end := time.Now().Add(timeout)
	for !done() {
		if time.Now().After(end) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}
