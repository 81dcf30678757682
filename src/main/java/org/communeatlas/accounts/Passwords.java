package org.communeatlas.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.security.SecureRandom;

/**
 * Argon2id password hashes (OWASP's minimum: 19 MiB, 2 passes, 1 lane) through Password4j. The encoded
 * hash carries its own parameters, so stronger settings later still verify old hashes.
 */
public final class Passwords {

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    /** Checked against when the user does not exist, so that both cases take the same time. */
    private static final String DECOY = hash("decoy password that matches nobody");

    public static final int MIN_LENGTH = 10;

    private Passwords() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    public static boolean verify(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Spends the time of a real check, for a user who does not exist. */
    public static void verifyDecoy(String password) {
        verify(password, DECOY);
    }

    /** A random password of 20 characters from an alphabet without look-alikes. */
    public static String random() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    public static void checkStrength(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("a password needs at least " + MIN_LENGTH + " characters");
        }
    }
}
