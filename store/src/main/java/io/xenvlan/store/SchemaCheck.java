package io.xenvlan.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Whether a database already has the schema this build carries, so that opening a current store skips
 * Flyway, whose start-up (a class-path scan and several hundred classes) is most of what a short CLI
 * command would cost. Current means: the schema history records no failed migration and exactly the
 * versioned migrations found under {@code db/migration} on the class path. Anything else (no history yet,
 * a migration to apply, a repeatable migration, a location this cannot list, an error) leaves it to
 * Flyway, which migrates and validates as before. Flyway has no cheap way to ask this (its {@code info()}
 * is the same scan), hence this small listing of migration names.
 */
final class SchemaCheck {
    static final String LOCATION = "db/migration";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__[^/]*\\.(?:sql|class)");

    private SchemaCheck() {}

    /** True only when Flyway would have nothing to do; false whenever that is not certain. */
    static boolean isCurrent(DataSource dataSource, ClassLoader loader) {
        Optional<Set<String>> bundled = bundledVersions(loader);
        if (bundled.isEmpty() || bundled.get().isEmpty()) {
            return false;
        }
        return appliedVersions(dataSource).map(bundled.get()::equals).orElse(false);
    }

    /** The versions of the migrations on the class path, normalised; empty when one location cannot be listed or holds a repeatable one. */
    static Optional<Set<String>> bundledVersions(ClassLoader loader) {
        Set<String> versions = new HashSet<>();
        try {
            Enumeration<URL> locations = loader.getResources(LOCATION);
            while (locations.hasMoreElements()) {
                Optional<Set<String>> names = names(locations.nextElement());
                if (names.isEmpty()) {
                    return Optional.empty();
                }
                for (String name : names.get()) {
                    if (name.startsWith("R__")) {
                        return Optional.empty();
                    }
                    Matcher m = VERSIONED.matcher(name);
                    if (m.matches()) {
                        versions.add(normalise(m.group(1)));
                    }
                }
            }
        } catch (IOException | UncheckedIOException | URISyntaxException e) {
            return Optional.empty();
        }
        return Optional.of(versions);
    }

    private static Optional<Set<String>> names(URL location) throws IOException, URISyntaxException {
        switch (location.getProtocol()) {
            case "file" -> {
                try (Stream<Path> files = Files.list(Path.of(location.toURI()))) {
                    return Optional.of(files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
                }
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) location.openConnection();
                connection.setUseCaches(false);
                String prefix = connection.getEntryName() + "/";
                try (JarFile jar = connection.getJarFile()) {
                    return Optional.of(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith(prefix))
                            .map(n -> n.substring(prefix.length())).filter(n -> !n.isEmpty() && n.indexOf('/') < 0)
                            .collect(Collectors.toSet()));
                }
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** The versions the schema history records, normalised; empty when there is none, or one failed. */
    static Optional<Set<String>> appliedVersions(DataSource dataSource) {
        Set<String> versions = new HashSet<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" WHERE \"version\" IS NOT NULL")) {
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return Optional.empty();
                }
                versions.add(normalise(rs.getString(1)));
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions);
    }

    /** As Flyway compares versions: parts split at {@code .} or {@code _}, leading zeros and trailing zero parts ignored. */
    static String normalise(String version) {
        String[] parts = version.split("[._]");
        int end = parts.length;
        while (end > 1 && new BigInteger(parts[end - 1]).signum() == 0) {
            end--;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < end; i++) {
            out.append(i == 0 ? "" : ".").append(new BigInteger(parts[i]));
        }
        return out.toString();
    }
}
