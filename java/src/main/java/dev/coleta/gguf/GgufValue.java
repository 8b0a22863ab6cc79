package dev.coleta.gguf;

import java.util.List;
import java.util.Locale;

/**
 * A metadata value with its GGUF type. Scalars hold a boxed Java number, Boolean or String;
 * arrays hold a {@code List<?>} of such values and {@code elementType}.
 */
public record GgufValue(GgufValueType type, GgufValueType elementType, Object value) {
    public GgufValue {
        if (type == null || value == null) throw new IllegalArgumentException("type and value are required");
        if (type == GgufValueType.ARRAY && (elementType == null || !(value instanceof List<?>))) {
            throw new IllegalArgumentException("an array needs an element type and a List value");
        }
    }

    public static GgufValue string(String s) {
        return new GgufValue(GgufValueType.STRING, null, s);
    }

    public static GgufValue u32(long v) {
        return new GgufValue(GgufValueType.UINT32, null, v);
    }

    public static GgufValue i32(int v) {
        return new GgufValue(GgufValueType.INT32, null, v);
    }

    public static GgufValue f32(float v) {
        return new GgufValue(GgufValueType.FLOAT32, null, v);
    }

    public static GgufValue bool(boolean v) {
        return new GgufValue(GgufValueType.BOOL, null, v);
    }

    public static GgufValue array(GgufValueType elementType, List<?> values) {
        return new GgufValue(GgufValueType.ARRAY, elementType, values);
    }

    /** The value as a long (integers, bools); throws if it is not an integer type. */
    public long asLong() {
        if (value instanceof Number n && !(value instanceof Float) && !(value instanceof Double)) return n.longValue();
        if (value instanceof Boolean b) return b ? 1 : 0;
        throw new IllegalStateException("not an integer: " + type);
    }

    /** A short rendering for {@code model info}: arrays show their length and first items. */
    public String display() {
        if (value instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[" + elementType.name().toLowerCase(Locale.ROOT) + " x " + l.size());
            for (int i = 0; i < Math.min(3, l.size()); i++) sb.append(i == 0 ? ": " : ", ").append(l.get(i));
            return sb.append(l.size() > 3 ? ", ...]" : "]").toString();
        }
        String s = String.valueOf(value);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
