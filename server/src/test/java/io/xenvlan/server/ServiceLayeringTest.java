package io.xenvlan.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The REST edge stays thin: handlers reach implementations only through what the wiring hands them; the product needs no simulator. */
class ServiceLayeringTest {
    private static final JavaClasses SERVER = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.xenvlan.server");

    @Test
    void api_usesNoStoreOrXenApiImplementation() {
        noClasses().that().resideInAPackage("io.xenvlan.server.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.xenvlan.store..", "io.xenvlan.xenapi..", "io.xenvlan.netnode..")
                .check(SERVER);
    }

    @Test
    void authConfigAndMetrics_doNotDependOnTheApi() {
        noClasses().that().resideInAnyPackage("io.xenvlan.server.auth..", "io.xenvlan.server.config..", "io.xenvlan.server.metrics..",
                "io.xenvlan.server.compute..").should().dependOnClassesThat().resideInAPackage("io.xenvlan.server.api..")
                .check(SERVER);
    }

    @Test
    void theProduct_doesNotNeedThePoolSimulator() {
        // the demo and xenvlan sim (the lab module) wire the product to it; the product itself only talks XenAPI
        noClasses().that().resideInAPackage("io.xenvlan.server..").should().dependOnClassesThat().resideInAPackage("io.xenvlan.sim..")
                .check(SERVER);
    }

    @Test
    void apiAndCli_doNotDependOnEachOther() {
        noClasses().that().resideInAPackage("io.xenvlan.server.api..")
                .should().dependOnClassesThat().resideInAPackage("io.xenvlan.server.cli..").check(SERVER);
        noClasses().that().resideInAPackage("io.xenvlan.server.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.xenvlan.server.api..").check(SERVER);
    }

    @Test
    void render_dependsOnNeitherEdge() {
        noClasses().that().resideInAPackage("io.xenvlan.server.render..")
                .should().dependOnClassesThat().resideInAnyPackage("io.xenvlan.server.api..", "io.xenvlan.server.cli..",
                        "io.xenvlan.server.client..", "io.javalin..", "picocli..")
                .check(SERVER);
    }

    @Test
    void requestBodies_dependOnNeitherEdge() {
        noClasses().that().resideInAPackage("io.xenvlan.server.body..")
                .should().dependOnClassesThat().resideInAnyPackage("io.xenvlan.server.api..", "io.xenvlan.server.cli..",
                        "io.xenvlan.server.client..", "io.xenvlan.server.local..", "io.javalin..", "picocli..")
                .check(SERVER);
    }

    @Test
    void api_runsNoSqlOfItsOwnButTheHealthProbe() {
        noClasses().that().resideInAPackage("io.xenvlan.server.api..").and().doNotHaveSimpleName("HealthCheck")
                .should().dependOnClassesThat().resideInAPackage("java.sql..").check(SERVER);
    }
}
