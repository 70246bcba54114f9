package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"
)

// allocation records what a consumer's last rebalance of one topic gave it (through its
// AllocateStrategy, which the client also calls for the group's retry topic).
type allocation struct {
	topic   string
	mu      sync.Mutex
	queues  []int
	members int
}

func (a *allocation) strategy(group, cid string, all []*primitive.MessageQueue, cids []string) []*primitive.MessageQueue {
	mine := consumer.AllocateByAveragely(group, cid, all, cids)
	if len(all) == 0 || all[0].Topic != a.topic {
		return mine
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.queues = a.queues[:0]
	for _, mq := range mine {
		a.queues = append(a.queues, mq.QueueId)
	}
	sort.Ints(a.queues)
	a.members = len(cids)
	return mine
}

func (a *allocation) get() ([]int, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]int{}, a.queues...), a.members
}

func (c *ctx) send(count int) error {
	p, err := c.producer()
	if err != nil {
		return err
	}
	for i := 0; i < count; i++ {
		if _, err := p.SendSync(context.Background(), message(c, i)); err != nil {
			return err
		}
	}
	return nil
}

// Two instances in one group: the 4 queues split between them, 40 messages each arrive once.
func pushClustering(c *ctx) (result, error) {
	allocA, allocB := &allocation{topic: c.topic}, &allocation{topic: c.topic}
	a, err := c.startRecording(c.group("CG"), "*", consumer.WithStrategy(allocA.strategy))
	if err != nil {
		return nil, err
	}
	b, err := c.startRecording(c.group("CG"), "*", consumer.WithStrategy(allocB.strategy))
	if err != nil {
		return nil, err
	}
	c.note("waiting for the queues to split")
	split := await(func() bool {
		qa, na := allocA.get()
		qb, nb := allocB.get()
		return na == 2 && nb == 2 && len(qa)+len(qb) == 4 && len(qa) > 0 && len(qb) > 0
	}, 20*time.Second)
	qa, _ := allocA.get()
	qb, _ := allocB.get()
	if err := c.send(40); err != nil {
		return nil, err
	}
	await(func() bool { return len(a.bodies())+len(b.bodies()) >= 40 }, 20*time.Second)
	time.Sleep(time.Second) // a duplicate would arrive within this
	all := a.bodies()
	for body := range b.bodies() {
		all[body] = true
	}
	overlap := []int{}
	for _, q := range qa {
		for _, r := range qb {
			if q == r {
				overlap = append(overlap, q)
			}
		}
	}
	return result{"split": split, "queuesA": qa, "queuesB": qb, "overlap": overlap,
		"receivedA": len(a.all()), "receivedB": len(b.all()), "distinct": len(all)}, nil
}

// Two instances in one BROADCASTING group: each receives all 20.
func pushBroadcasting(c *ctx) (result, error) {
	a, err := c.startRecording(c.group("CG"), "*", consumer.WithConsumerModel(consumer.BroadCasting))
	if err != nil {
		return nil, err
	}
	b, err := c.startRecording(c.group("CG"), "*", consumer.WithConsumerModel(consumer.BroadCasting))
	if err != nil {
		return nil, err
	}
	if err := c.send(20); err != nil {
		return nil, err
	}
	await(func() bool { return len(a.bodies()) >= 20 && len(b.bodies()) >= 20 }, 20*time.Second)
	time.Sleep(500 * time.Millisecond)
	return result{"receivedA": len(a.all()), "receivedB": len(b.all()), "distinctA": len(a.bodies()), "distinctB": len(b.bodies())}, nil
}

// An orderly consumer over 40 messages of 4 sharding keys (hash queue selector): each key in order.
func pushOrderly(c *ctx) (result, error) {
	var mu sync.Mutex
	seqOfKey := map[string][]int{}
	queuesOfKey := map[string]map[int]bool{}
	listener := func(_ context.Context, msgs ...*primitive.MessageExt) (consumer.ConsumeResult, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range msgs {
			i, _ := strconv.Atoi(strings.TrimPrefix(string(m.Body), c.topic+"-"))
			key := fmt.Sprintf("o-%d", i%4)
			seqOfKey[key] = append(seqOfKey[key], i)
			if queuesOfKey[key] == nil {
				queuesOfKey[key] = map[int]bool{}
			}
			queuesOfKey[key][m.Queue.QueueId] = true
		}
		return consumer.ConsumeSuccess, nil
	}
	if err := c.listen(c.topic, c.group("CG"), "*", listener, consumer.WithConsumerOrder(true)); err != nil {
		return nil, err
	}
	p, err := c.producer(producer.WithQueueSelector(producer.NewHashQueueSelector()))
	if err != nil {
		return nil, err
	}
	for i := 0; i < 40; i++ {
		m := message(c, i)
		m.WithShardingKey(fmt.Sprintf("o-%d", i%4))
		if _, err := p.SendSync(context.Background(), m); err != nil {
			return nil, err
		}
	}
	received := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, seq := range seqOfKey {
			n += len(seq)
		}
		return n
	}
	await(func() bool { return received() >= 40 }, 20*time.Second)
	n := received()
	mu.Lock()
	defer mu.Unlock()
	inOrder := true
	queues := map[string]int{}
	for key, seq := range seqOfKey {
		queues[key] = len(queuesOfKey[key])
		for j := 1; j < len(seq); j++ {
			if seq[j] <= seq[j-1] {
				inOrder = false
			}
		}
	}
	return result{"received": n, "inOrder": inOrder, "queueCountOfKey": queues}, nil
}
