package org.communeatlas.sos;

import java.time.OffsetDateTime;

/** A call for help as received: a place (coordinates) or an address text, and what the caller said. */
public record NewSos(Integer floodId, Double lon, Double lat, String address, String name, String phone, Integer people, String needs,
                     String note, OffsetDateTime reportedAt) {
}
