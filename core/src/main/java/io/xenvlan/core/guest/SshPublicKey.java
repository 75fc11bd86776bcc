package io.xenvlan.core.guest;

import io.xenvlan.core.error.InvalidInputException;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One OpenSSH public key line, {@code <type> <base64 blob> [comment]}: a known key type whose blob
 * decodes and names that same type inside (the SSH wire format starts with it), so a truncated
 * or mislabelled key is refused before any VM is told about it.
 *
 * @param type    e.g. {@code ssh-ed25519}
 * @param blob    the base64 key
 * @param comment the key's comment ("" when none): its name in listings
 */
public record SshPublicKey(String type, String blob, String comment) {
    private static final List<String> TYPES = List.of("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "ssh-dss");
    private static final Pattern SPACES = Pattern.compile("[ \\t]+");
    private static final Pattern COMMENT = Pattern.compile("[\\x20-\\x7e]{0,255}");
    private static final int MAX_LINE = 16384;

    /**
     * Parses one key line.
     *
     * @param field the request field named in errors (e.g. {@code public_keys[1]})
     * @throws InvalidInputException naming the field and the rule it breaks
     */
    public static SshPublicKey parse(String field, String line) {
        if (line == null || line.isBlank() || line.length() > MAX_LINE) {
            throw invalid(field, "an OpenSSH public key line of at most " + MAX_LINE + " characters");
        }
        String[] parts = SPACES.split(line.strip(), 3);
        if (parts.length < 2 || !TYPES.contains(parts[0])) {
            throw invalid(field, "a key type of " + String.join(", ", TYPES) + " followed by the base64 key");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "the key after '" + parts[0] + "' is not base64");
        }
        if (!parts[0].equals(wireType(decoded))) {
            throw invalid(field, "the key does not hold a " + parts[0] + " key");
        }
        String comment = parts.length == 3 ? parts[2].strip() : "";
        if (!COMMENT.matcher(comment).matches()) {
            throw invalid(field, "the comment must be printable ASCII of at most 255 characters");
        }
        return new SshPublicKey(parts[0], parts[1], comment);
    }

    /** The type name the SSH wire format carries first: a 4-byte length, then the name. */
    private static String wireType(byte[] blob) {
        if (blob.length < 4) {
            return "";
        }
        int length = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
        if (length <= 0 || length > 64 || 4 + length > blob.length) {
            return "";
        }
        return new String(blob, 4, length, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static InvalidInputException invalid(String field, String rule) {
        return new InvalidInputException(field, "openssh-public-key", field + ": must be " + rule);
    }

    /** The key's name: its comment, else {@code key-<n>} (n counted from 1). */
    public String name(int index) {
        return comment.isEmpty() ? "key-" + (index + 1) : comment;
    }

    /** The key as one line, the form {@code authorized_keys} takes. */
    public String line() {
        return comment.isEmpty() ? type + " " + blob : type + " " + blob + " " + comment;
    }
}
