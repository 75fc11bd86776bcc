package io.xenvlan.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Public only what another package uses: a public top-level class of the product must be used from
 * another package, by main or test code of any module. It lives in bench because bench is the last
 * module of the reactor, so every module's classes and test classes are compiled when it runs; it reads
 * them from their target directories (a module's jar on this classpath would leave out other modules'
 * tests, which count as users too).
 */
class PublicTypesTest {
    private static final List<String> MODULES = List.of("core", "store", "xenapi", "netnode", "sim", "server", "lab", "bench");

    /** Public although bytecode shows no use from another package, each for the reason given. */
    private static final Map<String, String> PUBLIC_FOR_A_REASON = Map.of(
            "io.xenvlan.server.LogSetup", "Logback instantiates it through ServiceLoader (META-INF/services)",
            "io.xenvlan.server.api.NodeHandover", "only the target of a method reference in io.xenvlan.server.ServiceWiring",
            "io.xenvlan.lab.demo.VmCheck", "only a type argument of a local variable in io.xenvlan.lab.cli.DemoCommand",
            "io.xenvlan.lab.demo.FloatingCheck", "only a type argument of a local variable in io.xenvlan.lab.cli.DemoCommand");

    private static final JavaClasses ALL = new ClassFileImporter().importPaths(targetDirectories());
    private static final Map<JavaClass, List<JavaClass>> NESTED = ALL.stream().filter(c -> c.getEnclosingClass().isPresent())
            .collect(Collectors.groupingBy(c -> c.getEnclosingClass().get()));

    @Test
    void publicTopLevelClasses_areUsedFromAnotherPackage() {
        classes().that(areProductClasses()).and().arePublic().and().areTopLevelClasses()
                .and(DescribedPredicate.not(haveAMainMethod()))
                .and(DescribedPredicate.describe("not public for a reason given here", c -> !PUBLIC_FOR_A_REASON.containsKey(c.getName())))
                .should(beUsedFromAnotherPackage())
                .check(ALL);
    }

    @Test
    void theReasonsStillHold() {
        // a listed class that became package-private or went away leaves a stale reason behind
        PUBLIC_FOR_A_REASON.keySet().forEach(name -> assertThat(ALL.contain(name) && ALL.get(name).getModifiers().contains(JavaModifier.PUBLIC))
                .as("%s is listed as public for a reason", name).isTrue());
    }

    private static DescribedPredicate<JavaClass> areProductClasses() {
        return DescribedPredicate.describe("are product classes", c -> c.getPackageName().startsWith("io.xenvlan")
                && !c.getSimpleName().equals("package-info") && location(c).contains("/target/classes/"));
    }

    private static DescribedPredicate<JavaClass> haveAMainMethod() {
        return DescribedPredicate.describe("have a main method (a launcher names them)", c -> c.getMethods().stream()
                .anyMatch(m -> m.getName().equals("main") && m.getModifiers().containsAll(List.of(JavaModifier.PUBLIC, JavaModifier.STATIC))));
    }

    private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
        return new ArchCondition<>("be used from another package") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean used = withNestedClasses(type).flatMap(c -> c.getDirectDependenciesToSelf().stream())
                        .anyMatch(d -> !d.getOriginClass().getPackageName().equals(type.getPackageName()));
                if (!used) {
                    events.add(SimpleConditionEvent.violated(type, type.getName() + " is public, but no other package uses it: make it package-private"));
                }
            }
        };
    }

    private static Stream<JavaClass> withNestedClasses(JavaClass type) {
        Stream.Builder<JavaClass> all = Stream.builder();
        Deque<JavaClass> todo = new ArrayDeque<>(List.of(type));
        while (!todo.isEmpty()) {
            JavaClass c = todo.pop();
            all.add(c);
            todo.addAll(NESTED.getOrDefault(c, List.of()));
        }
        return all.build();
    }

    private static String location(JavaClass c) {
        return c.getSource().map(s -> s.getUri().toString()).orElse("");
    }

    private static List<Path> targetDirectories() {
        Path root = Optional.of(Path.of("").toAbsolutePath()).filter(p -> p.getFileName().toString().equals("bench"))
                .map(Path::getParent).orElse(Path.of("").toAbsolutePath());
        List<Path> directories = MODULES.stream().flatMap(m -> Stream.of(root.resolve(m).resolve("target/classes"),
                root.resolve(m).resolve("target/test-classes"))).toList();
        directories.stream().filter(d -> d.toString().endsWith("/classes")).forEach(d -> {
            if (!Files.isDirectory(d)) {
                throw new IllegalStateException(d + " is missing: build the whole reactor (mvn verify from the root) before this test");
            }
        });
        return directories.stream().filter(Files::isDirectory).toList();
    }
}
