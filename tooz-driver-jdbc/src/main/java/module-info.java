/**
 * The PostgreSQL and MySQL/MariaDB driver ({@code postgresql://}, {@code mysql://}). Its package is open to the JDBC
 * drivers only, which create {@code JdbcSocketFactory} by name (and Connector/J finds {@code MySqlTlsPlugin} as a
 * service); the core finds the driver as a service.
 */
@SuppressWarnings("requires-automatic")
module io.tooz.driver.jdbc {
    requires io.tooz.core;
    requires org.slf4j;
    requires java.sql;
    requires org.postgresql.jdbc;
    requires org.mariadb.jdbc;

    exports io.tooz.driver.jdbc to
            org.postgresql.jdbc,
            org.mariadb.jdbc;

    provides io.tooz.spi.DriverProvider with
            io.tooz.driver.jdbc.JdbcDriverProvider;
    // Connector/J's TLS from PEM files (tlsSocketType=tooz-pem)
    provides org.mariadb.jdbc.plugin.TlsSocketPlugin with
            io.tooz.driver.jdbc.MySqlTlsPlugin;
}
