package org.communeatlas.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.communeatlas.accounts.UserStore;
import org.communeatlas.accounts.Viewer;

/** Creates accounts straight in a test database. */
public final class Accounts {

    public static final String PASSWORD = "correct horse battery";

    private Accounts() {
    }

    public static int create(String url, String username, Viewer.Role role, String... units) {
        try (Connection c = DriverManager.getConnection(url)) {
            return new UserStore(null).add(c, username, username, PASSWORD, role, List.of(units));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
