package io.xenvlan.sim.xapi;

/** The XenAPI types a field can have, as far as the simulated classes need them. */
enum Kind {
    STRING, INT, BOOL, FLOAT, DATETIME, ENUM, REF, SET_REF, SET_STRING, MAP;

    boolean isSet() {
        return this == SET_REF || this == SET_STRING;
    }
}
