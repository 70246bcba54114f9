package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
)

// txListener commits "commit-*", rolls back "rollback-*" and leaves the rest UNKNOW (checkAnswer,
// in transaction_phases.go, answers the checks).
type txListener struct {
	mu      sync.Mutex
	checked []string
}

func (l *txListener) ExecuteLocalTransaction(m *primitive.Message) primitive.LocalTransactionState {
	body := string(m.Body)
	switch {
	case strings.HasPrefix(body, "commit"):
		return primitive.CommitMessageState
	case strings.HasPrefix(body, "rollback"):
		return primitive.RollbackMessageState
	}
	return primitive.UnknowState
}

// transaction: commit delivered, rollback never, UNKNOW checked back and committed by the check.
func transaction(c *ctx) (result, error) {
	alloc := &allocation{topic: c.topic}
	got, err := c.startRecording(c.group("CG"), "*", consumer.WithStrategy(alloc.strategy))
	if err != nil {
		return nil, err
	}
	await(func() bool { q, _ := alloc.get(); return len(q) == 4 }, 20*time.Second)
	l := &checkAnswer{state: primitive.CommitMessageState}
	p, err := c.txProducer(l)
	if err != nil {
		return nil, err
	}
	c.closers = append(c.closers, func() { _ = p.Shutdown() })
	states := []string{}
	for _, body := range []string{"commit-0", "rollback-0", "unknown-0"} {
		r, err := p.SendMessageInTransaction(context.Background(), primitive.NewMessage(c.topic, []byte(body)))
		if err != nil {
			return nil, err
		}
		states = append(states, fmt.Sprintf("%d/%d", r.Status, r.State))
	}
	c.note("sent 3 half messages")
	await(func() bool { b := got.bodies(); return b["commit-0"] && b["unknown-0"] }, 40*time.Second)
	time.Sleep(1500 * time.Millisecond) // a rolled back or repeated one would arrive within this
	received := []string{}
	for body := range got.bodies() {
		received = append(received, body)
	}
	sort.Strings(received)
	l.mu.Lock()
	checked := append([]string{}, l.checked...)
	l.mu.Unlock()
	return result{"states": states, "received": received, "deliveries": len(got.all()), "checked": checked}, nil
}
