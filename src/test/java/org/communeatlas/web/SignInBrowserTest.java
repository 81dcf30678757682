package org.communeatlas.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.testing.Accounts;
import org.communeatlas.testing.Browser;
import org.communeatlas.testing.DemoServerTest;
import org.junit.jupiter.api.Test;

/** Signing in and out in the map application, under the server's Content-Security-Policy. */
class SignInBrowserTest extends DemoServerTest {

    @Test
    void anOfficerSignsInAndOut() {
        Accounts.create(url, "officer.browser", Viewer.Role.OFFICER, "20362");
        try (Browser b = Browser.open(Browser.Size.DESKTOP)) {
            b.get(server.base() + "/");
            b.waitFor("window.atlas && window.atlas.ready", Duration.ofSeconds(30));
            b.find("#sign-in").click();
            b.find("#login-username").sendKeys("officer.browser");
            b.find("#login-password").sendKeys("wrong password!");
            b.find("#login-form button[type='submit']").click();
            b.waitFor("document.querySelector('#login-form .form-error').textContent.length > 0", Duration.ofSeconds(10));
            assertEquals("Sai tên đăng nhập hoặc mật khẩu.", b.find("#login-form .form-error").getText());
            b.find("#login-password").clear();
            b.find("#login-password").sendKeys(Accounts.PASSWORD);
            b.find("#login-form button[type='submit']").click();
            b.waitFor("document.getElementById('who')", Duration.ofSeconds(10));
            assertEquals("officer.browser · cán bộ", b.find("#who").getText());
            assertTrue((Boolean) b.js("return document.cookie.indexOf('atlas_session') < 0;"), "the session cookie is HttpOnly");
            b.screenshot("10-signed-in");
            b.find("#sign-out").click();
            b.waitFor("document.getElementById('sign-in')", Duration.ofSeconds(10));
            assertEquals(List.of(), b.consoleErrors().stream().filter(e -> !e.contains("/api/session - Failed to load resource: the server responded with a status of 401")).toList());
        }
    }
}
