package mqbench;

import java.text.SimpleDateFormat;
import java.util.Arrays;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters one benchmark keeps, a line a second in RocketMQ's benchmark format, and a warm-up
 * window: the first warmupS seconds are reported on their own ("[warm-up done]" marks the end)
 * and the measured window ends after durationS more ("[measure done]"). The last line is JSON:
 * {"warmup":{...},"measured":{"messages","seconds","tps","rtAvgMs","rtP99Ms","rtMaxMs","failed"}}.
 */
final class Stats {
    /** RT histogram buckets of 0.1 ms up to 10 s. */
    private static final int BUCKETS = 100_000;
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong rtSumMicros = new AtomicLong();
    final AtomicLong rtMaxMicros = new AtomicLong();
    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS);
    /** When the last message was counted: a drained consumer's window ends there, not at its idle timeout. */
    private volatile long lastNanos = System.nanoTime();

    void record(long rtMicros) {
        lastNanos = System.nanoTime();
        ok.incrementAndGet();
        rtSumMicros.addAndGet(rtMicros);
        rtMaxMicros.accumulateAndGet(rtMicros, Math::max);
        histogram.incrementAndGet((int) Math.min(BUCKETS - 1, rtMicros / 100));
    }

    long[] histogramCopy() {
        long[] copy = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) copy[i] = histogram.get(i);
        return copy;
    }

    /** A snapshot: counts, and the histogram at that moment. */
    final class Snapshot {
        final long nanos = System.nanoTime();
        final long last = lastNanos;
        final long ok = Stats.this.ok.get();
        final long failed = Stats.this.failed.get();
        final long rtSum = rtSumMicros.get();
        final long[] hist = histogramCopy();

        String json(Snapshot from) {
            double seconds = Math.max(1e-3, (Math.min(nanos, Math.max(last, from.nanos)) - from.nanos) / 1e9);
            long n = ok - from.ok;
            long[] h = new long[BUCKETS];
            for (int i = 0; i < BUCKETS; i++) h[i] = hist[i] - from.hist[i];
            return String.format(java.util.Locale.ROOT,
                "{\"messages\":%d,\"seconds\":%.3f,\"tps\":%.1f,\"rtAvgMs\":%.3f,\"rtP99Ms\":%.1f,\"failed\":%d}",
                n, seconds, n / seconds, n == 0 ? 0.0 : (rtSum - from.rtSum) / 1000.0 / n, percentile(h, 0.99), failed - from.failed);
        }
    }

    private static double percentile(long[] h, double q) {
        long total = Arrays.stream(h).sum();
        long want = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < h.length; i++) {
            seen += h[i];
            if (seen >= want && want > 0) return (i + 1) / 10.0;
        }
        return 0;
    }

    /** Prints a line a second (label "Send" or "Consume") until the window ends; returns the JSON summary. */
    String run(String label, int warmupS, int durationS, java.util.function.BooleanSupplier done) throws InterruptedException {
        return run(label, warmupS, 0, durationS, done);
    }

    /**
     * The same, with a warm-up that also ends once warmupMessages are counted (0: by time only): a
     * consumer draining a backlog would otherwise spend all of it warming up when the backlog is small.
     * Looks every 100 ms, prints every second.
     */
    String run(String label, int warmupS, long warmupMessages, int durationS, java.util.function.BooleanSupplier done) throws InterruptedException {
        SimpleDateFormat clock = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss,SSS");
        Snapshot start = new Snapshot();
        Snapshot warm = null;
        Snapshot last = start;
        long endNanos = start.nanos + (warmupS + durationS) * 1_000_000_000L;
        for (int tick = 1; System.nanoTime() < endNanos && !done.getAsBoolean(); tick++) {
            Thread.sleep(100);
            if (warm == null && (System.nanoTime() - start.nanos >= warmupS * 1_000_000_000L || (warmupMessages > 0 && ok.get() >= warmupMessages))) {
                warm = new Snapshot();
                System.out.println("[warm-up done]");
                // The measured window starts here: a drained consumer's window must not end before it.
                endNanos = Math.min(endNanos, warm.nanos + durationS * 1_000_000_000L);
            }
            if (tick % 10 != 0) continue;
            Snapshot now = new Snapshot();
            long n = now.ok - last.ok;
            System.out.printf(java.util.Locale.ROOT, "Current Time: %s | %s TPS: %d | Max RT(ms): %.3f | Average RT(ms): %7.3f | %s Failed: %d%n",
                clock.format(new Date()), label, n, rtMaxMicros.getAndSet(0) / 1000.0,
                n == 0 ? 0.0 : (now.rtSum - last.rtSum) / 1000.0 / n, label, now.failed - last.failed);
            last = now;
        }
        Snapshot end = new Snapshot();
        System.out.println("[measure done]");
        if (warm == null) warm = end;
        return "{\"warmup\":" + warm.json(start) + ",\"measured\":" + end.json(warm) + "}";
    }
}
