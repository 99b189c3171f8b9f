package dev.pgtrickle.test.harness.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a child JVM by {@link ClusterCacheTests}: takes the lock of the file named by its argument, as the cache does,
 * prints {@code LOCKED} on standard output, and holds the lock until a line (or the end) comes on standard input.
 */
final class LockHolderMain {

    private LockHolderMain() {}

    public static void main(String[] args) throws IOException {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            System.out.println(lock.isValid() ? "LOCKED" : "NOT LOCKED");
            System.out.flush();
            System.in.read();
        }
    }
}
