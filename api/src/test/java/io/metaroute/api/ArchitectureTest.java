package io.metaroute.api;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency direction of DESIGN.md, checked on the compiled main classes of every module (test
 * classes are not imported: a module may test against the devnet).
 */
class ArchitectureTest {
    static final String[] MIDDLE = {"io.metaroute.quotefeeds..", "io.metaroute.solver..", "io.metaroute.execution..",
            "io.metaroute.settlement.."};
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
                        "io.metaroute.solver..", "io.metaroute.execution..", "io.metaroute.settlement..", "io.metaroute.devnet..",
                        "io.metaroute.pipeline..", "io.metaroute.contracts..")
                .check(classes);
    }

    @Test
    void coreUsesNoJsonLibraryNoLoggingAndNoFiles() {
        noClasses().that().resideInAPackage("io.metaroute.core..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..", "tools.jackson..", "org.slf4j..",
                        "java.nio.file..")
                .orShould().dependOnClassesThat(describe("java.io.File*",
                        (JavaClass c) -> c.getPackageName().equals("java.io") && c.getSimpleName().startsWith("File")))
                .check(classes);
    }

    @Test
    void noMiddleModuleNorThePipelineUsesTheDevnetOrTheContracts() {
        noClasses().that().resideInAnyPackage(java.util.stream.Stream.concat(java.util.Arrays.stream(MIDDLE),
                        java.util.stream.Stream.of("io.metaroute.pipeline..")).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage("io.metaroute.devnet..", "io.metaroute.contracts..")
                .check(classes);
    }

    @Test
    void thePipelineKnowsNoApiNoSpringNoDatabaseAndNoHttp() {
        noClasses().that().resideInAPackage("io.metaroute.pipeline..")
                .should().dependOnClassesThat().resideInAnyPackage("io.metaroute.api..", "org.springframework..", "io.r2dbc..",
                        "reactor.netty..", "io.netty..", "org.web3j.protocol..")
                .check(classes);
    }

    @Test
    void onlyTheApplicationUsesThePipeline() {
        noClasses().that().resideInAnyPackage(MIDDLE)
                .should().dependOnClassesThat().resideInAPackage("io.metaroute.pipeline..")
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
        String[] middle = MIDDLE;
        for (String module : middle) {
            var others = java.util.Arrays.stream(middle).filter(m -> !m.equals(module)).toArray(String[]::new);
            noClasses().that().resideInAPackage(module).should().dependOnClassesThat().resideInAnyPackage(others).check(classes);
        }
    }

    /**
     * The solver and settlement's logic are pure. Settlement's Metalayer guardians and relayer read
     * and write chains: web3j stays in their {@code infra} packages (as DESIGN.md's domain/infra split
     * asks); what they store in PostgreSQL goes through the R2DBC SPI in the {@code store} package
     * alone (no driver, no pool: the service hands them its connections); no framework reaches
     * settlement at all.
     */
    @Test
    void solverAndSettlementArePureLogic() {
        noClasses().that().resideInAnyPackage("io.metaroute.solver..", "io.metaroute.settlement..")
                .and().resideOutsideOfPackage("io.metaroute.settlement..infra..")
                .and().resideOutsideOfPackage("io.metaroute.settlement..store..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.r2dbc..", "org.web3j.protocol..",
                        "io.lettuce..", "io.netty..")
                .check(classes);
        noClasses().that().resideInAPackage("io.metaroute.settlement..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.lettuce..", "io.r2dbc.postgresql..",
                        "io.r2dbc.pool..")
                .check(classes);
        noClasses().that().resideInAPackage("io.metaroute.settlement..").and().resideOutsideOfPackage("io.metaroute.settlement..store..")
                .should().dependOnClassesThat().resideInAPackage("io.r2dbc..")
                .check(classes);
    }
}
