package io.tooz.driver.jdbc;

import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import io.tooz.spi.ServiceProbe;
import java.sql.SQLException;
import java.time.Duration;

/** Turns JDBC errors into tooz exceptions that name the server, never the password. */
final class JdbcErrors {
    private static final Duration PROBE_MAX = Duration.ofSeconds(1);

    private final JdbcSettings settings;

    JdbcErrors(JdbcSettings settings) {
        this.settings = settings;
    }

    /**
     * An error while connecting: always a connection problem, whatever the server said. One that was no refusal,
     * timeout, TLS or login failure may be another service on the port: what the port answers to this dialect's
     * greeting then tells.
     */
    ToozConnectionException connectFailed(String what, SQLException e) {
        ToozException t = translate(what, e);
        if (t.getMessage().contains(settings.startHint()) && !refused(e) && settings.unixSocket() == null) {
            Dialect.Greeting g = settings.dialect().greeting();
            ServiceProbe.Reply r = ServiceProbe.ask(
                    settings.host(),
                    settings.port(),
                    g.request(),
                    PROBE_MAX.compareTo(settings.timeout()) < 0 ? PROBE_MAX : settings.timeout());
            boolean inconclusive = r.outcome() == ServiceProbe.Reply.Outcome.UNREACHABLE
                    || (r.outcome() == ServiceProbe.Reply.Outcome.SILENT && g.request() != null);
            if (!inconclusive && !g.ours().test(r)) {
                return new ToozConnectionException(
                        what + ": the server at " + settings.hostPort() + " is not "
                                + settings.dialect().displayName()
                                + (r.outcome() == ServiceProbe.Reply.Outcome.CLOSED ? ", or not a working one" : "")
                                + ": to " + g.name() + " it " + r.describe() + "; check the URL's host and port",
                        e);
            }
        }
        return t instanceof ToozConnectionException c ? c : new ToozConnectionException(t.getMessage(), e);
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    private static boolean tlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        String m = String.valueOf(e.getMessage());
        return m.contains("PKIX") || m.contains("SSL error");
    }

    /**
     * Whether the server did not answer in time: a socket read or a login that ran out of time. The JDBC drivers close
     * the connection then.
     */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.sql.SQLTimeoutException) {
                return true;
            }
        }
        return String.valueOf(e.getMessage()).contains("timed out");
    }

    /** A message for a server that did not answer within the {@code timeout} option. */
    String noAnswer(String what) {
        return what + ": no answer from " + settings.dialect().displayName() + " at " + settings.address() + " within"
                + " the URL's option timeout (" + settings.timeout().toMillis()
                + " ms), so the connection was given up."
                + " Check that the server is up and reachable and that the port is the database's, or raise timeout";
    }

    ToozException translate(String what, SQLException e) {
        String where = settings.dialect().displayName() + " at " + settings.address();
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (settings.password() != null && !settings.password().isEmpty()) {
            message = message.replace(settings.password(), "***");
        }
        if (state.startsWith("28") || code == 1045) {
            return new ToozConnectionException(
                    what + ": " + where + " refused user '" + settings.user() + "' (" + message
                            + "); check the user and password in the URL"
                            + (settings.dialect() instanceof MySqlDialect
                                    ? ", and for a user created REQUIRE SSL or X509 the TLS options (ssl_ca; ssl_cert"
                                            + " and ssl_key for a client certificate)"
                                    : ""),
                    e);
        }
        if (state.equals("3D000") || code == 1049 || code == 1044) {
            return new ToozConnectionException(
                    what + ": database '" + settings.database() + "' does not exist on " + where + " (or user '"
                            + settings.user() + "' may not use it); create it, grant access, or fix the URL's path",
                    e);
        }
        if ((timedOut(e) && settings.dialect().isConnectionError(e)) || e instanceof java.sql.SQLTimeoutException) {
            return new ToozConnectionException(noAnswer(what) + " (" + message + ")", e);
        }
        if (tlsFailure(e)) {
            return new ToozConnectionException(
                    what + ": TLS with " + where + " failed (" + message + "); check the server certificate options ("
                            + settings.dialect().tlsOptions() + ")",
                    e);
        }
        if (settings.dialect().isConnectionError(e)) {
            return new ToozConnectionException(
                    what + ": cannot talk to " + where + " (" + message + "); " + settings.startHint(), e);
        }
        return new ToozException(what + " failed on " + where + ": " + message, e);
    }
}
