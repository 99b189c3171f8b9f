package dev.pgtrickle.test.harness.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness's shape, checked on its bytecode (so fully qualified names count as much as imports): it never uses
 * JUnit, AssertJ, the extension or the command line, its packages form no cycle, and its {@code db} ground floor uses
 * no other harness package. The last test runs the same rules over a deliberately broken fixture to prove they can
 * fail.
 */
class HarnessArchitectureTests {

    private static final String HARNESS = "dev.pgtrickle.test.harness";

    private static final String FIXTURE = HARNESS + ".architecture.fixture";

    private static JavaClasses harnessMain;

    @BeforeAll
    static void importHarnessMainClasses() {
        harnessMain = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(HARNESS);
    }

    @Test
    void harnessUsesNoTestLibraryAndNoFrontEnd() {
        staysBelowTheFrontEnds(HARNESS).check(harnessMain);
    }

    @Test
    void harnessPackagesFormNoCycle() {
        packagesFormNoCycle(HARNESS).check(harnessMain);
    }

    @Test
    void dbIsTheGroundFloor() {
        noClasses()
                .that()
                .resideInAPackage(HARNESS + ".db..")
                .should()
                .dependOnClassesThat(resideInAPackage(HARNESS + "..").and(resideOutsideOfPackage(HARNESS + ".db..")))
                .because("every harness package may use db, so db may use none of them")
                .check(harnessMain);
    }

    @Test
    void theRulesFailOnADeliberatelyBrokenFixture() {
        JavaClasses fixture = new ClassFileImporter().importPackages(FIXTURE);

        assertThatThrownBy(() -> packagesFormNoCycle(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Cycle detected")
                .hasMessageContaining("first")
                .hasMessageContaining("second");
        assertThatThrownBy(() -> staysBelowTheFrontEnds(FIXTURE).check(fixture))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("org.junit.jupiter.api.Assertions")
                .hasMessageContaining("org.assertj.core.api.Assertions")
                .hasMessageContaining(FIXTURE + ".cli.Command");
    }

    /** Classes under {@code root} use neither JUnit nor AssertJ nor the extension nor the command line. */
    private static ArchRule staysBelowTheFrontEnds(String root) {
        return noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .dependOnClassesThat(resideInAnyPackage(
                        "org.junit..", "org.assertj..", "dev.pgtrickle.test.junit..", "..assertj..", "..cli.."))
                .because(
                        "the harness is the JUnit-free engine that the extension, the assertions and the CLI build on");
    }

    /** The packages directly under {@code root} (with their subpackages) form no cycle. */
    private static ArchRule packagesFormNoCycle(String root) {
        return slices().matching(root + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a cycle makes two packages one, and the next change has to understand both");
    }
}
