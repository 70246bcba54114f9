package mqcompat;

import java.util.Collection;
import java.util.Map;

/** A JSON object written by hand: the scenarios print one per line and must not depend on a library. */
final class Json {
    private final StringBuilder text = new StringBuilder("{");

    Json put(String key, Object value) {
        if (text.length() > 1) text.append(',');
        quote(text, key);
        text.append(':');
        write(text, value);
        return this;
    }

    @Override
    public String toString() {
        return text + "}";
    }

    private static void write(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Json || value instanceof Boolean || value instanceof Number) {
            out.append(value);
        } else if (value instanceof Map) {
            Json nested = new Json();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) nested.put(String.valueOf(e.getKey()), e.getValue());
            out.append(nested);
        } else if (value instanceof Collection) {
            out.append('[');
            boolean first = true;
            for (Object item : (Collection<?>) value) {
                if (!first) out.append(',');
                first = false;
                write(out, item);
            }
            out.append(']');
        } else {
            quote(out, String.valueOf(value));
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        out.append('"');
    }
}
