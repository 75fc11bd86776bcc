package io.xenvlan.xenapi;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The client knows nothing of xenvlan's domain beyond the error root; the driver never reaches the wire itself. */
class XenApiLayersTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.xenvlan.xenapi");

    @Test
    void client_dependsOnNoOtherXenvlanPackageButErrors() {
        noClasses().that().resideInAPackage("io.xenvlan.xenapi.client..")
                .should().dependOnClassesThat().resideInAnyPackage("io.xenvlan.xenapi.compute..", "io.xenvlan.core.hypervisor..",
                        "io.xenvlan.core.network..", "io.xenvlan.core.manager..", "io.xenvlan.core.port..")
                .check(CLASSES);
    }

    @Test
    void compute_usesTheClientsPublicApiNotItsWire() {
        noClasses().that().resideInAPackage("io.xenvlan.xenapi.compute..")
                .should().dependOnClassesThat().haveNameMatching("java\\.net\\.http\\..*|com\\.fasterxml\\.jackson\\..*")
                .check(CLASSES);
    }
}
