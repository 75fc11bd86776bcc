package io.xenvlan.server.local;

/** The one-field answers of the holder's local routes, read back by the commands that asked (and printed as they came). */
public final class LocalAnswers {
    private LocalAnswers() {}

    /** {@code token revoke}: the id revoked. */
    public record Revoked(long revoked) {}

    /** {@code address reclaim}: how many stale addresses were freed. */
    public record Freed(int freed) {}

    /** {@code dhcp-event}: whether dnsmasq's call was a lease event worth recording. */
    public record Recorded(boolean recorded) {}

    /** {@code backup}: the copy the holder wrote into the state directory for the command. */
    public record BackupFile(String file) {}
}
