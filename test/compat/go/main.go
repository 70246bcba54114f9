// The Go scenarios of the compat suite (test/compat/go.test.ts), on
// github.com/apache/rocketmq-client-go/v2. Runs scenarios one after another and prints one JSON
// line for each: {"scenario":name,"ms":n,"result":{...}} or {"scenario":name,"error":"..."}.
//
// Usage: mqcompat <namesrvAddr> <prefix> <scenario>...
// Scenario s uses topic <prefix>_<s> (created by the caller with 4 queues) and groups named after it;
// a phase "s:p" uses those of s.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/apache/rocketmq-client-go/v2/rlog"
)

const scenarioTimeout = 45 * time.Second

type result map[string]any

type scenario func(c *ctx) (result, error)

var scenarios = map[string]scenario{
	"send-sync":         sendSync,
	"send-async":        sendAsync,
	"send-batch":        sendBatch,
	"push-clustering":   pushClustering,
	"push-broadcasting": pushBroadcasting,
	"push-orderly":      pushOrderly,
	"push-retry":        pushRetry,
	"trace":             pushTrace,
	"transaction":       transaction,
	"request-reply":     requestReply,
	"acl":               aclScenario,
}

func main() {
	if len(os.Args) < 4 {
		names := make([]string, 0, len(scenarios))
		for name := range scenarios {
			names = append(names, name)
		}
		sort.Strings(names)
		fmt.Fprintf(os.Stderr, "usage: mqcompat <namesrvAddr> <prefix> <scenario>... (scenarios: %v)\n", names)
		os.Exit(2)
	}
	rlog.SetLogLevel("error")
	for _, name := range os.Args[3:] {
		// Phases of one scenario ("tx-killed:half", "tx-killed:check") share its topic and groups.
		print(run(name, &ctx{namesrv: os.Args[1], topic: os.Args[2] + "_" + strings.Split(name, ":")[0]}))
	}
	// MQCOMPAT_HOLD=1: stay up with whatever clients the scenarios left running, until killed.
	if os.Getenv("MQCOMPAT_HOLD") == "1" {
		select {}
	}
	os.Exit(0)
}

func run(name string, c *ctx) result {
	line := result{"scenario": name}
	s, ok := scenarios[name]
	if !ok {
		line["error"] = "unknown scenario"
		return line
	}
	start := time.Now()
	done := make(chan struct{})
	var observed result
	var err error
	go func() {
		defer close(done)
		observed, err = s(c)
	}()
	select {
	case <-done:
		if err != nil {
			line["error"] = fmt.Sprintf("%v; progress: %s", err, c.progress.Load())
		} else {
			line["ms"] = time.Since(start).Milliseconds()
			line["result"] = observed
		}
	case <-time.After(scenarioTimeout):
		line["error"] = fmt.Sprintf("timed out after %v; progress: %s", scenarioTimeout, c.progress.Load())
	}
	c.close()
	return line
}

func print(line result) {
	text, err := json.Marshal(line)
	if err != nil {
		text = []byte(fmt.Sprintf(`{"scenario":%q,"error":%q}`, line["scenario"], err.Error()))
	}
	fmt.Println(string(text))
}
