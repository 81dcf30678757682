package org.communeatlas.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.communeatlas.accounts.AuditLog;
import org.communeatlas.accounts.Passwords;
import org.communeatlas.accounts.User;
import org.communeatlas.accounts.UserStore;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.Database;
import org.communeatlas.db.Transactions;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code user add|set-role|set-password|disable|enable|list}: accounts from the command line (audited as "cli"). */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage accounts: add, set-role, set-password, disable, enable, list.")
public final class UserCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "ACTION", description = "add, set-role, set-password, disable, enable or list")
    String action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "USERNAME")
    String username;

    @Option(names = "--role", description = "viewer, officer or admin")
    String role;

    @Option(names = "--commune", split = ",", description = "commune codes before the 2025 reform (officers), e.g. 20362")
    List<String> communes = new ArrayList<>();

    @Option(names = "--unit-2025", split = ",", description = "post-reform unit codes (officers), e.g. 20335")
    List<String> units2025 = new ArrayList<>();

    @Option(names = "--password-stdin", description = "read the password from standard input instead of generating one")
    boolean passwordStdin;

    @Option(names = "--name", description = "display name")
    String displayName;

    @Override
    public Integer call() throws Exception {
        AtlasConfig config = options.resolve();
        DatabaseUrls urls = DatabaseLocator.resolve(config);
        ServeCommand.prepareSchema(urls, config);
        try (Database db = Database.connect(urls.app(), Optional.empty(), 2)) {
            UserStore users = new UserStore(db.writer());
            if (action.equals("list")) {
                for (User u : users.all()) {
                    System.out.printf("%-20s %-8s %-9s %s%n", u.username(), u.role().name().toLowerCase(Locale.ROOT),
                            u.disabled() ? "disabled" : "active", String.join(",", u.communeCodes()));
                }
                return 0;
            }
            if (username == null) {
                throw new IllegalArgumentException("give a USERNAME");
            }
            // read before the transaction: a password typed on standard input is not worth holding a connection for
            if (!action.equals("add")) {
                existing(users);
            }
            String newPassword = action.equals("add") || action.equals("set-password") ? password() : null;
            Transactions.inTransaction(db.writer(), c -> {
                List<String> units = new ArrayList<>(communes);
                units2025.forEach(u -> units.add("2025:" + u));
                switch (action) {
                    case "add" -> {
                        int id = users.add(c, username, displayName, newPassword, role(), units);
                        AuditLog.write(c, null, "cli", "user_add", "app_user", id, null, java.util.Map.of("username", username.toLowerCase(Locale.ROOT),
                                "role", role().name().toLowerCase(Locale.ROOT), "units", units), null);
                    }
                    case "set-role" -> {
                        User u = existing(users);
                        users.setRole(c, u.id(), role());
                        if (!units.isEmpty()) {
                            users.setUnits(c, u.id(), units);
                        }
                        AuditLog.write(c, null, "cli", "user_set_role", "app_user", u.id(), java.util.Map.of("role", u.role().name().toLowerCase(Locale.ROOT)),
                                java.util.Map.of("role", role().name().toLowerCase(Locale.ROOT), "units", units), null);
                    }
                    case "set-password" -> {
                        User u = existing(users);
                        users.setPassword(c, u.id(), newPassword);
                        AuditLog.write(c, null, "cli", "user_set_password", "app_user", u.id(), null, null, null);
                    }
                    case "disable", "enable" -> {
                        User u = existing(users);
                        users.setDisabled(c, u.id(), action.equals("disable"));
                        AuditLog.write(c, null, "cli", "user_" + action, "app_user", u.id(), java.util.Map.of("disabled", u.disabled()),
                                java.util.Map.of("disabled", action.equals("disable")), null);
                    }
                    default -> throw new IllegalArgumentException("unknown action '" + action + "'");
                }
                return null;
            });
            System.out.println(action + ": done for " + username.toLowerCase(Locale.ROOT));
        }
        return 0;
    }

    private User existing(UserStore users) {
        return users.find(username).orElseThrow(() -> new IllegalArgumentException("no user " + username));
    }

    private Viewer.Role role() {
        if (role == null) {
            throw new IllegalArgumentException("give --role viewer|officer|admin");
        }
        return Viewer.Role.valueOf(role.toUpperCase(Locale.ROOT));
    }

    /** From standard input, or a new random one printed once (never logged). */
    private String password() throws java.io.IOException {
        if (passwordStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line.strip();
        }
        String generated = Passwords.random();
        System.out.println("password for " + username + ": " + generated);
        return generated;
    }
}
