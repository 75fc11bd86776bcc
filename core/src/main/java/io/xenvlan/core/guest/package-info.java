/**
 * What a VM is told about itself: the profile given at attach (host name, SSH keys, user data),
 * the view the network node's metadata service serves, and the store port for both.
 */
package io.xenvlan.core.guest;
