package org.communeatlas.cli;

import java.sql.SQLException;
import java.util.List;
import org.communeatlas.Services;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Passwords;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.Transactions;

/**
 * The first admin: created as "admin" when no admin exists, with {@code ATLAS_ADMIN_PASSWORD} or else a
 * random password printed once on the console (never written to the log).
 */
final class FirstAdmin {

    private FirstAdmin() {
    }

    static void ensure(Services services, AtlasConfig config) {
        if (services.users().anyAdmin()) {
            return;
        }
        String password = config.adminPassword().orElse(null);
        boolean generated = password == null;
        if (generated) {
            password = Passwords.random();
        }
        String chosen = password;
        try {
            Transactions.inTransaction(services.database().writer(), c -> {
                int id = services.users().add(c, "admin", "Quản trị", chosen, Viewer.Role.ADMIN, List.of());
                AuditLog.write(c, null, "system", "user_add", "app_user", id, null, java.util.Map.of("username", "admin", "role", "admin"), null);
                return id;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the first admin: " + e.getMessage(), e);
        }
        if (generated) {
            System.out.println("First admin account: admin / " + password + "  (shown once; change it with 'commune-atlas user set-password admin')");
        } else {
            System.out.println("First admin account: admin (password from ATLAS_ADMIN_PASSWORD)");
        }
    }
}
