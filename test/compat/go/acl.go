package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/apache/rocketmq-client-go/v2/consumer"
	"github.com/apache/rocketmq-client-go/v2/primitive"
	"github.com/apache/rocketmq-client-go/v2/producer"
)

// aclScenario: ACL 1.0 with primitive.Credentials (keys from MQ_ACL_ACCESS_KEY and
// MQ_ACL_SECRET_KEY; the broker runs with aclEnable=true and test/compat/acl/plain_acl.yml).
// The right key sends 4 and consumes them; a wrong secret's send and a send to a topic the key
// may not PUB fail with the broker's refusal.
func aclScenario(c *ctx) (result, error) {
	creds := primitive.Credentials{AccessKey: os.Getenv("MQ_ACL_ACCESS_KEY"), SecretKey: os.Getenv("MQ_ACL_SECRET_KEY")}
	p, err := c.producer(producer.WithCredentials(creds))
	if err != nil {
		return nil, err
	}
	var statuses []string
	for i := 0; i < 4; i++ {
		r, err := p.SendSync(context.Background(), primitive.NewMessage(c.topic, []byte(fmt.Sprintf("acl-%d", i))))
		if err != nil {
			return nil, err
		}
		statuses = append(statuses, fmt.Sprint(r.Status))
	}
	c.note("sent 4")
	var mu sync.Mutex
	bodies := map[string]bool{}
	pc, err := c.pushConsumer(c.group("CG"), consumer.WithCredentials(creds))
	if err != nil {
		return nil, err
	}
	err = pc.Subscribe(c.topic, consumer.MessageSelector{}, func(_ context.Context, msgs ...*primitive.MessageExt) (consumer.ConsumeResult, error) {
		mu.Lock()
		defer mu.Unlock()
		for _, m := range msgs {
			bodies[string(m.Body)] = true
		}
		return consumer.ConsumeSuccess, nil
	})
	if err != nil {
		return nil, err
	}
	if err := pc.Start(); err != nil {
		return nil, err
	}
	await(func() bool { mu.Lock(); defer mu.Unlock(); return len(bodies) >= 4 }, 30*time.Second)
	mu.Lock()
	received := len(bodies)
	mu.Unlock()

	wrong, err := c.producer(producer.WithCredentials(primitive.Credentials{AccessKey: creds.AccessKey, SecretKey: creds.SecretKey + "-wrong"}),
		producer.WithGroupName(c.group("PGW")), producer.WithRetry(0))
	if err != nil {
		return nil, err
	}
	_, wrongErr := wrong.SendSync(context.Background(), primitive.NewMessage(c.topic, []byte("x")))
	_, noPubErr := p.SendSync(context.Background(), primitive.NewMessage(c.topic+"_nopub", []byte("x")))
	return result{"statuses": statuses, "received": received, "wrongSecret": errText(wrongErr), "noPub": errText(noPubErr)}, nil
}

func errText(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}
