package dev.pgtrickle.test.harness.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgtrickle.test.harness.project.ProjectException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins dbt's {@code modules.re} and {@code modules.datetime} as templates (and package macros) call them, and that a
 * module attribute pgtrickle-test does not provide is an error naming the line, never empty text.
 */
class PythonModulesTests {

    @TempDir
    Path dir;

    private String render(String template) {
        return TestProject.in(dir).render(template);
    }

    @Test
    void reSubInAPackageStyleMacroLikeSlugify() {
        TestProject project = TestProject.in(dir)
                .file(
                        "macros/slug.sql",
                        """
                        {% macro slug(string) %}
                        {% set string = string | lower %}
                        {% set string = modules.re.sub('[ -]+', '_', string) %}
                        {% set string = modules.re.sub('[^a-z0-9_]+', '', string) %}
                        {% set string = modules.re.sub('^[0-9]', '_' + string[0], string) %}
                        {{ return(string) }}
                        {% endmacro %}
                        """);
        assertThat(project.render("{{ slug('Hello World-2!') }}|{{ slug('1 Two') }}"))
                .isEqualTo("hello_world_2|_1_two");
    }

    @Test
    void reMatchSearchGroupsFindallSplitAndReplacementGroups() {
        assertThat(render("{{ modules.re.match('(\\\\w+)@(?P<host>\\\\w+)', 'ann@example x').group(2) }}"))
                .isEqualTo("example");
        assertThat(render("{{ modules.re.match('(?P<user>\\\\w+)@', 'ann@x').group('user') }}"))
                .isEqualTo("ann");
        assertThat(render("{{ modules.re.match('x', 'ax') is none }} {{ modules.re.search('x', 'ax') is none }}"))
                .isEqualTo("true false");
        assertThat(render("{{ modules.re.findall('[0-9]+', 'a1b22c333') | join(',') }}"))
                .isEqualTo("1,22,333");
        assertThat(render("{{ modules.re.split(',\\\\s*', 'a, b,c') | join('|') }}"))
                .isEqualTo("a|b|c");
        assertThat(render("{{ modules.re.sub('(\\\\w)(\\\\d)', '\\\\2\\\\1', 'a1 b2') }}"))
                .isEqualTo("1a 2b");
        assertThat(render("{{ modules.re.sub('a', '$', 'banana', 2) }}")).isEqualTo("b$n$na");
        assertThat(render("{{ modules.re.sub('A', 'x', 'banana', flags=modules.re.IGNORECASE) }}"))
                .isEqualTo("bxnxnx");
        assertThat(render("{% set p = modules.re.compile('n+') %}{{ p.sub('N', 'banana') }}"))
                .isEqualTo("baNaNa");
        assertThat(render("{{ modules.re.escape('a.b*c') }}")).isEqualTo("a\\.b\\*c");
    }

    @Test
    void datetimeNowStrftimeStrptimeAndTimedelta() {
        String today = LocalDate.now().format(DateTimeFormatter.ISO_LOCAL_DATE);
        assertThat(render("{{ modules.datetime.datetime.now().strftime('%Y-%m-%d') }}"))
                .isIn(today, LocalDate.now().format(DateTimeFormatter.ISO_LOCAL_DATE));
        assertThat(render("{{ modules.datetime.datetime.now().strftime('%H:%M:%S') }}"))
                .matches("\\d\\d:\\d\\d:\\d\\d");
        assertThat(render("{% set d = modules.datetime.datetime.strptime('2024-03-05 07:08:09', '%Y-%m-%d %H:%M:%S') %}"
                        + "{{ d }} {{ d.strftime('%d %b %Y, %A %I %p %j') }} {{ d.year }}"))
                .isEqualTo("2024-03-05 07:08:09 05 Mar 2024, Tuesday 07 AM 065 2024");
        assertThat(render("{% set d = modules.datetime.datetime.fromisoformat('2024-03-05T00:00:00') %}"
                        + "{{ d.plus(modules.datetime.timedelta(days=1, hours=2)).isoformat() }}"
                        + " {{ d.minus(modules.datetime.timedelta(weeks=1)).date() }}"))
                .isEqualTo("2024-03-06T02:00:00 2024-02-27");
        assertThat(render("{{ modules.datetime.timedelta(days=2, seconds=5) }}"))
                .isEqualTo("2 days, 0:00:05");
    }

    @Test
    void runStartedAtInvocationIdAndThreadId() {
        String rendered =
                render("{{ run_started_at }}|{{ run_started_at.strftime('%Y') }}|{{ invocation_id }}|{{ thread_id }}");
        String[] parts = rendered.split("\\|");
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        assertThat(parts[0]).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d{6})?\\+00:00");
        assertThat(parts[1]).isIn(String.valueOf(now.getYear()), String.valueOf(now.getYear() - 1));
        assertThat(parts[2]).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(parts[3]).isEqualTo("Thread-1");
    }

    @Test
    void anAttributeNotProvidedIsAnErrorNamingTheLineNeverEmptyText() {
        assertThatThrownBy(() -> render("select 1\n{{ modules.re.purge() }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("modules.re has no attribute 'purge'");
        assertThatThrownBy(() -> render("select 1\n{{ modules.pytz.utc }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("modules has no attribute 'pytz'");
        assertThatThrownBy(() -> render("{{ modules.datetime.datetime.now().strftime('%c') }}"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("%c is not supported");
    }

    @Test
    void anAttributeNotProvidedInsideAMacroIsAnErrorToo() {
        TestProject project = TestProject.in(dir)
                .file("macros/t.sql", "{% macro t() %}\n{{ return(modules.datetime.tzinfo) }}\n{% endmacro %}");
        assertThatThrownBy(() -> project.render("select '{{ t() }}'"))
                .isInstanceOf(ProjectException.class)
                .hasMessageContaining("modules.datetime has no attribute 'tzinfo'")
                .hasMessageContaining("t.sql:2");
    }
}
