package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communeatlas.core.JsonCodec;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The page loads the map application as one script, bundled at build time from its modules (on a slow network a
 * browser's six connections fetched ~25 modules in rounds of a round trip each): the bundle carries every module
 * main.js imports, now or later, and the service worker keeps it for offline starts.
 */
class WebModulesTest {

    private static final Path WEB = TestServer.repoRoot().resolve("web");
    private static final Path BUNDLE = TestServer.repoRoot().resolve("target/classes/web/js/atlas.js");
    private static final Pattern IMPORT = Pattern.compile("^import[^;]*?from\\s+'([^']+)'", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern DYNAMIC = Pattern.compile("import\\('([^']+)'\\)");

    @Test
    void thePageLoadsOneScriptThatCarriesEveryModule() throws IOException {
        String page = Files.readString(WEB.resolve("index.html"));
        Matcher scripts = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"").matcher(page);
        List<String> modules = scripts.results().map(r -> r.group(1)).toList();
        assertEquals(List.of("/js/atlas.js"), modules);
        assertTrue(Files.size(BUNDLE) > 20_000, "the build wrote the bundle");
        // the bundle's source map names the modules it was made from
        JsonNode map = JsonCodec.tree(Files.readString(BUNDLE.resolveSibling("atlas.js.map")));
        Set<String> bundled = new TreeSet<>();
        map.get("sources").forEach(s -> bundled.add("/js/" + s.asText().replaceAll("^(\\.\\./)*web/js/", "")));
        Set<String> graph = new TreeSet<>();
        walk("/js/main.js", graph);
        assertEquals(graph, bundled);
        assertTrue(graph.size() > 20, graph.toString());
    }

    /** The service worker keeps the bundle, or the map would not start offline. */
    @Test
    void theServiceWorkerKeepsTheBundle() throws IOException {
        Set<String> kept = new TreeSet<>();
        Matcher m = Pattern.compile("'(/js/[^']+\\.js)'").matcher(Files.readString(WEB.resolve("sw.js")));
        while (m.find()) {
            kept.add(m.group(1));
        }
        assertEquals(Set.of("/js/atlas.js"), kept);
    }

    private static void walk(String module, Set<String> seen) throws IOException {
        if (!seen.add(module)) {
            return;
        }
        String source = Files.readString(WEB.resolve(module.substring(1)));
        for (Pattern p : List.of(IMPORT, DYNAMIC)) {
            Matcher m = p.matcher(source);
            while (m.find()) {
                walk(Path.of(module).resolveSibling(m.group(1)).normalize().toString(), seen);
            }
        }
    }
}
