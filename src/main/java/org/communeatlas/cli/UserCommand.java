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
import org.communeatlas.accounts.TokenStore;
import org.communeatlas.accounts.User;
import org.communeatlas.accounts.UserStore;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.Database;
import org.communeatlas.accounts.LoginThrottle;
import org.communeatlas.db.Transactions;
import org.communeatlas.db.DatabaseLocator;
import org.communeatlas.db.DatabaseUrls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code user add|set-role|set-password|disable|enable|list}: accounts from the command line (audited as "cli"). */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = "Manage accounts: add, set-role, set-password, disable, enable, unlock (clears a sign-in lock-out), list; "
                + "personal API tokens: token.")
public final class UserCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Parameters(index = "0", paramLabel = "ACTION", description = "add, set-role, set-password, disable, enable, unlock, list or token "
            + "(issues a personal API token named --token-name; with --revoke revokes it; with --list lists the user's tokens)")
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

    @Option(names = "--token-name", description = "which client holds the token, e.g. qgis (letters, digits, . _ -)")
    String tokenName;

    @Option(names = "--revoke", description = "with token: revoke the user's token named --token-name")
    boolean revoke;

    @Option(names = "--list", description = "with token: list the user's live tokens")
    boolean list;

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
            if (action.equals("token")) {
                return token(db, existing(users));
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
                        LoginThrottle.clear(c, u.username());
                        AuditLog.write(c, null, "cli", "user_set_password", "app_user", u.id(), null, null, null);
                    }
                    case "disable", "enable" -> {
                        User u = existing(users);
                        users.setDisabled(c, u.id(), action.equals("disable"));
                        AuditLog.write(c, null, "cli", "user_" + action, "app_user", u.id(), java.util.Map.of("disabled", u.disabled()),
                                java.util.Map.of("disabled", action.equals("disable")), null);
                    }
                    case "unlock" -> {
                        User u = existing(users);
                        boolean locked = LoginThrottle.clear(c, u.username());
                        AuditLog.write(c, null, "cli", "user_unlock", "app_user", u.id(), java.util.Map.of("counted", locked), null, null);
                    }
                    default -> throw new IllegalArgumentException("unknown action '" + action + "'");
                }
                return null;
            });
            System.out.println(action + ": done for " + username.toLowerCase(Locale.ROOT));
        }
        return 0;
    }

    /** Issues, revokes or lists a user's personal API tokens; a new token is printed once and never again. */
    private int token(Database db, User user) throws java.sql.SQLException {
        if (list) {
            try (var c = db.writer().getConnection()) {
                for (TokenStore.Listed t : TokenStore.live(c, user.id())) {
                    System.out.printf("%-20s created %s  last used %s%n", t.name(), t.created(), t.lastUsed() == null ? "never" : t.lastUsed());
                }
            }
            return 0;
        }
        if (tokenName == null) {
            throw new IllegalArgumentException("give --token-name, e.g. --token-name qgis");
        }
        String issued = Transactions.inTransaction(db.writer(), c -> {
            if (revoke) {
                if (!TokenStore.revoke(c, user.id(), tokenName)) {
                    throw new IllegalArgumentException(user.username() + " has no live token named " + tokenName);
                }
                AuditLog.write(c, null, "cli", "token_revoke", "app_user", user.id(), java.util.Map.of("token", tokenName), null, null);
                return null;
            }
            String token = TokenStore.issue(c, user.id(), tokenName);
            AuditLog.write(c, null, "cli", "token_issue", "app_user", user.id(), null, java.util.Map.of("token", tokenName), null);
            return token;
        });
        System.out.println(issued == null ? "revoked: token " + tokenName + " of " + user.username()
                : "token " + tokenName + " for " + user.username() + " (shown once): " + issued);
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
