package org.communeatlas.sos;

import org.communeatlas.core.InvalidInputException;

/** Phone numbers as they are compared: digits only, +84 written as the national 0 (as SQL's {@code atlas_phone}). */
final class Phones {

    private Phones() {
    }

    /** The number's digits, or null for none; a 400 naming {@code phone} when it cannot be a Vietnamese number. */
    static String normalise(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.matches("84[0-9]{9,10}")) {
            digits = "0" + digits.substring(2);
        }
        if (!digits.matches("[0-9]{8,12}")) {
            throw InvalidInputException.field("phone", "a phone number of 8 to 12 digits, e.g. 0905 123 456");
        }
        return digits;
    }
}
