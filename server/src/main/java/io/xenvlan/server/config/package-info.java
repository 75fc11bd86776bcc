/**
 * The server's settings: one file, the environment ({@code XENVLAN_<SETTING>}) and options, in
 * that order of precedence, validated at start with messages naming the setting; the state
 * directory and the database they choose.
 */
package io.xenvlan.server.config;
