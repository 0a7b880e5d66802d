package io.metaroute.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency direction of DESIGN.md, checked on the compiled classes of every module. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.metaroute");
    }

    @Test
    void coreImportsNoFrameworkDatabaseOrNetworkCode() {
        noClasses().that().resideInAPackage("io.metaroute.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "io.r2dbc..", "reactor..", "io.lettuce..", "io.netty..",
                        "org.web3j.protocol..", "okhttp3..", "java.net.http..", "java.sql..")
                .check(classes);
    }

    @Test
    void coreKnowsNoOtherModule() {
        noClasses().that().resideInAPackage("io.metaroute.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.metaroute.api..", "io.metaroute.quotefeeds..",
                        "io.metaroute.solver..", "io.metaroute.execution..", "io.metaroute.settlement..", "io.metaroute.devnet..")
                .check(classes);
    }

    @Test
    void nothingImportsTheApi() {
        noClasses().that().resideOutsideOfPackage("io.metaroute.api..")
                .should().dependOnClassesThat().resideInAPackage("io.metaroute.api..")
                .check(classes);
    }

    @Test
    void theMiddleModulesDependOnlyOnCore() {
        String[] middle = {"io.metaroute.quotefeeds..", "io.metaroute.solver..", "io.metaroute.execution..", "io.metaroute.settlement.."};
        for (String module : middle) {
            var others = java.util.Arrays.stream(middle).filter(m -> !m.equals(module)).toArray(String[]::new);
            noClasses().that().resideInAPackage(module).should().dependOnClassesThat().resideInAnyPackage(others).check(classes);
        }
    }

    @Test
    void solverAndSettlementArePureLogic() {
        noClasses().that().resideInAnyPackage("io.metaroute.solver..", "io.metaroute.settlement..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.r2dbc..", "org.web3j.protocol..",
                        "io.lettuce..", "io.netty..")
                .check(classes);
    }
}
