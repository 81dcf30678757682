package org.communeatlas.sos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.data.generator.SosGenerator;
import org.communeatlas.data.generator.SosGenerator.Call;
import org.communeatlas.data.generator.SosTrial;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated calls for help with their truth, imported as volunteer lists are (a day's list, then — after a
 * quarter of the families were rescued — the next half day's, with reposts of their calls), and held against the truth:
 * repeats linked (precision and recall ≥ 0.95), the family found for ≥ 90 % of the calls that name one, no rescued
 * family's call reopened by a repost, ≥ 90 % of the calls where a life is at stake in the top tenth of the triage order,
 * and every call without coordinates whose address names a village placed in that village.
 */
class SosQualityTest extends DemoServerTest {

    private static final int CALLS = 10_000;

    @Test
    void tenThousandCallsAreLinkedMatchedPlacedAndOrderedAsTheTruthSays() throws Exception {
        Accounts.create(url, "sos.quality", Viewer.Role.ADMIN);
        TestServer.Session admin = server.signIn("sos.quality", Accounts.PASSWORD);
        List<Call> calls = SosGenerator.generate(TestServer.repoRoot().resolve("data"), CALLS, 20251029L);
        SosTrial.Score s = SosTrial.run(url, calls, Path.of("target", "sos-quality"), csv -> {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/imports/sos?filename=" + csv.getFileName()))
                    .POST(HttpRequest.BodyPublishers.ofFile(csv)), "Content-Type", "application/octet-stream", "Cookie", admin.cookie(),
                    "X-CSRF-Token", admin.csrf(), "Origin", server.base());
            assertEquals(201, r.statusCode(), r.body());
        });
        System.out.println("SOS quality, " + s.summary());
        s.misses().forEach(m -> System.out.println("MISS " + m));
        assertEquals(CALLS, s.calls());
        assertTrue(s.precision() >= 0.95, "duplicate precision " + s.precision());
        assertTrue(s.recall() >= 0.95, "duplicate recall " + s.recall());
        assertTrue(s.familyFound() >= 0.90, "household match " + s.familyFound());
        assertTrue(s.reposts() > 0);
        assertEquals(0, s.reopened(), "a rescued family's call posted again opens nothing");
        assertTrue(s.critical() > 0 && s.criticalOnTopShare() >= 0.90, "critical calls in the top tenth: " + s.criticalOnTopShare());
        assertTrue(s.placedCalls() > 0);
        assertEquals(s.placedCalls(), s.placedRight(), "every address naming a village places the call there");
    }
}
