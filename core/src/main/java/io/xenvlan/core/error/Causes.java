package io.xenvlan.core.error;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Says in words what went wrong below a failure (a refused connection, an untrusted certificate,
 * a missing file) for messages people read: never a Java class name, never "null". The JDK's own
 * messages are kept where they help ("Connection refused"), with any class names in them removed.
 */
public final class Causes {
    /** A fully qualified name ({@code sun.security.provider.certpath.SunCertPathBuilderException}) or a bare *Exception / *Error. */
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*\\b:?\\s*|\\b[A-Z][A-Za-z0-9_]*(?:Exception|Error)\\b:?\\s*");

    private Causes() {}

    /** What went wrong, in words: the phrases of the known causes in the chain, then the deepest message. */
    public static String describe(Throwable failure) {
        Set<String> parts = new LinkedHashSet<>();
        String message = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String phrase = phrase(t);
            if (phrase != null) {
                parts.add(phrase);
            }
            String m = clean(t.getMessage());
            if (!m.isEmpty()) {
                message = m;
            }
        }
        String deepest = message;
        if (deepest != null && parts.stream().noneMatch(p -> p.equalsIgnoreCase(deepest))) {
            parts.add(deepest);
        }
        return parts.isEmpty() ? "no further detail" : String.join(": ", parts);
    }

    /** A message with class names taken out (empty for none). */
    public static String clean(String message) {
        if (message == null) {
            return "";
        }
        String cleaned = CLASS_NAME.matcher(message).replaceAll("").trim();
        return "null".equalsIgnoreCase(cleaned) ? "" : cleaned;
    }

    private static String phrase(Throwable t) {
        String name = t.getClass().getSimpleName();
        return switch (name) {
            case "ConnectException" -> "connection refused";
            case "UnknownHostException" -> "unknown host";
            case "NoRouteToHostException" -> "no route to host";
            case "SocketTimeoutException", "HttpTimeoutException", "HttpConnectTimeoutException" -> "timed out";
            case "ClosedChannelException", "EOFException" -> "the connection was closed";
            case "SSLHandshakeException" -> "TLS handshake failed";
            case "CertPathBuilderException", "SunCertPathBuilderException", "CertificateException" -> "certificate not trusted";
            case "NoSuchFileException", "FileNotFoundException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            case "NotDirectoryException" -> "not a directory";
            case "BindException" -> "address already in use";
            default -> name.toLowerCase(Locale.ROOT).contains("timeout") ? "timed out" : null;
        };
    }
}
