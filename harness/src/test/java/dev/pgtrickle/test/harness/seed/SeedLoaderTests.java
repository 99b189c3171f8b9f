package dev.pgtrickle.test.harness.seed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.project.Relation;
import dev.pgtrickle.test.harness.server.BackendKind;
import dev.pgtrickle.test.harness.server.ProjectDatabase;
import dev.pgtrickle.test.harness.server.ServerSettings;
import dev.pgtrickle.test.harness.server.SharedServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("seed loading")
class SeedLoaderTests {

    private static ProjectDatabase database;
    private Connection connection;

    @TempDir
    Path folder;

    @BeforeAll
    static void createDatabase() {
        database = ProjectDatabase.create(
                SharedServers.acquire(ServerSettings.defaults().withBackend(BackendKind.EMBEDDED)),
                "SeedLoaderTests",
                ProjectDatabase.DEFAULT_TICK);
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void connect() throws SQLException {
        connection = database.connect();
    }

    @AfterEach
    void disconnect() throws SQLException {
        connection.close();
    }

    private Path csv(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static Relation table(String name) {
        return new Relation("seeds", name);
    }

    private List<List<String>> rows(String sql) throws SQLException {
        List<List<String>> result = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            int width = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= width; i++) {
                    row.add(rows.getString(i));
                }
                result.add(row);
            }
        }
        return result;
    }

    private Map<String, String> columnTypes(Relation relation) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<String> row : rows(("SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute"
                        + " WHERE attrelid = '%s'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum")
                .formatted(relation.quoted()))) {
            types.put(row.get(0), row.get(1));
        }
        return types;
    }

    @Test
    @DisplayName("infers integer, bigint, numeric, boolean, date, timestamp and text, and loads empty fields as NULL")
    void infersTypes() throws Exception {
        Path file = csv(
                "types.csv",
                """
                id,big,amount,paid,day,at,iso,name
                1,5000000000,12.50,true,2024-01-31,2024-01-31 10:00:00,2024-01-31T10:00:00,alice
                2,,3,FALSE,2024-02-29,2024-02-01 11:30:00,2024-02-01T11:30:00.5,
                """);
        SeedResult result = SeedLoader.load(connection, SeedSpec.of(table("types"), file), false);

        assertThat(result.action()).isEqualTo(SeedAction.CREATED);
        assertThat(result.rowCount()).isEqualTo(2);
        assertThat(columnTypes(table("types")))
                .containsExactly(
                        Map.entry("id", "integer"),
                        Map.entry("big", "bigint"),
                        Map.entry("amount", "numeric"),
                        Map.entry("paid", "boolean"),
                        Map.entry("day", "date"),
                        Map.entry("at", "timestamp without time zone"),
                        Map.entry("iso", "timestamp without time zone"),
                        Map.entry("name", "text"));
        assertThat(rows("SELECT id, big, amount, paid, day, name FROM seeds.types ORDER BY id"))
                .containsExactly(
                        List.of("1", "5000000000", "12.50", "t", "2024-01-31", "alice"),
                        Arrays.asList("2", null, "3", "f", "2024-02-29", null));
    }

    @Test
    @DisplayName(
            "'null' in any case, quoted or not, loads as NULL (agate's null values) and does not make a column text")
    void nullTextIsNullAsInDbt() throws Exception {
        Path file = csv("nulls.csv", "id,n,name\n1,null,NULL\n2,7,\"null\"\n3, Null ,nullable\n");
        SeedLoader.load(connection, SeedSpec.of(table("nulls"), file), false);

        assertThat(columnTypes(table("nulls")))
                .containsExactly(Map.entry("id", "integer"), Map.entry("n", "integer"), Map.entry("name", "text"));
        assertThat(rows("SELECT id, n, name FROM seeds.nulls ORDER BY id"))
                .containsExactly(
                        Arrays.asList("1", null, null),
                        Arrays.asList("2", "7", null),
                        Arrays.asList("3", null, "nullable"));
    }

    @Test
    @DisplayName("keeps quoted commas, doubled quotes and line breaks inside fields")
    void quotedFields() throws Exception {
        Path file = csv("quoted.csv", "id,note\n1,\"a, b\"\n2,\"she said \"\"hi\"\"\"\n3,\"two\nlines\"\n4,plain\n");
        SeedResult result = SeedLoader.load(connection, SeedSpec.of(table("quoted"), file), false);

        assertThat(result.rowCount()).isEqualTo(4);
        assertThat(rows("SELECT note FROM seeds.quoted ORDER BY id"))
                .containsExactly(List.of("a, b"), List.of("she said \"hi\""), List.of("two\nlines"), List.of("plain"));
    }

    @Test
    @DisplayName("reads CRLF line ends and a UTF-8 byte order mark")
    void crlfAndBom() throws Exception {
        Path file = csv("crlf.csv", "\uFEFFid,city\r\n1,Zürich\r\n2,Köln\r\n");
        SeedLoader.load(connection, SeedSpec.of(table("crlf"), file), false);

        assertThat(columnTypes(table("crlf"))).containsOnlyKeys("id", "city");
        assertThat(rows("SELECT id, city FROM seeds.crlf ORDER BY id"))
                .containsExactly(List.of("1", "Zürich"), List.of("2", "Köln"));
    }

    @Test
    @DisplayName("a ragged row is an error naming the file and line")
    void raggedRow() throws Exception {
        Path file = csv("ragged.csv", "a,b,c\n1,2,3\n4,5\n");

        assertThatThrownBy(() -> SeedLoader.load(connection, SeedSpec.of(table("ragged"), file), false))
                .isInstanceOf(SeedException.class)
                .hasMessageStartingWith(file + " line 3: 2 fields, but the header (line 1) has 3 columns")
                .satisfies(e -> assertThat(((SeedException) e).line()).hasValue(3));
        assertThat(rows("SELECT to_regclass('seeds.ragged')")).containsExactly(Collections.singletonList(null));
    }

    @Test
    @DisplayName("a header-only file creates an empty table with text columns")
    void headerOnly() throws Exception {
        Path file = csv("empty.csv", "id,name\n");
        SeedResult result = SeedLoader.load(connection, SeedSpec.of(table("header_only"), file), false);

        assertThat(result.rowCount()).isZero();
        assertThat(columnTypes(table("header_only")))
                .containsExactly(Map.entry("id", "text"), Map.entry("name", "text"));
        assertThat(rows("SELECT count(*) FROM seeds.header_only")).containsExactly(List.of("0"));
    }

    @Test
    @DisplayName("bytes that are not UTF-8 are an error naming the file, line and byte offset")
    void notUtf8() throws Exception {
        Path file = folder.resolve("latin1.csv");
        Files.write(file, "id,city\n1,K\u00f6ln\n".getBytes(StandardCharsets.ISO_8859_1));

        assertThatThrownBy(() -> SeedLoader.load(connection, SeedSpec.of(table("latin1"), file), false))
                .isInstanceOf(SeedException.class)
                .hasMessage(file + " line 2: byte 0xF6 at byte offset 11 is not valid UTF-8; save the file as UTF-8"
                        + " (dbt reads seeds as UTF-8)");
    }

    @Test
    @DisplayName("an unclosed quote is an error naming the line where the field starts")
    void unclosedQuote() throws Exception {
        Path file = csv("unclosed.csv", "id,note\n1,ok\n2,\"never\nclosed\n");

        assertThatThrownBy(() -> SeedLoader.load(connection, SeedSpec.of(table("unclosed"), file), false))
                .hasMessageStartingWith(file + " line 3: a quoted field starts here but its closing quote is missing");
    }

    @Test
    @DisplayName("column_types keeps leading zeros in a column declared text")
    void leadingZerosWithColumnTypes() throws Exception {
        Path file = csv("zips.csv", "zip,n\n01234,007\n00501,010\n");
        SeedLoader.load(
                connection,
                SeedSpec.of(table("zips"), file).withColumnTypes(Map.of("zip", "text", "n", "varchar(5)")),
                false);
        SeedResult inferred = SeedLoader.load(connection, SeedSpec.of(table("zips_inferred"), file), false);

        assertThat(rows("SELECT zip, n FROM seeds.zips ORDER BY zip"))
                .containsExactly(List.of("00501", "010"), List.of("01234", "007"));
        assertThat(columnTypes(table("zips"))).containsEntry("n", "character varying(5)");
        assertThat(inferred.columns()).extracting(SeedColumn::type).containsExactly("integer", "integer");
        assertThat(rows("SELECT zip FROM seeds.zips_inferred ORDER BY zip"))
                .containsExactly(List.of("501"), List.of("1234"));
    }

    @Test
    @DisplayName("column_types naming a column that is not in the header is an error listing the header")
    void unknownColumnType() throws Exception {
        Path file = csv("typo.csv", "id,name\n1,a\n");

        assertThatThrownBy(() -> SeedLoader.load(
                        connection, SeedSpec.of(table("typo"), file).withColumnTypes(Map.of("Name", "text")), false))
                .hasMessage(file + ": column_types names [Name], not in the header [id, name]; names are matched"
                        + " exactly as the header writes them");
    }

    @Test
    @DisplayName("a value the declared type rejects is an error naming the file line of the row")
    void rejectedValueNamesFileLine() throws Exception {
        Path file = csv("bad.csv", "id,n\n1,\"multi\nline\"\n2,x\n");

        assertThatThrownBy(() -> SeedLoader.load(
                        connection,
                        SeedSpec.of(table("bad"), file).withColumnTypes(Map.of("id", "integer", "n", "int")),
                        false))
                .isInstanceOf(SeedException.class)
                .hasMessageStartingWith(
                        file + " line 2: loading into seeds.bad failed: invalid input syntax for type integer")
                .hasMessageContaining("declare the column's type in column_types");
        assertThat(rows("SELECT to_regclass('seeds.bad')")).containsExactly(Collections.singletonList(null));
    }

    @Test
    @DisplayName(
            "quote_columns (dbt's PostgreSQL default) keeps the header's case and spaces; false folds to lower case")
    void quoteColumns() throws Exception {
        Path file = csv("names.csv", "Order Id,Amount\n1,2\n");
        SeedLoader.load(connection, SeedSpec.of(table("quoted_names"), file), false);
        Path plain = csv("plain.csv", "OrderId,Amount\n1,2\n");
        SeedLoader.load(connection, SeedSpec.of(table("folded_names"), plain).withQuoteColumns(false), false);

        assertThat(SeedSpec.of(table("x"), file).quoteColumns()).isTrue();
        assertThat(columnTypes(table("quoted_names"))).containsOnlyKeys("Order Id", "Amount");
        assertThat(columnTypes(table("folded_names"))).containsOnlyKeys("orderid", "amount");
    }

    @Test
    @DisplayName("a custom delimiter separates fields")
    void delimiter() throws Exception {
        Path file = csv("semi.csv", "id;price\n1;\"2;5\"\n");
        SeedLoader.load(
                connection,
                SeedSpec.of(table("semi"), file).withDelimiter(';').withColumnTypes(Map.of("price", "text")),
                false);

        assertThat(rows("SELECT id, price FROM seeds.semi")).containsExactly(List.of("1", "2;5"));
        assertThat(SeedSpec.of(table("semi"), file).withDelimiter("|").delimiter())
                .isEqualTo('|');
        assertThatThrownBy(() -> SeedSpec.of(table("semi"), file).withDelimiter(";;"))
                .hasMessage(
                        "seed " + file + ": delimiter ';;' must be exactly one character, such as ',' or ';' or '\\t'");
        assertThatThrownBy(() -> SeedSpec.of(table("semi"), file).withDelimiter('"'))
                .hasMessageContaining("cannot separate fields");
    }

    @Test
    @DisplayName("without full refresh a second load truncates and reloads; with it the table is recreated")
    void reloadAndFullRefresh() throws Exception {
        Relation relation = table("reload");
        Path file = csv("reload.csv", "id\n1\n2\n");
        SeedLoader.load(connection, SeedSpec.of(relation, file), false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("COMMENT ON TABLE seeds.reload IS 'marker'");
        }
        csv("reload.csv", "id\n3\n");

        SeedResult reloaded = SeedLoader.load(connection, SeedSpec.of(relation, file), false);
        assertThat(reloaded.action()).isEqualTo(SeedAction.RELOADED);
        assertThat(rows("SELECT id, obj_description('seeds.reload'::regclass) FROM seeds.reload"))
                .containsExactly(List.of("3", "marker"));

        SeedResult recreated = SeedLoader.load(connection, SeedSpec.of(relation, file), true);
        assertThat(recreated.action()).isEqualTo(SeedAction.RECREATED);
        assertThat(rows("SELECT id, obj_description('seeds.reload'::regclass) FROM seeds.reload"))
                .containsExactly(Arrays.asList("3", null));
    }

    @Test
    @DisplayName("changed columns without full refresh are an error asking for full refresh, and the data stays")
    void changedColumnsNeedFullRefresh() throws Exception {
        Relation relation = table("changing");
        Path file = csv("changing.csv", "id,name\n1,a\n");
        SeedLoader.load(connection, SeedSpec.of(relation, file), false);
        csv("changing.csv", "id,name,email\n2,b,b@example.com\n");

        assertThatThrownBy(() -> SeedLoader.load(connection, SeedSpec.of(relation, file), false))
                .hasMessage(
                        file + ": table seeds.changing has columns [id, name] but the file now has [id, name, email];"
                                + " run with full refresh (dbt seed --full-refresh) to drop and recreate it");
        assertThat(rows("SELECT id FROM seeds.changing")).containsExactly(List.of("1"));

        assertThat(SeedLoader.load(connection, SeedSpec.of(relation, file), true)
                        .action())
                .isEqualTo(SeedAction.RECREATED);
        assertThat(columnTypes(relation)).containsOnlyKeys("id", "name", "email");
    }

    @Test
    @DisplayName("refuses to seed over a view, as dbt does")
    void refusesView() throws Exception {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS seeds");
            statement.execute("CREATE VIEW seeds.a_view AS SELECT 1 AS id");
        }
        Path file = csv("view.csv", "id\n1\n");

        assertThatThrownBy(() -> SeedLoader.load(connection, SeedSpec.of(table("a_view"), file), true))
                .hasMessageContaining("cannot seed to seeds.a_view: it exists and is not a table");
        assertThat(rows("SELECT count(*) FROM seeds.a_view")).containsExactly(List.of("1"));
    }

    @Test
    @DisplayName("an empty file and a header with a blank or repeated name are errors")
    void badHeaders() throws Exception {
        Path empty = csv("nothing.csv", "");
        Path blank = csv("blank.csv", "id,,x\n");
        Path twice = csv("twice.csv", "id,id\n");

        assertThatThrownBy(() -> SeedLoader.load(connection, SeedSpec.of(table("nothing"), empty), false))
                .hasMessage(empty + ": the file is empty; a seed needs at least a header line naming its columns");
        assertThatThrownBy(() -> SeedLoader.load(connection, SeedSpec.of(table("blank"), blank), false))
                .hasMessage(blank + " line 1: column 2 of the header has no name; every column needs a name");
        assertThatThrownBy(() -> SeedLoader.load(connection, SeedSpec.of(table("twice"), twice), false))
                .hasMessage(twice + " line 1: column 'id' appears twice in the header [id, id]; rename one");
    }

    @Test
    @DisplayName("loads with COPY, not INSERT: a trigger sees COPY as the statement that wrote the rows")
    void usesCopy() throws Exception {
        Relation relation = table("copied");
        Path file = csv("copied.csv", "id\n1\n2\n3\n");
        SeedLoader.load(connection, SeedSpec.of(relation, file), false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE seeds.statement_log (query text)");
            statement.execute("CREATE FUNCTION seeds.log_statement() RETURNS trigger LANGUAGE plpgsql AS"
                    + " $$BEGIN INSERT INTO seeds.statement_log VALUES (current_query()); RETURN NULL; END$$");
            statement.execute("CREATE TRIGGER log_writes AFTER INSERT ON seeds.copied"
                    + " FOR EACH STATEMENT EXECUTE FUNCTION seeds.log_statement()");
        }

        SeedLoader.load(connection, SeedSpec.of(relation, file), false);

        assertThat(rows("SELECT query FROM seeds.statement_log"))
                .singleElement()
                .satisfies(row -> assertThat(row.get(0)).startsWith("COPY \"seeds\".\"copied\" (\"id\") FROM STDIN"));
        assertThat(rows("SELECT count(*) FROM seeds.copied")).containsExactly(List.of("3"));
    }

    @Test
    @DisplayName("an ISO timestamp with an offset is typed timestamp, and the offset is dropped as dbt's type drops it")
    void timestampWithOffset() throws Exception {
        Path file = csv("offset.csv", "at\n2024-01-31T10:00:00+02:00\n2024-02-01T08:30:00Z\n");
        SeedResult result = SeedLoader.load(connection, SeedSpec.of(table("offset_ts"), file), false);

        assertThat(result.columns()).containsExactly(new SeedColumn("at", "timestamp", false));
        assertThat(rows("SELECT at::text FROM seeds.offset_ts ORDER BY at"))
                .containsExactly(List.of("2024-01-31 10:00:00"), List.of("2024-02-01 08:30:00"));
    }

    @Test
    @DisplayName("a type in column_types that PostgreSQL does not know is an error naming the file and the table")
    void unknownDeclaredType() throws Exception {
        Path file = csv("declared.csv", "id\n1\n");

        assertThatThrownBy(() -> SeedLoader.load(
                        connection,
                        SeedSpec.of(table("declared"), file).withColumnTypes(Map.of("id", "no_such_type")),
                        false))
                .isInstanceOf(SeedException.class)
                .hasMessage(
                        file + ": cannot create seeds.declared: type \"no_such_type\" does not exist"
                                + " (CREATE TABLE \"seeds\".\"declared\" (\"id\" no_such_type)); check the types in column_types");
    }

    @Test
    @DisplayName(
            "what COPY would read differently from dbt is rewritten: \"\" as NULL, blank lines, a quote or CR inside a"
                    + " plain field, a record reading \\., mixed line ends")
    void recordsCopyWouldMisread() throws Exception {
        Path file =
                csv("tricky.csv", "id,note\n1,\"\"\n\n2,ab\"c\r\n3,x\ry\n\\.,\n5,\"she said \"\"hi\"\"\"\n6,\"a\nb\"");
        Path single = csv("marker.csv", "note\nfirst\n\\.\nlast\n");

        SeedResult result = SeedLoader.load(
                connection, SeedSpec.of(table("tricky"), file).withColumnTypes(Map.of("id", "text")), false);
        SeedLoader.load(connection, SeedSpec.of(table("marker"), single), false);

        assertThat(result.rowCount()).isEqualTo(6);
        assertThat(rows("SELECT id, note FROM seeds.tricky"))
                .containsExactlyInAnyOrder(
                        Arrays.asList("1", null),
                        List.of("2", "ab\"c"),
                        List.of("3", "x\ry"),
                        Arrays.asList("\\.", null),
                        List.of("5", "she said \"hi\""),
                        List.of("6", "a\nb"));
        assertThat(rows("SELECT note FROM seeds.marker ORDER BY note"))
                .containsExactly(List.of("\\."), List.of("first"), List.of("last"));
    }

    @Test
    @DisplayName("a tab, a single quote or a character of several UTF-8 bytes can be the delimiter")
    void unusualDelimiters() throws Exception {
        Path tabs = csv("tabs.csv", "id\tname\n1\ta,b\n");
        Path quotes = csv("quotes.csv", "id'name\n1'it\"s\n");
        Path sections = csv("sections.csv", "id\u00a7name\n1\u00a7\"x\u00a7y\"\n2\u00a7\n");

        SeedLoader.load(connection, SeedSpec.of(table("tabs"), tabs).withDelimiter('\t'), false);
        SeedLoader.load(connection, SeedSpec.of(table("quotes"), quotes).withDelimiter('\''), false);
        SeedLoader.load(connection, SeedSpec.of(table("sections"), sections).withDelimiter('\u00a7'), false);

        assertThat(rows("SELECT id, name FROM seeds.tabs")).containsExactly(List.of("1", "a,b"));
        assertThat(rows("SELECT id, name FROM seeds.quotes")).containsExactly(List.of("1", "it\"s"));
        assertThat(rows("SELECT id, name FROM seeds.sections ORDER BY id"))
                .containsExactly(List.of("1", "x\u00a7y"), Arrays.asList("2", null));
    }

    @Test
    @DisplayName("streams a file larger than the read buffer, a record larger than it, and finds a bad value's line")
    void largeFile() throws Exception {
        StringBuilder text = new StringBuilder("id,amount,day,note\n");
        int rows = 40_000;
        for (int i = 1; i <= rows; i++) {
            text.append(i)
                    .append(',')
                    .append(i)
                    .append(".25,2024-01-")
                    .append(10 + i % 19)
                    .append(',');
            text.append(i == 20_000 ? "\"" + "é\n".repeat(700_000) + "\"" : "note " + i)
                    .append('\n');
        }
        Path file = csv("large.csv", text.toString());
        Path bad = csv("large_bad.csv", text.toString().replace("\n39999,39999.25", "\n39999,oops"));

        SeedResult result = SeedLoader.load(connection, SeedSpec.of(table("large"), file), false);

        assertThat(result.rowCount()).isEqualTo(rows);
        assertThat(result.columns()).extracting(SeedColumn::type).containsExactly("integer", "numeric", "date", "text");
        assertThat(rows("SELECT count(*), sum(amount), max(length(note)) FROM seeds.large"))
                .containsExactly(List.of(String.valueOf(rows), "800030000.00", "1400000"));
        long badLine = 1 + 39_999 + 700_000;
        assertThatThrownBy(() -> SeedLoader.load(
                        connection,
                        SeedSpec.of(table("large_bad"), bad).withColumnTypes(Map.of("amount", "numeric")),
                        false))
                .hasMessageStartingWith(bad + " line " + badLine + ": loading into seeds.large_bad failed:"
                        + " invalid input syntax for type numeric: \"oops\"");
    }

    @Test
    @DisplayName("a long file's types come from all values even when its first rows suggest others; errors past them"
            + " leave nothing behind")
    void typesGuessedFromTheFirstRowsAreCheckedAgainstAll() throws Exception {
        long rows = SeedLoader.GUESS_ROWS + 500;
        StringBuilder text = new StringBuilder("id,code,late,back\n");
        for (long i = 1; i <= rows; i++) {
            boolean last = i == rows;
            text.append(i).append(',').append(last ? "x7" : String.valueOf(i)).append(',');
            text.append(i > SeedLoader.GUESS_ROWS ? "5" : "").append(',');
            text.append(i == rows - 1 ? "7" : last ? "seven" : "").append('\n');
        }
        Path file = csv("guess.csv", text.toString());
        Relation relation = table("guess");

        SeedResult created = SeedLoader.load(connection, SeedSpec.of(relation, file), false);
        SeedResult reloaded = SeedLoader.load(connection, SeedSpec.of(relation, file), false);

        assertThat(created.columns())
                .extracting(SeedColumn::type)
                .containsExactly("integer", "text", "integer", "text");
        assertThat(reloaded.action()).isEqualTo(SeedAction.RELOADED);
        assertThat(reloaded.rowCount()).isEqualTo(rows);
        assertThat(
                        rows(
                                "SELECT count(*), count(late), max(code COLLATE \"C\"), string_agg(back, ',') FROM seeds.guess"))
                .containsExactly(List.of(String.valueOf(rows), "500", "x7", "7,seven"));

        Path ragged = csv("ragged_late.csv", text + "1,2\n");
        assertThatThrownBy(() -> SeedLoader.load(connection, SeedSpec.of(table("ragged_late"), ragged), false))
                .hasMessageStartingWith(ragged + " line " + (rows + 2) + ": 2 fields, but the header (line 1) has 4");
        assertThat(rows("SELECT to_regclass('seeds.ragged_late')")).containsExactly(Collections.singletonList(null));
    }
}
