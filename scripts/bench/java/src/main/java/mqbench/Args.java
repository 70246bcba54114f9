package mqbench;

import java.util.HashMap;
import java.util.Map;

/** -key value pairs, as RocketMQ's benchmark tools take them. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("-")) throw new IllegalArgumentException("expected -option value, got " + args[i]);
            values.put(args[i].substring(1), args[i + 1]);
        }
    }

    String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    int getInt(String key, int fallback) {
        return values.containsKey(key) ? Integer.parseInt(values.get(key)) : fallback;
    }
}
