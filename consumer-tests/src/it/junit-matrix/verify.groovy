// Runs after the three builds of invoker.properties: each ran the @PgTrickleProject class and the dbt engine's
// project, and resolved PostgreSQL 18 binaries only (the enforcer already fails a build that resolves another version;
// the recorded trees make the outcome visible).
def target = new File(basedir, 'target')

// The counts on the <testsuite> element of a Surefire report.
def counts(File report) {
    def suite = (report.text =~ /<testsuite [^>]*>/)[0]
    ['tests', 'failures', 'errors'].collectEntries { name ->
        [(name): ((suite =~ /\b${name}="(\d+)"/)[0][1]) as int]
    }
}

['5.10.3', '5.12.2', '6.1.3'].each { junit ->
    def reports = new File(target, "surefire-reports-junit-${junit}")
    def jupiter = new File(reports, 'TEST-com.example.orders.OrderTotalsTests.xml')
    def dbt = new File(reports, 'TEST-dbt.order_totals.xml')
    assert jupiter.isFile() : "JUnit ${junit}: the @PgTrickleProject class did not run (${jupiter} missing)"
    assert dbt.isFile() : "JUnit ${junit}: the pgtrickle-dbt engine did not run the dbt project (${dbt} missing)"
    assert counts(jupiter) == [tests: 3, failures: 0, errors: 0] : "JUnit ${junit}: ${counts(jupiter)} in ${jupiter}"
    assert counts(dbt) == [tests: 8, failures: 0, errors: 0] : "JUnit ${junit}: ${counts(dbt)} in ${dbt}"
    def tree = new File(target, "dependency-tree-junit-${junit}.txt").text
    def binaries = tree.readLines().findAll { it.contains('io.zonky.test.postgres:') }
    assert !binaries.isEmpty() : "JUnit ${junit}: no PostgreSQL binaries resolved"
    assert binaries.every { it =~ /:18\.\d+\.\d+:/ } : "JUnit ${junit}: non-18 PostgreSQL binaries: ${binaries}"
    assert tree.contains("org.junit.jupiter:junit-jupiter:jar:${junit}:test")
}
// The maven-plugin profile of the last build: the plugin's build goal ran the dbt project with no Java code.
def pluginReport = new File(target, 'pgtrickle-test/TEST-pgtrickle-dbt.xml')
assert pluginReport.isFile() : "the Maven plugin's build goal wrote no report (${pluginReport} missing)"
assert counts(pluginReport) == [tests: 8, failures: 0, errors: 0] : "Maven plugin: ${counts(pluginReport)} in ${pluginReport}"
return true
