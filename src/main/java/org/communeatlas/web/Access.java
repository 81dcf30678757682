package org.communeatlas.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.communeatlas.accounts.Viewer;
import org.communeatlas.accounts.Viewer.Role;

/**
 * Who may call what. Routes declare their minimum role in the route table with {@link #role}; services
 * that touch one commune's data check it with {@link Viewer#requireCommune}. Anonymous requests get 401,
 * signed-in users without the role 403.
 */
public final class Access {

    private Access() {
    }

    /** Wraps a handler so that it runs only for viewers with at least this role. */
    public static Handler role(Viewer.Role minimum, Handler handler) {
        return ctx -> {
            require(ctx, minimum);
            handler.handle(ctx);
        };
    }

    public static Viewer require(Context ctx, Viewer.Role minimum) {
        Viewer v = Requests.viewer(ctx);
        if (!v.isSignedIn()) {
            throw ProblemException.unauthorized("Sign in to do this");
        }
        if (v.role().ordinal() < minimum.ordinal()) {
            throw ProblemException.forbidden("Your role (" + v.role().name().toLowerCase() + ") may not do this");
        }
        return v;
    }
}
