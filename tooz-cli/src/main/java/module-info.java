/**
 * The {@code tooz} command line. Exports nothing; picocli reads the commands reflectively. It ships as one shaded jar
 * run on the class path ({@code ./tooz}); this descriptor states what it uses and is checked at build time.
 *
 * <p>The module does not run on the module path: ZooKeeper's server (in {@code io.tooz.embedded.zookeeper}, for {@code
 * tooz server}) needs zookeeper-jute, which splits two packages with zookeeper (see tooz-driver-zookeeper's pom).
 */
@SuppressWarnings({"module", "requires-automatic"})
module io.tooz.cli {
    requires io.tooz.core;
    requires info.picocli;
    requires jul.to.slf4j;
    requires io.tooz.embedded.zookeeper;
    requires com.fasterxml.jackson.jr.ob;

    uses io.tooz.spi.DriverProvider;

    opens io.tooz.cli to
            info.picocli;
}
