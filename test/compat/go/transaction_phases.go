package main

import (
	"context"
	"fmt"
	"time"

	"github.com/apache/rocketmq-client-go/v2"
	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"
)

// Issue 15's transactions beyond the happy path, as the Java scenarios (TransactionPhases.java):
// a check never answered (tx-check-max), and phases run as separate processes by the caller:
// tx-killed:half sends a half left UNKNOW and stays up (MQCOMPAT_HOLD) until SIGKILLed;
// tx-killed:check is another producer of the group, started afterwards, committing the check;
// tx-restart:* and tx-crash:* send commit, rollback and UNKNOW halves before a broker restart.

// checkAnswer answers every check with state and notes "<body>@<topic>".
type checkAnswer struct {
	txListener
	state primitive.LocalTransactionState
}

func (l *checkAnswer) CheckLocalTransaction(m *primitive.MessageExt) primitive.LocalTransactionState {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.checked = append(l.checked, string(m.Body)+"@"+m.Topic)
	return l.state
}

func (l *checkAnswer) counts() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := map[string]int{}
	for _, c := range l.checked {
		n[c]++
	}
	return n
}

// txProducer starts a producer of the scenario's group TPG, in a client instance of its own, and
// sends a rolled-back probe at once: its route is then known before the client's first heartbeat
// (a second after start), so the broker has the group's connection for check-backs.
func (c *ctx) txProducer(l *checkAnswer) (rocketmq.TransactionProducer, error) {
	p, err := rocketmq.NewTransactionProducer(l,
		producer.WithNsResolver(primitive.NewPassthroughResolver([]string{c.namesrv})),
		producer.WithGroupName(c.group("TPG")),
		producer.WithInstanceName(instance()),
		producer.WithSendMsgTimeout(10*time.Second),
	)
	if err != nil {
		return nil, err
	}
	if err := p.Start(); err != nil {
		return nil, err
	}
	if _, err := p.SendMessageInTransaction(context.Background(), primitive.NewMessage(c.topic, []byte("rollback-probe"))); err != nil {
		return nil, err
	}
	return p, nil
}

func init() {
	scenarios["tx-check-max"] = txCheckMax
	scenarios["tx-killed:half"] = func(c *ctx) (result, error) { return txHalf(c, "unknown-0") }
	scenarios["tx-killed:check"] = txCheck
	for _, name := range []string{"tx-restart", "tx-crash"} {
		scenarios[name+":half"] = func(c *ctx) (result, error) { return txHalf(c, "commit-0", "rollback-0", "unknown-0") }
		scenarios[name+":check"] = txCheck
	}
}

// txHalf sends the halves and leaves the producer running (not closed) for the caller to kill.
func txHalf(c *ctx, bodies ...string) (result, error) {
	p, err := c.txProducer(&checkAnswer{state: primitive.UnknowState})
	if err != nil {
		return nil, err
	}
	states := []string{}
	for _, body := range bodies {
		r, err := p.SendMessageInTransaction(context.Background(), primitive.NewMessage(c.topic, []byte(body)))
		if err != nil {
			return nil, err
		}
		states = append(states, fmt.Sprintf("%d/%d", r.Status, r.State))
	}
	// END_TRANSACTION is oneway: give it the time to arrive before the caller kills anything.
	time.Sleep(500 * time.Millisecond)
	return result{"states": states}, nil
}

// txCheck: a consumer from the first offset and a new producer of the group committing every check.
func txCheck(c *ctx) (result, error) {
	// The producer first: until one of the group is connected, every check round counts against
	// transactionCheckMax (as in Apache RocketMQ), and the consumer reads from the first offset anyway.
	l := &checkAnswer{state: primitive.CommitMessageState}
	p, err := c.txProducer(l)
	if err != nil {
		return nil, err
	}
	c.closers = append(c.closers, func() { _ = p.Shutdown() })
	alloc := &allocation{topic: c.topic}
	got, err := c.startRecording(c.group("CG"), "*", consumer.WithStrategy(alloc.strategy))
	if err != nil {
		return nil, err
	}
	await(func() bool { q, _ := alloc.get(); return len(q) == 4 }, 20*time.Second)
	c.note("waiting for the check-back")
	await(func() bool { return got.bodies()["unknown-0"] }, 40*time.Second)
	time.Sleep(1500 * time.Millisecond) // a rolled back or repeated one would arrive within this
	received := map[string]int{}
	for _, m := range got.all() {
		received[string(m.Body)]++
	}
	return result{"received": received, "checked": l.counts()}, nil
}

// txCheckMax: every check answered UNKNOW; after transactionCheckMax checks none follow, and the
// half is never delivered (the Java scenario reads it back from TRANS_CHECK_MAX_TIME_TOPIC).
func txCheckMax(c *ctx) (result, error) {
	alloc := &allocation{topic: c.topic}
	got, err := c.startRecording(c.group("CG"), "*", consumer.WithStrategy(alloc.strategy))
	if err != nil {
		return nil, err
	}
	await(func() bool { q, _ := alloc.get(); return len(q) == 4 }, 20*time.Second)
	l := &checkAnswer{state: primitive.UnknowState}
	p, err := c.txProducer(l)
	if err != nil {
		return nil, err
	}
	c.closers = append(c.closers, func() { _ = p.Shutdown() })
	body := "never-" + c.topic
	if _, err := p.SendMessageInTransaction(context.Background(), primitive.NewMessage(c.topic, []byte(body))); err != nil {
		return nil, err
	}
	checksOf := func() int { return l.counts()[body+"@"+c.topic] }
	// Checks come every transactionCheckInterval; quiet for 3 s after at least one means they ended.
	last, lastChange := 0, time.Now()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if n := checksOf(); n != last {
			last, lastChange = n, time.Now()
		} else if n > 0 && time.Since(lastChange) > 3*time.Second {
			break
		}
		c.note("checked %d times", last)
		time.Sleep(100 * time.Millisecond)
	}
	delivered := 0
	for _, m := range got.all() {
		if string(m.Body) == body {
			delivered++
		}
	}
	return result{"checks": checksOf(), "delivered": delivered}, nil
}
