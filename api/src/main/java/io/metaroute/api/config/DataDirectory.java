package io.metaroute.api.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.core.env.Environment;

/**
 * Where the zero-configuration default keeps what must survive a restart: the embedded
 * PostgreSQL's data ({@code postgres/}) and the devnet's chains and description ({@code devnet/}).
 * {@code metaroute.data-dir} names it (default {@code ~/.metaroute}); {@code metaroute.fresh=true}
 * (or {@code --fresh}) empties it first. One process at a time holds it: a second one is refused
 * rather than let two databases and two sets of nodes write the same files.
 *
 * <p>Prepared once per JVM, by whichever embedded part needs it first (the embedded database
 * before the context starts, the devnet while it starts), and only when something is embedded:
 * with a configured database and network file the directory is never touched.
 */
public final class DataDirectory {
    public static final String PROPERTY = "metaroute.data-dir";
    public static final String FRESH = "metaroute.fresh";
    private static final String LOCK = "lock";
    private static DataDirectory prepared;

    private final Path root;
    private final boolean resumed;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, boolean resumed, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.resumed = resumed;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Locks the configured directory (emptied first when starting afresh); the same one on every later call. */
    public static synchronized DataDirectory prepare(Environment env) {
        Path root = location(env);
        if (prepared != null) {
            if (!prepared.root.equals(root)) {
                throw new IllegalStateException("this process already uses the data directory " + prepared.root + ", not " + root);
            }
            return prepared;
        }
        prepared = open(root, fresh(env));
        return prepared;
    }

    /** The directory this process prepared, if any. */
    public static synchronized Optional<DataDirectory> current() {
        return Optional.ofNullable(prepared);
    }

    static Path location(Environment env) {
        String configured = env.getProperty(PROPERTY, "");
        Path path = configured.isBlank() ? Path.of(System.getProperty("user.home"), ".metaroute") : Path.of(configured);
        return path.toAbsolutePath().normalize();
    }

    /** {@code metaroute.fresh=true}, or a bare {@code --fresh} on the command line. */
    static boolean fresh(Environment env) {
        if (env.getProperty(FRESH, Boolean.class, false)) {
            return true;
        }
        String bare = env.getProperty("fresh");
        return bare != null && !bare.equalsIgnoreCase("false");
    }

    static DataDirectory open(Path root, boolean fresh) {
        try {
            Files.createDirectories(root);
            FileChannel channel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this very JVM
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("the data directory " + root + " is in use by another Metaroute process ("
                        + holder(root) + "); stop it, or give this one its own " + PROPERTY);
            }
            channel.truncate(0).write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)));
            if (fresh) {
                wipe(root);
            }
            boolean resumed = Files.exists(root.resolve("postgres").resolve("PG_VERSION"))
                    || Files.exists(root.resolve("devnet").resolve("network.json"));
            return new DataDirectory(root, resumed, channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the data directory " + root, e);
        }
    }

    private static String holder(Path root) {
        try {
            return "pid " + Files.readString(root.resolve(LOCK)).trim();
        } catch (IOException e) {
            return "pid unknown";
        }
    }

    /** Deletes everything in {@code root} but the lock this process holds. */
    private static void wipe(Path root) throws IOException {
        try (Stream<Path> children = Files.list(root)) {
            for (Path child : children.filter(p -> !p.getFileName().toString().equals(LOCK)).toList()) {
                try (Stream<Path> tree = Files.walk(child)) {
                    for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    public Path root() {
        return root;
    }

    /** The embedded PostgreSQL's data directory. */
    public Path postgres() {
        return root.resolve("postgres");
    }

    /** The devnet's state directory: the network description and every rollup's chain. */
    public Path devnet() {
        return root.resolve("devnet");
    }

    /** Whether an earlier run's database or devnet was found here (and not wiped). */
    public boolean resumed() {
        return resumed;
    }

    @Override
    public String toString() {
        return root + (resumed ? " (resumed)" : " (new)");
    }

    /** Releases the lock; only for tests that open several directories in one JVM. */
    void release() {
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
