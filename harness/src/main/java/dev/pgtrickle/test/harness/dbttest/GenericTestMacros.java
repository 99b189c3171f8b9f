package dev.pgtrickle.test.harness.dbttest;

import dev.pgtrickle.test.harness.project.DbtPackage;
import dev.pgtrickle.test.harness.project.MacroFile;
import dev.pgtrickle.test.harness.render.TopLevelCommas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's custom generic tests: the {@code {% test %}} blocks of the macro files the project loader read (macro
 * paths and {@code tests/generic/}). Their parameters are read here so that a missing or undeclared argument is an
 * error naming both files, which calling the macro through jinjava would not report.
 */
final class GenericTestMacros {

    private static final Pattern TEST_BLOCK = Pattern.compile(
            "\\{%-?\\s*test\\s+(\\w+)\\s*\\((.*?)\\)\\s*-?%}(.*?)\\{%-?\\s*endtest\\s*-?%}", Pattern.DOTALL);

    /** The older way to write a generic test, still valid in dbt: a macro called {@code test_<name>}. */
    private static final Pattern TEST_MACRO = Pattern.compile(
            "\\{%-?\\s*macro\\s+test_(\\w+)\\s*\\((.*?)\\)\\s*-?%}(.*?)\\{%-?\\s*endmacro\\s*-?%}", Pattern.DOTALL);

    private GenericTestMacros() {}

    /**
     * The {@code {% test %}} blocks of the project's {@code files} by name, and of each package's macros by {@code
     * <package>.<name>}, so that {@code dbt_utils.equality} never resolves to a project test called {@code equality}.
     */
    static Map<String, GenericTestMacro> of(List<MacroFile> files, List<DbtPackage> packages) {
        Map<String, GenericTestMacro> macros = new LinkedHashMap<>(of(files));
        for (DbtPackage dbtPackage : packages) {
            of(dbtPackage.macros()).forEach((name, macro) -> macros.put(dbtPackage.name() + "." + name, macro));
        }
        return macros;
    }

    /** The {@code {% test %}} blocks of {@code files} by name. */
    static Map<String, GenericTestMacro> of(List<MacroFile> files) {
        Map<String, GenericTestMacro> macros = new LinkedHashMap<>();
        for (MacroFile file : files) {
            for (Pattern form : List.of(TEST_BLOCK, TEST_MACRO)) {
                Matcher block = form.matcher(file.content());
                while (block.find()) {
                    GenericTestMacro macro = new GenericTestMacro(
                            block.group(1), parameters(block.group(2)), block.group(3), file.file());
                    GenericTestMacro previous = macros.put(macro.name(), macro);
                    if (previous != null) {
                        throw new DbtTestDefinitionException(
                                "generic test '%s' is defined twice: in %s and in %s; rename one"
                                        .formatted(macro.name(), previous.file(), file.file()));
                    }
                }
            }
        }
        return macros;
    }

    private static List<GenericTestMacro.Parameter> parameters(String declaration) {
        List<GenericTestMacro.Parameter> parameters = new ArrayList<>();
        for (String part : TopLevelCommas.split(declaration)) {
            if (part.isBlank()) {
                continue;
            }
            int equals = part.indexOf('=');
            parameters.add(
                    equals < 0
                            ? new GenericTestMacro.Parameter(part.strip(), Optional.empty())
                            : new GenericTestMacro.Parameter(
                                    part.substring(0, equals).strip(),
                                    Optional.of(part.substring(equals + 1).strip())));
        }
        return parameters;
    }

    /** Split on commas that are not inside brackets or quotes. */
}
