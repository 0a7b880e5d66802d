package io.metaroute.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database of the zero-configuration default: durable, and never left running. */
class DurablePostgresTest {

    @Test
    void fsyncIsOnAndCommittedRowsSurviveARestart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        try (DurablePostgres pg = DurablePostgres.start(data)) {
            try (var c = connect(pg)) {
                var settings = c.createStatement().executeQuery(
                        "select current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')");
                settings.next();
                assertThat(settings.getString(1)).isEqualTo("on");
                assertThat(settings.getString(2)).isEqualTo("on");
                assertThat(settings.getString(3)).isEqualTo("on");
                c.createStatement().execute("create table kept (v text); insert into kept values ('before the restart')");
            }
        }
        try (DurablePostgres pg = DurablePostgres.start(data); var c = connect(pg)) {
            var rows = c.createStatement().executeQuery("select v from kept");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("before the restart");
        }
    }

    @Test
    void theServerStopsWithinSecondsOnceItsOwnersPipeEnds(@TempDir Path dir) throws Exception {
        DurablePostgres pg = DurablePostgres.start(dir.resolve("postgres"));
        long pid = pg.postmasterPid().orElseThrow();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        assertThat(postmaster.isAlive()).isTrue();

        pg.watchdog().getOutputStream().close(); // what the kernel does when the JVM dies, kill -9 included

        assertThat(pg.watchdog().waitFor(15, TimeUnit.SECONDS)).as("the watchdog finished").isTrue();
        assertThat(postmaster.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).get()).as("postmaster gone").isNotNull();
        assertThat(postmaster.isAlive()).isFalse();
        pg.close();
        // stopped cleanly (fast shutdown, not a crash): the next start finds a usable cluster
        try (DurablePostgres again = DurablePostgres.start(dir.resolve("postgres")); var c = connect(again)) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void theWatchdogStopsTheServerEvenWhenItsPidFileIsGoneByThen(@TempDir Path dir) throws Exception {
        DurablePostgres pg = DurablePostgres.start(dir.resolve("postgres"));
        ProcessHandle postmaster = ProcessHandle.of(pg.postmasterPid().orElseThrow()).orElseThrow();
        Files.delete(dir.resolve("postgres").resolve("postmaster.pid")); // as when the owner's data directory is removed

        pg.watchdog().getOutputStream().close();

        assertThat(postmaster.onExit().completeOnTimeout(null, 10, TimeUnit.SECONDS).get()).as("postmaster gone").isNotNull();
    }

    @Test
    void aDataDirectoryHasOneOwnerAndStartingAfreshEmptiesIt(@TempDir Path dir) throws Exception {
        DataDirectory first = DataDirectory.open(dir, false);
        try {
            Files.createDirectories(first.devnet());
            Files.writeString(first.devnet().resolve("network.json"), "{}");
            assertThatThrownBy(() -> DataDirectory.open(dir, false)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another Metaroute process");
        } finally {
            first.release();
        }
        DataDirectory resumed = DataDirectory.open(dir, false);
        assertThat(resumed.resumed()).isTrue();
        resumed.release();
        DataDirectory fresh = DataDirectory.open(dir, true);
        try {
            assertThat(fresh.resumed()).isFalse();
            assertThat(fresh.devnet()).doesNotExist();
            assertThat(dir.resolve("lock")).exists();
        } finally {
            fresh.release();
        }
    }

    private static java.sql.Connection connect(DurablePostgres pg) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", "postgres", "");
    }
}
