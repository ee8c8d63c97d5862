package graphprofile.server;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.io.ByteUnit;

/**
 * Runs an embedded Neo4j Community DBMS that is reachable only through Bolt on the loopback
 * interface, with authentication on. Started and stopped by graphprofile/store/server.py.
 *
 * <p>Usage: {@code Launcher --data DIR --port N [--pagecache SIZE]}; the password of user
 * {@code neo4j} comes from the environment variable {@code GRAPHPROFILE_NEO4J_PASSWORD}. Prints
 * {@code GRAPHPROFILE-READY <port>} once Bolt clients can log in with that password.
 */
public final class Launcher {
    static final String PASSWORD_ENV = "GRAPHPROFILE_NEO4J_PASSWORD";
    static final String READY = "GRAPHPROFILE-READY";
    // Only loopback: the managed server is a local store, never a network service.
    static final String LISTEN_HOST = "127.0.0.1";
    static final long AVAILABLE_TIMEOUT_MS = 120_000;

    private Launcher() {}

    /** Command-line options; unknown options are errors so typos do not go unnoticed. */
    record Options(Path data, int port, String pagecache) {
        static Options parse(String[] args) {
            Path data = null;
            Integer port = null;
            String pagecache = "512m";
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + name);
                }
                String value = args[++i];
                switch (name) {
                    case "--data" -> data = Path.of(value).toAbsolutePath();
                    case "--port" -> port = Integer.parseInt(value);
                    case "--pagecache" -> pagecache = value;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (data == null || port == null) {
                throw new IllegalArgumentException("--data DIR and --port N are required");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            return new Options(data, port, pagecache);
        }
    }

    public static void main(String[] args) {
        Options options;
        String password = System.getenv(PASSWORD_ENV);
        try {
            options = Options.parse(args);
            if (password == null || password.isEmpty()) {
                // Refuse rather than serve with the well-known default password.
                throw new IllegalArgumentException(PASSWORD_ENV + " is not set");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("graphprofile-server: " + e.getMessage());
            System.err.println("usage: Launcher --data DIR --port N [--pagecache SIZE]");
            System.exit(2);
            return;
        }

        DatabaseManagementService service;
        try {
            service = build(options);
        } catch (RuntimeException e) {
            fail("could not start Neo4j", e, null);
            return;
        }
        // SIGTERM/SIGINT run shutdown hooks: flush and close the store cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown, "graphprofile-shutdown"));

        try {
            setPassword(service, password);
            GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!db.isAvailable(AVAILABLE_TIMEOUT_MS)) {
                throw new IllegalStateException("database did not become available");
            }
        } catch (RuntimeException e) {
            fail("Neo4j started but is not usable", e, service);
            return;
        }

        PrintStream out = System.out;
        out.println(READY + " " + options.port());
        out.flush();
        awaitForever();
    }

    static DatabaseManagementService build(Options options) {
        Path home = options.data();
        return new DatabaseManagementServiceBuilder(home)
                // Keep store files directly under DIR and the DBMS logs under DIR/logs.
                .setConfig(GraphDatabaseSettings.data_directory, home)
                .setConfig(GraphDatabaseSettings.logs_directory, home.resolve("logs"))
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.parse(options.pagecache()))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // LOAD CSV may read files from $GRAPHPROFILE_HOME/import only, never the
                // rest of the file system.
                .setConfig(GraphDatabaseSettings.load_csv_file_url_root,
                        home.resolveSibling("import"))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .setConfig(GraphDatabaseSettings.default_listen_address,
                        new SocketAddress(LISTEN_HOST))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address,
                        new SocketAddress(LISTEN_HOST, options.port()))
                // The tool talks TLS-free Bolt over loopback only.
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Bolt waits 5 s twice on shutdown for idle pools/connections by default; the
                // only clients are our own short-lived ones, so a clean stop need not take 10 s.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time,
                        Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time,
                        Duration.ofSeconds(1))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .build();
    }

    /**
     * Sets the password of user neo4j via the system database. The embedded API runs with full
     * rights, so this works whatever the previous password was (first start: "neo4j").
     */
    static void setPassword(DatabaseManagementService service, String password) {
        GraphDatabaseService system = service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (QueryExecutionException e) {
            // Every start after the first one sets the same password again, which Neo4j rejects.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void fail(String what, Exception e, DatabaseManagementService service) {
        System.err.println("graphprofile-server: " + what + ": " + e);
        e.printStackTrace(System.err);
        if (service != null) {
            try {
                service.shutdown();
            } catch (RuntimeException ignored) {
                // Already failing; the original error is the one worth reporting.
            }
        }
        // Neo4j leaves non-daemon threads behind, so exit explicitly.
        Runtime.getRuntime().halt(1);
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
