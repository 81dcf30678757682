package org.communeatlas.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.communeatlas.config.AtlasConfig;

/** Coverage answers: median time of a request for one model and for any model, and the whole matrix as CSV. */
final class CoverageBench {

    private CoverageBench() {
    }

    static void run(AtlasConfig base, String url, Report report) throws Exception {
        try (BenchServer server = BenchServer.start(base, url)) {
            HttpClient http = server.http;
            String root = server.root;
            // a spread of models (the big and the small) and of dates
            List<String> oneModel = new ArrayList<>();
            List<String> anyModel = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int model = 1 + (i * 109) % 6540;
                String date = (2012 + i % 14) + "-06-30";
                oneModel.add(root + "/api/coverage?model=" + model + "&level=commune&asOf=" + date);
                anyModel.add(root + "/api/coverage?level=commune&asOf=" + date);
            }
            time(http, oneModel.subList(0, 10));
            report.line("Model coverage (commune level, 234 communes; 60 requests each, one at a time)");
            report.millis("  one model: median", median(time(http, oneModel)));
            report.millis("  any model: median", median(time(http, anyModel)));
            List<Double> matrix = time(http, List.of(root + "/api/coverage/matrix.csv?asOf=2024-12-31",
                    root + "/api/coverage/matrix.csv?asOf=2024-12-31", root + "/api/coverage/matrix.csv?asOf=2024-12-31"));
            report.millis("  every model × every commune as CSV: median", median(matrix));
        }
    }

    private static List<Double> time(HttpClient http, List<String> urls) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (String u : urls) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(u)).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(u + " → " + r.statusCode());
            }
            ms.add((System.nanoTime() - t0) / 1e6);
        }
        return ms;
    }

    private static double median(List<Double> values) {
        return TileBench.median(values);
    }
}
