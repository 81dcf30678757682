package org.communeatlas.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * For test classes that talk to the real application over a fresh copy of the demo database: one
 * database and one server per class (classes run one after another, so the shared fields are safe).
 */
public abstract class DemoServerTest {

    protected static String url;
    protected static TestServer server;

    @BeforeAll
    static void startDemoServer() {
        url = TestDatabase.demoDatabase();
        server = new TestServer(url);
    }

    @AfterAll
    static void stopDemoServer() {
        server.close();
    }
}
