package io.xenvlan.xenapi.client;

/** Marker for refs to XenAPI Bond objects ({@code Ref<Bond>}); xenvlan reads only the refs. */
final class Bond {
    private Bond() {
    }
}
