package dev.coleta.nl2sql;

import dev.coleta.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpiderImportTest {
    @Test
    void readsSpiderLayoutAndGradesHardness(@TempDir Path dir) throws Exception {
        Path dbDir = dir.resolve("database");
        Files.createDirectories(dbDir.resolve("shop"));
        SyntheticDatabase.generate(Domains.ALL.get(0), 1).write(dbDir.resolve("shop/shop.sqlite"));
        Path questions = dir.resolve("dev.json");
        Files.writeString(questions, """
                [{"db_id": "shop", "question": "How many customers?", "query": "SELECT count(*) FROM customers"},
                 {"db_id": "shop", "question": "Cities?", "query": "SELECT city FROM customers UNION SELECT category FROM products"}]
                """);
        Path tables = dir.resolve("tables.json");
        Files.writeString(tables, "[{\"db_id\": \"shop\", \"table_names_original\": [\"customers\"]}]");
        List<Nl2SqlExample> ex = SpiderImport.read(questions, dbDir, tables);
        assertEquals(2, ex.size());
        assertEquals(dbDir.resolve("shop/shop.sqlite").toString(), ex.get(0).db());
        assertEquals("easy", ex.get(0).difficulty());
        // Gold queries run, so the evaluator can use them.
        Nl2SqlEvaluator.Report r = Nl2SqlEvaluator.evaluate(ex, Nl2SqlExample::sql);
        assertEquals(1.0, r.overall().executionAccuracy());

        Files.writeString(tables, "[{\"db_id\": \"other\"}]");
        assertThrows(DatasetException.class, () -> SpiderImport.read(questions, dbDir, tables));
        assertThrows(DatasetException.class, () -> SpiderImport.read(questions, dir.resolve("nowhere"), null));
    }

    @Test
    void readsSchemasFromTablesJson(@TempDir Path dir) throws Exception {
        Path tables = dir.resolve("tables.json");
        Files.writeString(tables, """
                [{"db_id": "shop",
                  "table_names_original": ["Customer", "sqlite_sequence", "Orders"],
                  "column_names_original": [[-1, "*"], [0, "id"], [0, "Name"], [1, "name"], [1, "seq"], [2, "id"], [2, "customer_id"], [2, "total"]],
                  "column_types": ["text", "number", "text", "text", "number", "number", "number", "number"],
                  "primary_keys": [1, [5, 6]],
                  "foreign_keys": [[6, 1]]}]
                """);
        Schema s = SpiderImport.schemas(tables).get("shop");
        assertEquals(List.of("Customer", "Orders"), s.tables().stream().map(Schema.Table::name).toList());
        Schema.Table orders = s.table("orders").orElseThrow();
        assertEquals(List.of("id", "customer_id", "total"), orders.columns().stream().map(Schema.Column::name).toList());
        assertEquals("number", orders.columns().get(2).type());
        assertEquals(List.of(true, true, false), orders.columns().stream().map(Schema.Column::primaryKey).toList());
        assertEquals(List.of(new Schema.ForeignKey("customer_id", "Customer", "id")), orders.foreignKeys());
        Files.writeString(tables, "[{\"db_id\": \"x\", \"table_names_original\": [\"t\"]}]");
        assertThrows(DatasetException.class, () -> SpiderImport.schemas(tables));
        // Strict: a misspelt key, an unknown type, an index out of range are errors that name them.
        String entry = "[{\"db_id\": \"x\", \"table_names_original\": [\"t\"], \"column_names_original\": [[-1, \"*\"], [0, \"a\"]], "
                + "\"column_types\": [\"text\", \"%s\"], \"primary_keys\": [%s], \"foreign_keys\": []%s}]";
        Files.writeString(tables, String.format(entry, "number", "1", ""));
        assertEquals(1, SpiderImport.schemas(tables).get("x").tables().size());
        Files.writeString(tables, String.format(entry, "number", "1", ", \"primary_key\": [1]"));
        assertTrue(assertThrows(DatasetException.class, () -> SpiderImport.schemas(tables)).getMessage().contains("unknown key \"primary_key\""));
        Files.writeString(tables, String.format(entry, "integer", "1", ""));
        assertTrue(assertThrows(DatasetException.class, () -> SpiderImport.schemas(tables)).getMessage().contains("column_types[1]"));
        Files.writeString(tables, String.format(entry, "number", "7", ""));
        assertTrue(assertThrows(DatasetException.class, () -> SpiderImport.schemas(tables)).getMessage().contains("primary_keys: 7"));
    }

    @Test
    void hardnessFollowsSpiderRules() {
        assertEquals("easy", SpiderImport.hardness("SELECT name FROM singer"));
        assertEquals("easy", SpiderImport.hardness("SELECT count(*) FROM singer WHERE age > 20"));
        assertEquals("medium", SpiderImport.hardness("SELECT name, age FROM singer WHERE age > 20"));
        assertEquals("medium", SpiderImport.hardness("SELECT T1.name FROM a AS T1 JOIN b AS T2 ON T1.id = T2.id WHERE T2.x = 1"));
        assertEquals("hard", SpiderImport.hardness("SELECT name FROM singer UNION SELECT name FROM actor"));
        assertEquals("extra", SpiderImport.hardness(
                "SELECT T1.name, count(*) FROM a AS T1 JOIN b AS T2 ON T1.id = T2.id WHERE T2.x = 1 GROUP BY T1.name ORDER BY count(*) DESC LIMIT 1"));
    }
}
