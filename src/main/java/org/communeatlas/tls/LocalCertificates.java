package org.communeatlas.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.communeatlas.db.ProcessResult;

/**
 * HTTPS for phones on a commune office's network, where browsers give a service worker (the offline app) only to a secure
 * context: a certificate authority of this installation ({@code .atlas/tls/ca.p12}, its certificate {@code ca.crt} for
 * phones to install) and a server certificate it signs for this machine's names and addresses. Made with the JDK's own
 * keytool, once; the server certificate is made again when the names change. A real domain gets its certificate from
 * the reverse proxy in front (the README shows how), not from here.
 */
public final class LocalCertificates {

    /** A server certificate ready for Jetty: the PKCS#12 store with its key and chain, and its password. */
    public record Issued(Path keyStore, String password, Path caCertificate, List<String> names) {
    }

    /** A leaf certificate may live this long (browsers refuse longer ones from public authorities; kept the same here). */
    private static final int SERVER_DAYS = 397;
    private static final int CA_DAYS = 3650;
    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

    private LocalCertificates() {
    }

    /** The installation's CA and a server certificate for {@code names} under {@code dir}, made if missing or stale. */
    public static synchronized Issued ensure(Path dir, List<String> names) {
        try {
            Files.createDirectories(dir);
            Path passwordFile = dir.resolve("password");
            if (!Files.exists(passwordFile)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                Files.writeString(passwordFile, HexFormat.of().formatHex(random), StandardCharsets.US_ASCII);
                Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            }
            String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).strip();
            Path ca = dir.resolve("ca.p12");
            Path caCrt = dir.resolve("ca.crt");
            if (!Files.exists(ca)) {
                keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", String.valueOf(CA_DAYS),
                        "-dname", "CN=Commune Atlas local CA " + HexFormat.of().formatHex(new SecureRandom().generateSeed(4)) + ", O=Commune Atlas",
                        "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign", "-keystore", ca.toString(), "-storetype", "PKCS12",
                        "-storepass", password);
                Files.setPosixFilePermissions(ca, PosixFilePermissions.fromString("rw-------"));
                Files.deleteIfExists(caCrt);
            }
            if (!Files.exists(caCrt)) {
                keytool("-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password, "-rfc", "-file", caCrt.toString());
            }
            Path server = dir.resolve("server.p12");
            Path namesFile = dir.resolve("server.names");
            String wanted = String.join(",", names);
            if (!Files.exists(server) || !Files.exists(namesFile) || !Files.readString(namesFile).equals(wanted)) {
                issue(dir, ca, server, password, names);
                Files.writeString(namesFile, wanted);
            }
            return new Issued(server, password, caCrt, List.copyOf(names));
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the HTTPS certificates under " + dir, e);
        }
    }

    /** A new server key, its certificate signed by the CA for every name, and the chain in one store. */
    private static void issue(Path dir, Path ca, Path server, String password, List<String> names) throws IOException {
        Path fresh = dir.resolve("server.p12.new");
        Path request = dir.resolve("server.csr");
        Path signed = dir.resolve("server.crt");
        Files.deleteIfExists(fresh);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", String.valueOf(SERVER_DAYS),
                "-dname", "CN=" + names.get(0) + ", O=Commune Atlas", "-keystore", fresh.toString(), "-storetype", "PKCS12", "-storepass", password);
        keytool("-certreq", "-alias", "server", "-keystore", fresh.toString(), "-storepass", password, "-file", request.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", password, "-infile", request.toString(), "-outfile",
                signed.toString(), "-rfc", "-validity", String.valueOf(SERVER_DAYS), "-ext", "san=" + subjectAltNames(names), "-ext", "eku=serverAuth",
                "-ext", "ku:c=digitalSignature");
        keytool("-importcert", "-alias", "ca", "-file", dir.resolve("ca.crt").toString(), "-keystore", fresh.toString(), "-storepass", password,
                "-noprompt");
        keytool("-importcert", "-alias", "server", "-file", signed.toString(), "-keystore", fresh.toString(), "-storepass", password, "-noprompt");
        Files.setPosixFilePermissions(fresh, PosixFilePermissions.fromString("rw-------"));
        Files.move(fresh, server, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(request);
    }

    static String subjectAltNames(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            out.add((isAddress(n) ? "ip:" : "dns:") + n);
        }
        return String.join(",", out);
    }

    private static boolean isAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    /**
     * The names a phone may reach this machine by: localhost, the host's name, every address of an interface that is up
     * (the office network's among them), and those given ({@code ATLAS_HTTPS_NAMES}: an address behind NAT, a local name).
     */
    public static List<String> machineNames(List<String> extra) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException unknown) {
            // a machine without a resolvable name is reached by its addresses
        }
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp()) {
                    for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                        if (a instanceof java.net.Inet4Address) {
                            names.add(a.getHostAddress());
                        }
                    }
                }
            }
        } catch (SocketException e) {
            // without the interfaces, the names given and localhost are what the certificate names
        }
        extra.stream().map(String::strip).filter(n -> !n.isEmpty()).forEach(names::add);
        return List.copyOf(names);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ProcessResult r = ProcessResult.run(command, KEYTOOL_TIMEOUT);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + r.output().strip());
        }
    }
}
