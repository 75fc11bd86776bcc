package db.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * On PostgreSQL, every committed change a network node serves (the stamped tables) sends {@code
 * NOTIFY xenvlan_changes}, so nodes wait for changes (LISTEN) instead of polling the change
 * sequence. Statement-level triggers: one notification per statement at most, folded into one per
 * transaction by PostgreSQL; writes that stamp nothing (lease marks, claims) notify nobody. H2
 * needs nothing: its writers run in the node's own process, which signals them directly. A Java
 * migration because H2 has no PL/pgSQL.
 */
public class V33__change_notifications extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        if (!context.getConnection().getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
            return;
        }
        try (Statement s = context.getConnection().createStatement()) {
            s.execute("CREATE OR REPLACE FUNCTION xenvlan_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$"
                    + " BEGIN PERFORM pg_notify('xenvlan_changes', ''); RETURN NULL; END $$");
            for (String table : new String[] {"fixed_ips", "networks"}) {
                s.execute("CREATE TRIGGER " + table + "_notify_change AFTER INSERT OR DELETE OR UPDATE OF change_seq ON " + table
                        + " FOR EACH STATEMENT EXECUTE FUNCTION xenvlan_notify_change()");
            }
            for (String table : new String[] {"address_releases", "network_deletions"}) {
                s.execute("CREATE TRIGGER " + table + "_notify_change AFTER INSERT OR DELETE OR UPDATE ON " + table
                        + " FOR EACH STATEMENT EXECUTE FUNCTION xenvlan_notify_change()");
            }
        }
    }
}
