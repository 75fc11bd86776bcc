/**
 * The VLAN manager's store port ({@code NetworkStore}) and the requests it takes; the adapter
 * lives in the {@code store} module.
 */
package io.xenvlan.core.store;
