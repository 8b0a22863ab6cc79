package dev.coleta.gguf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The type table against the spec: codes from {@code enum ggml_type} in ggml.h, block layouts
 * from the {@code static_assert(sizeof(block_...))} lines of ggml-common.h, written out here
 * as the same sums so that each row reads against its C line.
 */
class GgmlTypeTest {
    static final int HALF = 2; // sizeof(ggml_half)
    static final int QK_K = 256;
    static final int K_SCALE_SIZE = 12;

    /** Type, ggml code, elements per block, bytes per block. */
    record Row(GgmlType type, int code, int blockSize, int typeSize) {
    }

    static final Row[] SPEC = {
            new Row(GgmlType.F32, 0, 1, 4),
            new Row(GgmlType.F16, 1, 1, HALF),
            new Row(GgmlType.Q4_0, 2, 32, HALF + 32 / 2),
            new Row(GgmlType.Q4_1, 3, 32, 2 * HALF + 32 / 2),
            new Row(GgmlType.Q5_0, 6, 32, HALF + 4 + 32 / 2),
            new Row(GgmlType.Q5_1, 7, 32, 2 * HALF + 4 + 32 / 2),
            new Row(GgmlType.Q8_0, 8, 32, HALF + 32),
            new Row(GgmlType.Q8_1, 9, 32, 2 * HALF + 32),
            new Row(GgmlType.Q2_K, 10, QK_K, 2 * HALF + QK_K / 16 + QK_K / 4),
            new Row(GgmlType.Q3_K, 11, QK_K, HALF + QK_K / 4 + QK_K / 8 + 12),
            new Row(GgmlType.Q4_K, 12, QK_K, 2 * HALF + K_SCALE_SIZE + QK_K / 2),
            new Row(GgmlType.Q5_K, 13, QK_K, 2 * HALF + K_SCALE_SIZE + QK_K / 2 + QK_K / 8),
            new Row(GgmlType.Q6_K, 14, QK_K, HALF + QK_K / 16 + 3 * QK_K / 4),
            new Row(GgmlType.Q8_K, 15, QK_K, 4 + QK_K + QK_K / 16 * 2),
            new Row(GgmlType.IQ2_XXS, 16, QK_K, HALF + QK_K / 8 * 2),
            new Row(GgmlType.IQ2_XS, 17, QK_K, HALF + QK_K / 8 * 2 + QK_K / 32),
            new Row(GgmlType.IQ3_XXS, 18, QK_K, HALF + 3 * (QK_K / 8)),
            new Row(GgmlType.IQ1_S, 19, QK_K, HALF + QK_K / 8 + QK_K / 16),
            new Row(GgmlType.IQ4_NL, 20, 32, HALF + 32 / 2),
            new Row(GgmlType.IQ3_S, 21, QK_K, HALF + 13 * (QK_K / 32) + QK_K / 64),
            new Row(GgmlType.IQ2_S, 22, QK_K, HALF + QK_K / 4 + QK_K / 16),
            new Row(GgmlType.IQ4_XS, 23, QK_K, HALF + 2 + QK_K / 64 + QK_K / 2),
            new Row(GgmlType.I8, 24, 1, 1),
            new Row(GgmlType.I16, 25, 1, 2),
            new Row(GgmlType.I32, 26, 1, 4),
            new Row(GgmlType.I64, 27, 1, 8),
            new Row(GgmlType.F64, 28, 1, 8),
            new Row(GgmlType.IQ1_M, 29, QK_K, QK_K / 8 + QK_K / 16 + QK_K / 32),
            new Row(GgmlType.BF16, 30, 1, 2),
            new Row(GgmlType.TQ1_0, 34, QK_K, HALF + QK_K / 64 + (QK_K - 4 * QK_K / 64) / 5),
            new Row(GgmlType.TQ2_0, 35, QK_K, HALF + QK_K / 4),
            new Row(GgmlType.MXFP4, 39, 32, 1 + 32 / 2),
    };

    @Test
    void blockLayoutsMatchGgmlCommonH() {
        assertEquals(GgmlType.values().length, SPEC.length, "every type is in the spec table");
        for (Row r : SPEC) {
            assertEquals(r.code(), r.type().code(), r.type() + " code");
            assertEquals(r.blockSize(), r.type().blockSize(), r.type() + " block size");
            assertEquals(r.typeSize(), r.type().typeSize(), r.type() + " bytes per block");
        }
        // the headline values, spelled out
        assertEquals(32, GgmlType.Q4_0.blockSize());
        assertEquals(18, GgmlType.Q4_0.typeSize());
        assertEquals(32, GgmlType.Q8_0.blockSize());
        assertEquals(34, GgmlType.Q8_0.typeSize());
        assertEquals(256, GgmlType.Q4_K.blockSize());
        assertEquals(144, GgmlType.Q4_K.typeSize());
        assertEquals(1, GgmlType.F32.blockSize());
        assertEquals(4, GgmlType.F32.typeSize());
    }

    @Test
    void bytesFollowTheBlockLayout() {
        // a 4096 x 2 matrix: 256 Q8_0 blocks of 34 bytes, 32 Q4_K blocks of 144 bytes
        assertEquals(256L * 34, GgmlType.Q8_0.bytes(4096 * 2));
        assertEquals(32L * 144, GgmlType.Q4_K.bytes(4096 * 2));
        assertEquals(4096L * 2 * 4, GgmlType.F32.bytes(4096 * 2));
    }

    @Test
    void ofCodeFindsEveryGgmlCodeAndNothingElse() {
        for (Row r : SPEC) assertSame(r.type(), GgmlType.ofCode(r.code()), "code " + r.code());
        // 4 and 5 (Q4_2, Q4_3) and 31-33 (Q4_0_4_4 ...) were removed from ggml; 40 (NVFP4) is newer than Coleta
        for (int removed : new int[] {4, 5, 31, 32, 33, 36, 40, -1, 1000}) assertNull(GgmlType.ofCode(removed), "code " + removed);
    }

    /** {@code enum gguf_type} in gguf.h. */
    @Test
    void ggufValueTypeCodesMatchGgufH() {
        String[] names = {"UINT8", "INT8", "UINT16", "INT16", "UINT32", "INT32", "FLOAT32", "BOOL", "STRING", "ARRAY",
                "UINT64", "INT64", "FLOAT64"};
        assertEquals(names.length, GgufValueType.values().length);
        for (int code = 0; code < names.length; code++) {
            GgufValueType t = GgufValueType.ofCode(code);
            assertEquals(names[code], t == null ? null : t.name(), "gguf_type " + code);
            assertEquals(code, t.code());
        }
        assertNull(GgufValueType.ofCode(13));
        assertNull(GgufValueType.ofCode(-1));
    }
}
