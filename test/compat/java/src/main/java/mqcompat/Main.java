package mqcompat;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs scenarios one after another in this JVM and prints one JSON line for each:
 * {"scenario":name,"ms":elapsed, ...what it observed} or {"scenario":name,"error":"..."}.
 *
 * Usage: Main <namesrvAddr> <prefix> <scenario>...
 * Scenario s uses topic <prefix>_<s> (created by the caller with 4 queues) and groups named after it;
 * a phase "s:p" uses those of s.
 */
public final class Main {
    /** -Dmqcompat.scenarioTimeoutMs for a scenario that waits through a failover. */
    private static final long SCENARIO_TIMEOUT_MS = Long.getLong("mqcompat.scenarioTimeoutMs", 45_000L);

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Main <namesrvAddr> <prefix> <scenario>... (scenarios: " + Scenarios.ALL.keySet() + ")");
            System.exit(2);
        }
        Map<String, Scenario> all = Scenarios.ALL;
        for (int i = 2; i < args.length; i++) {
            String name = args[i];
            Scenario scenario = all.get(name);
            if (scenario == null) {
                System.out.println(new Json().put("scenario", name).put("error", "unknown scenario; known: " + all.keySet()));
                continue;
            }
            // Phases of one scenario ("tx-killed:half", "tx-killed:check") share its topic and groups.
            System.out.println(run(name, scenario, new Ctx(args[0], args[1] + "_" + name.split(":")[0])));
            System.out.flush();
        }
        // -Dmqcompat.hold=true: stay up with whatever clients the scenarios left running, until killed.
        if (Boolean.getBoolean("mqcompat.hold")) Thread.sleep(Long.MAX_VALUE);
        System.exit(0);
    }

    private static Json run(String name, Scenario scenario, Ctx ctx) {
        long start = System.nanoTime();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "scenario-" + name);
            t.setDaemon(true);
            return t;
        });
        Json out = new Json().put("scenario", name);
        try {
            Future<Json> result = executor.submit(() -> scenario.run(ctx));
            Json observed = result.get(SCENARIO_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            out.put("ms", (System.nanoTime() - start) / 1_000_000).put("result", observed);
        } catch (TimeoutException e) {
            out.put("error", "timed out after " + SCENARIO_TIMEOUT_MS + " ms; " + ctx.progress());
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            out.put("error", cause.getClass().getName() + ": " + cause.getMessage() + "; " + ctx.progress());
        } finally {
            ctx.close();
            executor.shutdownNow();
        }
        return out;
    }
}
