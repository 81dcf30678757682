package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javalin.Javalin;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.communeatlas.App;
import org.communeatlas.Services;
import org.communeatlas.config.AtlasConfig;
import org.communeatlas.db.ProcessResult;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.communeatlas.testing.TestDatabase;
import org.communeatlas.tls.LocalCertificates;
import org.junit.jupiter.api.Test;

/**
 * A phone in a commune office reaches the server at a LAN address (here a second loopback address, 127.0.0.2) over the
 * installation's own HTTPS, having installed its authority as a phone does (from /ca.crt, into the browser's store of
 * trusted authorities): the page is a secure context and the service worker — the offline app — installs. Plain HTTP at
 * a LAN address is not a secure context, and browsers refuse it a service worker.
 */
class HttpsLanTest extends DemoServerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aPhoneAtALanAddressInstallsTheAppOverTheProjectsHttps() throws Exception {
        Path dir = Files.createTempDirectory("atlas-tls-");
        LocalCertificates.Issued tls = LocalCertificates.ensure(dir.resolve("tls"), LocalCertificates.machineNames(List.of("127.0.0.2")));
        assertTrue(tls.names().containsAll(List.of("localhost", "127.0.0.1", "127.0.0.2")), tls.names().toString());
        // made once: asked again with the same names, the same store
        long made = Files.getLastModifiedTime(tls.keyStore()).toMillis();
        assertEquals(made, Files.getLastModifiedTime(LocalCertificates.ensure(dir.resolve("tls"), tls.names()).keyStore()).toMillis());

        int httpsPort;
        try (ServerSocket free = new ServerSocket(0)) {
            httpsPort = free.getLocalPort();
        }
        AtlasConfig config = AtlasConfig.fromEnvironment(Map.of()).withDbUrl(TestDatabase.urls(url).app()).withPort(0);
        try (Services services = Services.open(config, TestDatabase.urls(url))) {
            Javalin app = App.create(services, new org.communeatlas.web.HttpsListener("127.0.0.2", httpsPort, tls.keyStore(), tls.password(),
                    tls.caCertificate())).start("127.0.0.1", 0);
            try {
                String lan = "https://127.0.0.2:" + httpsPort;
                // the authority's certificate, as a phone downloads it
                HttpResponse<byte[]> ca = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                        + "/ca.crt")).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, ca.statusCode());
                assertEquals("application/x-x509-ca-cert", ca.headers().firstValue("Content-Type").orElse(""));
                Path downloaded = dir.resolve("downloaded-ca.crt");
                Files.write(downloaded, ca.body());
                // a plain client that trusts only that authority reaches the LAN address: the chain and the address check out
                HttpResponse<String> health = trusting(downloaded).send(HttpRequest.newBuilder(URI.create(lan + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());

                // the phone: a browser whose store of trusted authorities holds the downloaded one (a fresh HOME, its NSS database)
                Path home = dir.resolve("phone-home");
                Path nss = Files.createDirectories(home.resolve(".pki/nssdb"));
                run(List.of("certutil", "-d", "sql:" + nss, "-N", "--empty-password"));
                run(List.of("certutil", "-d", "sql:" + nss, "-A", "-t", "C,,", "-n", "Commune Atlas", "-i", downloaded.toString()));
                try (Browser phone = Browser.open(Browser.Size.PHONE, Map.of("HOME", home.toString()))) {
                    phone.get(lan + "/");
                    phone.waitFor("window.atlas && window.atlas.ready", WAIT);
                    assertEquals(Boolean.TRUE, phone.js("return window.isSecureContext;"));
                    phone.waitFor("window.atlas.offlineReady === true", WAIT);
                    Object worker = phone.jsAsync("const done = arguments[arguments.length - 1];"
                            + "navigator.serviceWorker.ready.then((r) => done(r.active ? r.active.scriptURL : null));");
                    assertEquals(lan + "/sw.js", worker);
                    assertEquals(Boolean.TRUE, phone.js("return document.querySelector('link[rel=manifest]') !== null;"));
                    phone.screenshot("75-https-lan-phone");
                    System.out.println("HTTPS at " + lan + ": secure context, service worker " + worker + "; certificate for " + tls.names());
                }
            } finally {
                app.stop();
            }
        }
    }

    private static HttpClient trusting(Path caCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (var in = Files.newInputStream(caCertificate)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static void run(List<String> command) {
        ProcessResult r = ProcessResult.run(command, Duration.ofSeconds(30));
        assertEquals(0, r.exitCode(), String.join(" ", command) + ": " + r.output());
    }
}
