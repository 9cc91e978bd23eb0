package io.tooz.driver.jdbc;

import io.tooz.ToozConnectionException;
import io.tooz.ToozException;
import java.sql.SQLException;

/** Turns JDBC errors into tooz exceptions that name the server, never the password. */
final class JdbcErrors {
    private final JdbcSettings settings;

    JdbcErrors(JdbcSettings settings) {
        this.settings = settings;
    }

    /** An error while connecting: always a connection problem, whatever the server said. */
    ToozConnectionException connectFailed(String what, SQLException e) {
        ToozException t = translate(what, e);
        return t instanceof ToozConnectionException c ? c : new ToozConnectionException(t.getMessage(), e);
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
                            + "); check the user and password in the URL",
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
