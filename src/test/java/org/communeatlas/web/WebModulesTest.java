package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communeatlas.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * The page asks for every module of the map's first view at once ({@code <link rel="modulepreload">}): on a slow
 * network each level of imports found one after the other costs a round trip. The list in index.html is the static
 * import graph; the panels main.js imports later ({@code import('…')}) are not in it, so they do not compete with
 * the first tiles — but the service worker keeps them all.
 */
class WebModulesTest {

    private static final Path WEB = TestServer.repoRoot().resolve("web");
    private static final Pattern IMPORT = Pattern.compile("^import[^;]*?from\\s+'([^']+)'", Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern DYNAMIC = Pattern.compile("import\\('([^']+)'\\)");
    private static final Pattern PRELOAD = Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">");

    @Test
    void everyModuleMainImportsIsPreloaded() throws IOException {
        Set<String> graph = new LinkedHashSet<>();
        walk("/js/main.js", graph, false);
        graph.remove("/js/main.js");
        Set<String> preloaded = new TreeSet<>();
        Matcher m = PRELOAD.matcher(Files.readString(WEB.resolve("index.html")));
        while (m.find()) {
            preloaded.add(m.group(1));
        }
        assertEquals(new TreeSet<>(graph), preloaded);
    }

    /** The service worker keeps every module of the map, or the map would not start offline. */
    @Test
    void theServiceWorkerKeepsEveryModule() throws IOException {
        Set<String> graph = new TreeSet<>();
        walk("/js/main.js", graph, true);
        Set<String> firstView = new TreeSet<>();
        walk("/js/main.js", firstView, false);
        assertTrue(graph.size() > firstView.size() + 5, "the panels come later: " + graph.size() + " modules, " + firstView.size() + " first");
        Set<String> kept = new TreeSet<>();
        Matcher m = Pattern.compile("'(/js/[^']+\\.js)'").matcher(Files.readString(WEB.resolve("sw.js")));
        while (m.find()) {
            kept.add(m.group(1));
        }
        assertEquals(graph, kept);
    }

    private static void walk(String module, Set<String> seen, boolean later) throws IOException {
        if (!seen.add(module)) {
            return;
        }
        String source = Files.readString(WEB.resolve(module.substring(1)));
        for (Pattern p : later ? List.of(IMPORT, DYNAMIC) : List.of(IMPORT)) {
            Matcher m = p.matcher(source);
            while (m.find()) {
                walk(Path.of(module).resolveSibling(m.group(1)).normalize().toString(), seen, later);
            }
        }
    }
}
