package org.communeatlas.db;

/**
 * The primary's WAL position a reader on this thread must see: a user who has just written reads from a replica only
 * once the replica has replayed their write (the web layer carries the position from the write to the user's next
 * requests, whichever server instance they reach). Zero: no such demand.
 */
public final class ReadYourWrites {

    private static final ThreadLocal<Long> REQUIRED = ThreadLocal.withInitial(() -> 0L);

    private ReadYourWrites() {
    }

    /** For the request this thread serves now (replaces whatever an earlier request left). */
    public static void require(long lsn) {
        REQUIRED.set(lsn);
    }

    public static long required() {
        return REQUIRED.get();
    }

    public static void clear() {
        REQUIRED.remove();
    }

    /** A WAL position written as PostgreSQL writes it. */
    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase();
    }

    /** A WAL position as PostgreSQL writes it ({@code 16/B374D848}) as one number; -1 when it is not one. */
    public static long parse(String lsn) {
        if (lsn == null) {
            return -1;
        }
        int slash = lsn.indexOf('/');
        if (slash < 1 || slash == lsn.length() - 1 || lsn.length() > 17) {
            return -1;
        }
        try {
            return (Long.parseLong(lsn.substring(0, slash), 16) << 32) | Long.parseLong(lsn.substring(slash + 1), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
