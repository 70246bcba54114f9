package main

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/apache/rocketmq-client-go/v2/primitive"
)

const sendCount = 8

var hexID = regexp.MustCompile(`^[0-9A-Fa-f]{32,}$`) // Go writes part of its ids in lower case

// message i: body "<topic>-i", tag TagA or TagB, keys "k-i x-i".
func message(c *ctx, i int) *primitive.Message {
	tag := "TagB"
	if i%2 == 0 {
		tag = "TagA"
	}
	m := primitive.NewMessage(c.topic, []byte(fmt.Sprintf("%s-%d", c.topic, i)))
	m.WithTag(tag)
	m.WithKeys([]string{fmt.Sprintf("k-%d", i), fmt.Sprintf("x-%d", i)})
	return m
}

func sendSync(c *ctx) (result, error) {
	p, err := c.producer()
	if err != nil {
		return nil, err
	}
	var sent []*primitive.SendResult
	for i := 0; i < sendCount; i++ {
		r, err := p.SendSync(context.Background(), message(c, i))
		if err != nil {
			return nil, err
		}
		sent = append(sent, r)
	}
	return compare(c, sent)
}

func sendAsync(c *ctx) (result, error) {
	p, err := c.producer()
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	var sent []*primitive.SendResult
	var errs []string
	for i := 0; i < sendCount; i++ {
		wg.Add(1)
		err := p.SendAsync(context.Background(), func(_ context.Context, r *primitive.SendResult, err error) {
			mu.Lock()
			defer mu.Unlock()
			defer wg.Done()
			if err != nil {
				errs = append(errs, err.Error())
			} else {
				sent = append(sent, r)
			}
		}, message(c, i))
		if err != nil {
			return nil, err
		}
	}
	wg.Wait()
	out, err := compare(c, sent)
	if out != nil {
		out["errors"] = append([]string{}, errs...)
	}
	return out, err
}

func sendBatch(c *ctx) (result, error) {
	p, err := c.producer()
	if err != nil {
		return nil, err
	}
	var batch []*primitive.Message
	for i := 0; i < sendCount; i++ {
		batch = append(batch, message(c, i))
	}
	r, err := p.SendSync(context.Background(), batch...)
	if err != nil {
		return nil, err
	}
	out, err := compare(c, nil)
	if out != nil {
		out["batchStatus"] = statusName(r.Status)
		out["batchMsgIds"] = len(strings.Split(r.MsgID, ","))
	}
	return out, err
}

// compare reads the topic back with a push consumer of a new group and matches every message to
// what was sent (body, tag, keys, message id).
func compare(c *ctx, sent []*primitive.SendResult) (result, error) {
	rb, err := c.startRecording(c.group("RB"), "*")
	if err != nil {
		return nil, err
	}
	await(func() bool { return len(rb.bodies()) >= sendCount }, 15*time.Second)
	got := rb.all()
	c.note("read back %d of %d", len(got), sendCount)
	byBody := map[string]*primitive.MessageExt{}
	ids := map[string]bool{}
	for _, m := range got {
		byBody[string(m.Body)] = m
		ids[m.MsgId] = true
	}
	matched := 0
	var mismatched []string
	for i := 0; i < sendCount; i++ {
		want := message(c, i)
		m := byBody[string(want.Body)]
		if m != nil && m.GetTags() == want.GetTags() && m.GetKeys() == want.GetKeys() {
			matched++
		} else if m != nil {
			mismatched = append(mismatched, fmt.Sprintf("%s tags=%q keys=%q", m.Body, m.GetTags(), m.GetKeys()))
		}
	}
	statuses := map[string]bool{}
	wellFormed, found := 0, 0
	for _, r := range sent {
		statuses[statusName(r.Status)] = true
		if hexID.MatchString(r.MsgID) && hexID.MatchString(r.OffsetMsgID) {
			wellFormed++
		}
		if ids[r.MsgID] {
			found++
		}
	}
	names := make([]string, 0, len(statuses))
	for s := range statuses {
		names = append(names, s)
	}
	sort.Strings(names)
	return result{"sent": len(sent), "statuses": names, "idsWellFormed": wellFormed, "idsFound": found,
		"readBack": len(got), "matched": matched, "mismatched": append([]string{}, mismatched...)}, nil
}

func statusName(s primitive.SendStatus) string {
	switch s {
	case primitive.SendOK:
		return "SEND_OK"
	case primitive.SendFlushDiskTimeout:
		return "FLUSH_DISK_TIMEOUT"
	case primitive.SendFlushSlaveTimeout:
		return "FLUSH_SLAVE_TIMEOUT"
	case primitive.SendSlaveNotAvailable:
		return "SLAVE_NOT_AVAILABLE"
	default:
		return fmt.Sprintf("status %d", s)
	}
}
