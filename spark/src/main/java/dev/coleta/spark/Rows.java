package dev.coleta.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** Output schemas and rows: the input's columns, then the result columns. */
final class Rows {
    private Rows() {
    }

    /** {@code input} plus {@code added}, refusing a name the input already has. */
    static StructType extend(StructType input, StructField... added) {
        StructType out = input;
        for (StructField f : added) {
            if (Arrays.asList(input.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException("pages already has a column named '" + f.name()
                        + "', which the result would overwrite; rename it first");
            }
            out = out.add(f);
        }
        return out;
    }

    static StructField string(String name) {
        return DataTypes.createStructField(name, DataTypes.StringType, true);
    }

    static StructField strings(String name) {
        return DataTypes.createStructField(name, DataTypes.createArrayType(DataTypes.StringType, false), true);
    }

    /** The row's values followed by {@code more}. */
    static Row append(Row row, Object... more) {
        Object[] values = new Object[row.length() + more.length];
        for (int i = 0; i < row.length(); i++) values[i] = row.get(i);
        System.arraycopy(more, 0, values, row.length(), more.length);
        return RowFactory.create(values);
    }

    /** A row mapper that is told the row's index in its partition. */
    interface IndexedMapper {
        Row map(Row row, long index);
    }

    /**
     * The rows mapped lazily, as Spark pulls them; {@code atEnd} runs once the input is
     * exhausted (it may run more than once: make it idempotent).
     */
    static Iterator<Row> map(Iterator<Row> rows, IndexedMapper mapper, Runnable atEnd) {
        return new Iterator<>() {
            private long index;

            @Override
            public boolean hasNext() {
                boolean more = rows.hasNext();
                if (!more) atEnd.run();
                return more;
            }

            @Override
            public Row next() {
                if (!hasNext()) throw new NoSuchElementException();
                return mapper.map(rows.next(), index++);
            }
        };
    }

    /** One line for the error column: the exception's type and message. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = "(no message)";
        return e.getClass().getSimpleName() + ": " + m.replaceAll("\\s*\\R\\s*", " ");
    }
}
