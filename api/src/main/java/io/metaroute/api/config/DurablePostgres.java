package io.metaroute.api.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL on a data directory that outlives the process: fsync and synchronous commit on
 * (the embedded library turns both off by default), the cluster created on first use and reopened
 * after. Beside it runs a watchdog, started before the server: an {@code sh} process that waits for
 * end-of-file on a pipe from this JVM and then asks the postmaster for a fast shutdown (SIGINT,
 * SIGQUIT after 5 s). The pipe ends however the JVM ends, so a {@code kill -9} of the owner leaves
 * no database running; the postmaster itself is a daemon of {@code pg_ctl} and would not notice.
 * The postmaster's pid is written down the pipe once it runs, so the watchdog does not depend on
 * {@code postmaster.pid} still being there at the end (it reads the file only if the JVM died
 * before telling it).
 */
final class DurablePostgres implements AutoCloseable {
    static final String WATCHDOG = String.join("\n",
            "pid=",
            "while read -r line; do pid=$line; done",
            "[ -n \"$pid\" ] || pid=$(head -n 1 \"$1/postmaster.pid\" 2>/dev/null)",
            "[ -n \"$pid\" ] || exit 0",
            "kill -INT \"$pid\" 2>/dev/null || exit 0",
            "i=0",
            "while kill -0 \"$pid\" 2>/dev/null && [ \"$i\" -lt 50 ]; do sleep 0.1; i=$((i+1)); done",
            "kill -QUIT \"$pid\" 2>/dev/null",
            "exit 0");

    private final EmbeddedPostgres postgres;
    private final Process watchdog;
    private final Path data;

    private DurablePostgres(EmbeddedPostgres postgres, Process watchdog, Path data) {
        this.postgres = postgres;
        this.watchdog = watchdog;
        this.data = data;
    }

    static DurablePostgres start(Path data) {
        try {
            Files.createDirectories(data.getParent());
            stopLeftover(data);
            Process watchdog = new ProcessBuilder("sh", "-c", WATCHDOG, "sh", data.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(data)
                        .setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false)
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .start();
                var pipe = watchdog.getOutputStream();
                pipe.write((postmasterPid(data).orElseThrow(() -> new IOException("no postmaster.pid in " + data))
                        + "\n").getBytes(StandardCharsets.US_ASCII));
                pipe.flush();
                return new DurablePostgres(postgres, watchdog, data);
            } catch (IOException | RuntimeException e) {
                watchdog.destroyForcibly();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + data
                    + "; configure spring.r2dbc.url, or start afresh with metaroute.fresh=true", e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    Path data() {
        return data;
    }

    /** The postmaster's pid while it runs (from its {@code postmaster.pid}). */
    Optional<Long> postmasterPid() {
        return postmasterPid(data);
    }

    /** The watchdog's process; closing its input is what the death of this JVM does. */
    Process watchdog() {
        return watchdog;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            // the watchdog below still stops a server that did not stop
        } finally {
            try {
                watchdog.getOutputStream().close();
                watchdog.waitFor(12, TimeUnit.SECONDS);
            } catch (IOException e) {
                watchdog.destroy();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A postmaster still serving {@code data} from an earlier run (its watchdog did not get to stop
     * it) is stopped: this process holds the data directory's lock, so no live owner needs it.
     */
    private static void stopLeftover(Path data) {
        postmasterPid(data).flatMap(ProcessHandle::of).filter(DurablePostgres::isPostgres).ifPresent(p -> {
            System.out.println("Metaroute: stopping a PostgreSQL left running on " + data + " (pid " + p.pid() + ")");
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(5, TimeUnit.SECONDS);
                p.onExit().get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    private static boolean isPostgres(ProcessHandle p) {
        try {
            String cmdline = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline"), StandardCharsets.ISO_8859_1);
            return p.isAlive() && cmdline.contains("postgres");
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Long> postmasterPid(Path data) {
        try {
            var lines = Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
