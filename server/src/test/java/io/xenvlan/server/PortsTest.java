package io.xenvlan.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * core's ports ({@code io.xenvlan.core.port}) are the only seam between core and its adapters: they
 * hold contracts only, core never reaches an adapter, and an adapter implements no core interface
 * but a port.
 */
class PortsTest {
    private static final String[] ADAPTERS = {"io.xenvlan.store..", "io.xenvlan.xenapi..", "io.xenvlan.netnode.."};
    private static final JavaClasses PRODUCT = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.xenvlan.core", "io.xenvlan.store", "io.xenvlan.xenapi", "io.xenvlan.netnode");

    @Test
    void ports_areInterfacesAndRecordsOnly() {
        classes().that().resideInAPackage("io.xenvlan.core.port..")
                .should().beInterfaces().orShould().beRecords()
                .check(PRODUCT);
    }

    @Test
    void core_dependsOnNoAdapter() {
        noClasses().that().resideInAPackage("io.xenvlan.core..")
                .should().dependOnClassesThat().resideInAnyPackage(ADAPTERS)
                .check(PRODUCT);
    }

    @Test
    void adapters_implementPortsOnly() {
        DescribedPredicate<JavaClass> coreInterfaceOutsidePorts = DescribedPredicate.describe("an interface of core outside core.port",
                c -> c.isInterface() && c.getPackageName().startsWith("io.xenvlan.core.")
                        && !c.getPackageName().startsWith("io.xenvlan.core.port"));
        noClasses().that().resideInAnyPackage(ADAPTERS)
                .should().implement(coreInterfaceOutsidePorts)
                .check(PRODUCT);
    }

    @Test
    void adapters_implementThePorts() {
        classes().that().haveNameMatching("io\\.xenvlan\\.(store\\.Jdbc(Floating|Guest|Pool)?Store"
                        + "|xenapi\\.compute\\.(XenApiHypervisorNetworking|XenApiPoolMachines|PoolLogin)|netnode\\.DnsmasqNetworkNode)")
                .should().implement(DescribedPredicate.describe("a port of core", c -> c.getPackageName().equals("io.xenvlan.core.port")))
                .check(PRODUCT);
    }
}
