package io.metaroute.bench;

/** What the benchmarks' mains share: {@code name=value} arguments, and an exit status that says whether the run failed. */
public final class BenchMain {
    private BenchMain() {
    }

    /** A benchmark's body: anything it throws fails the run. */
    @FunctionalInterface
    public interface Body {
        void run(String args) throws Exception;
    }

    /** Runs {@code body} on the arguments joined by spaces, then exits: 0, or 1 when it threw (netty and Spring leave non-daemon threads). */
    public static void run(String[] args, Body body) {
        int status = 0;
        try {
            body.run(String.join(" ", args));
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** The value of {@code name=value} among {@code all}, or {@code fallback}. */
    public static String option(String all, String name, String fallback) {
        for (String a : all.split(" ")) {
            if (a.startsWith(name + "=")) {
                return a.substring(name.length() + 1);
            }
        }
        return fallback;
    }

    /** The service's arguments every in-process benchmark shares: a free port, no execution, a schema of its own in the local PostgreSQL, quiet logs. */
    public static java.util.List<String> serviceArgs(String schema) {
        return java.util.List.of(
                "--server.port=0",
                "--metaroute.execution.enabled=false",
                "--metaroute.cross.enabled=false",
                "--metaroute.database.schema=" + schema,
                "--spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:5432/test",
                "--spring.r2dbc.username=postgres",
                "--spring.r2dbc.password=",
                "--logging.level.io.metaroute=WARN",
                "--logging.level.org.springframework=WARN");
    }

    /** Drops a benchmark's schema from the local PostgreSQL; a failure is printed, not thrown. */
    public static void dropSchema(String schema) {
        try (var connection = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             var statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (Exception e) {
            System.err.println("could not drop schema " + schema + ": " + e.getMessage());
        }
    }
}
