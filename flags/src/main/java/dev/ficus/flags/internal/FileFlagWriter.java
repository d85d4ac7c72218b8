package dev.ficus.flags.internal;

import dev.ficus.flags.FlagUpdate;
import dev.ficus.flags.FlagWriteException;
import dev.ficus.flags.FlagWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Writes a flag's stage, share and rollback into a flags file: under a lock (replicas on one host
 * share the file), into a temporary file that is checked like any reload and then renamed over the
 * file, so a reader never sees half a file and the other flags stay as they were.
 */
public final class FileFlagWriter implements FlagWriter {

  /** One lock per file within this process: a file lock is held per process, not per thread. */
  private static final java.util.Map<Path, Object> LOCKS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final Path file;

  public FileFlagWriter(Path file) {
    this.file = file.toAbsolutePath();
  }

  @Override
  public void write(String flag, FlagUpdate update) throws FlagWriteException {
    synchronized (LOCKS.computeIfAbsent(file, key -> new Object())) {
      writeLocked(flag, update);
    }
  }

  private void writeLocked(String flag, FlagUpdate update) throws FlagWriteException {
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      String content =
          Files.exists(file)
              ? Files.readString(file, StandardCharsets.UTF_8)
              : "{\"version\":2,\"features\":[]}";
      String updated = FlagDocuments.withUpdate(content, flag, update);
      Optional<String> problem = FlagsFileFetcher.problemWith(updated, false);
      if (problem.isPresent()) {
        throw new FlagWriteException(
            file
                + " would not be valid after the change, so it was left as it was: "
                + problem.get());
      }
      Path temporary = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
      try {
        Files.writeString(temporary, updated, StandardCharsets.UTF_8);
        try {
          Files.move(
              temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException | RuntimeException e) {
      throw new FlagWriteException("cannot write " + file + ": " + e, e);
    }
  }

  @Override
  public String target() {
    return "file " + file;
  }

  @Override
  public String toString() {
    return "FileFlagWriter[" + file + "]";
  }
}
