package org.communeatlas.web;

import java.nio.file.Path;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A second listener, for HTTPS, beside the server's HTTP one: the same application, with the certificate of a PKCS#12
 * store. Phones reach it by an address (no name to send by SNI), so the certificate is not matched against SNI.
 *
 * @param host          where it listens (null: every interface)
 * @param caCertificate the certificate of the authority that signed it, for phones to install ({@code GET /ca.crt})
 */
public record HttpsListener(String host, int port, Path keyStore, String password, Path caCertificate) {

    /** The connector for Jetty, with the application's HTTP settings and the request marked secure. */
    public Connector connector(Server server, HttpConfiguration plain) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(keyStore.toString());
        tls.setKeyStorePassword(password);
        tls.setKeyStoreType("PKCS12");
        HttpConfiguration secure = new HttpConfiguration(plain);
        secure.setSecureScheme("https");
        secure.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(secure));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
