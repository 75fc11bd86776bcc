package io.xenvlan.sim;

/** A simulator setting that breaks its rule; names both. */
public final class InvalidSettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String rule;

    InvalidSettingException(String setting, String rule) {
        super("simulator setting " + setting + ": " + rule);
        this.setting = setting;
        this.rule = rule;
    }

    /** The setting's name as in {@link SimulatorConfig} ({@code failRate}). */
    public String setting() {
        return setting;
    }

    public String rule() {
        return rule;
    }
}
