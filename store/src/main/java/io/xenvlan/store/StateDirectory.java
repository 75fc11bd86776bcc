package io.xenvlan.store;

import io.xenvlan.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The state directory's file modes: the directory is 0700 and what xenvlan keeps in it 0600, so no
 * other user reads the store, its password or the local API's credential. Directories made here get
 * 0700 from the start; an existing state directory with looser modes is tightened.
 */
public final class StateDirectory {
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private static final int STICKY = 01000;

    private StateDirectory() {}

    /**
     * Creates {@code dir} (and missing parents) as 0700, or tightens it to 0700; returns its absolute path.
     * Only a directory of xenvlan's own is tightened: an empty one, or one holding xenvlan's store.
     *
     * @throws InvalidInputException ({@code state-dir}) for an existing directory open to others that
     *                               holds other things (such as {@code /tmp} or a home directory): it is
     *                               never changed
     */
    static Path prepare(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(abs)) {
                Files.createDirectories(abs, ownerOnlyDir());
            }
            if (!Files.getPosixFilePermissions(abs).equals(OWNER_ONLY_DIR)) {
                if (!xenvlansOwn(abs)) {
                    throw new InvalidInputException("state-dir", "own-directory", "state-dir: " + abs + " is open to other users and"
                            + " holds more than xenvlan's files; give a directory of its own (it is made mode 0700), e.g. "
                            + abs.resolve("xenvlan"));
                }
                Files.setPosixFilePermissions(abs, OWNER_ONLY_DIR);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + abs + " (mode 0700)", e);
        }
        return abs;
    }

    private static boolean xenvlansOwn(Path dir) throws IOException {
        int mode = (Integer) Files.getAttribute(dir, "unix:mode");
        if ((mode & STICKY) != 0 || !Files.getOwner(dir).getName().equals(System.getProperty("user.name"))) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty() || Files.exists(dir.resolve(EmbeddedStore.FILE)) || Files.exists(dir.resolve(StoreLock.FILE));
        }
    }

    /** Sets an existing file to 0600 (nothing when it does not exist). */
    public static void ownerOnly(Path file) {
        try {
            if (Files.exists(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " readable by its owner only", e);
        }
    }

    /**
     * Replaces {@code target} with {@code content} in one step: a new 0600 file (0600 from its creation,
     * never readable by others in between) renamed over it.
     */
    public static void writeSecret(Path target, String content) {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".new");
        try {
            Files.deleteIfExists(tmp);
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))) {
                ch.write(java.nio.ByteBuffer.wrap(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + tmp + " appeared meanwhile", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    static FileAttribute<Set<PosixFilePermission>> ownerOnlyDir() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR);
    }
}
