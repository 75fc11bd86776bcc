/**
 * The simulator's model of xapi: a schema of the classes xenvlan uses with their fields and
 * defaults, the object database, sessions, events, tasks, and the messages of each class with
 * xapi's checks and error codes.
 */
package io.xenvlan.sim.xapi;
