package org.communeatlas.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after 5 failed sign-ins for an account (or 20 from one address), each
 * further attempt must wait, 2 s doubling up to 15 min. Counts by the name typed, so an unknown user and
 * a known one are throttled alike. Success clears the account's count.
 */
public final class LoginThrottle {

    static final int ACCOUNT_FREE_FAILURES = 5;
    static final int ADDRESS_FREE_FAILURES = 20;
    static final Duration MAX_WAIT = Duration.ofMinutes(15);

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds to wait before this attempt may be checked, or 0. */
    public long waitSeconds(String username, String address) {
        Instant now = clock.instant();
        long wait = 0;
        for (String key : keys(username, address)) {
            Failures f = failures.get(key);
            if (f != null && f.lockedUntil().isAfter(now)) {
                wait = Math.max(wait, Duration.between(now, f.lockedUntil()).toSeconds() + 1);
            }
        }
        return wait;
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        String[] keys = keys(username, address);
        for (int i = 0; i < keys.length; i++) {
            int free = i == 0 ? ACCOUNT_FREE_FAILURES : ADDRESS_FREE_FAILURES;
            failures.compute(keys[i], (k, f) -> {
                int count = f == null ? 1 : f.count() + 1;
                Instant until = count >= free ? now.plus(delay(count - free)) : now;
                return new Failures(count, until);
            });
        }
    }

    public void succeeded(String username) {
        failures.remove(keys(username, "")[0]);
    }

    static Duration delay(int beyond) {
        long seconds = 2L << Math.min(beyond, 20);
        return seconds > MAX_WAIT.toSeconds() ? MAX_WAIT : Duration.ofSeconds(seconds);
    }

    private static String[] keys(String username, String address) {
        return new String[] {"user:" + (username == null ? "" : username.toLowerCase(Locale.ROOT)), "address:" + address};
    }
}
