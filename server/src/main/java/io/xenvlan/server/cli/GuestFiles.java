package io.xenvlan.server.cli;

import io.xenvlan.core.error.InvalidInputException;
import io.xenvlan.core.guest.GuestRequest;
import io.xenvlan.core.guest.UserData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The files {@code vif attach --ssh-key-file --user-data-file} name, read into a {@link GuestRequest}. */
final class GuestFiles {
    private GuestFiles() {}

    /**
     * The request: every key line of every key file (blank lines and {@code #} comments skipped, as
     * in {@code authorized_keys}) and the user data file's bytes.
     *
     * @throws InvalidInputException naming the option when a file cannot be read or is too large
     */
    static GuestRequest request(String hostname, List<Path> keyFiles, Path userDataFile) {
        List<String> keys = new ArrayList<>();
        for (Path file : keyFiles) {
            byte[] bytes = read("ssh-key-file", file, 1024 * 1024);
            new String(bytes, StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(keys::add);
        }
        byte[] userData = userDataFile == null ? null : read("user-data-file", userDataFile, UserData.MAX_BYTES);
        return GuestRequest.of(hostname, keys, userData);
    }

    /** At most {@code max} bytes of the file; one more is refused without reading the rest. */
    private static byte[] read(String option, Path file, int max) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new InvalidInputException(option, InvalidInputException.RULE_MAX_SIZE,
                        option + ": " + file + " is larger than " + max + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidInputException(option, "readable", option + ": cannot read " + file);
        }
    }
}
