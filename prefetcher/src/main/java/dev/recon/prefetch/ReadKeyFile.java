package dev.recon.prefetch;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.metrics.CountingObjectStore;
import dev.recon.core.metrics.IoCounter;
import dev.recon.spark.ExecutorClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Spark step: one key-file key in, its artifact ids out (one per line, blank lines ignored),
 * streamed so a large key file is never held whole.
 */
public final class ReadKeyFile implements FlatMapFunction<String, String> {
  private final ReconSettings settings;
  private final IoCounter io;

  public ReadKeyFile(ReconSettings settings) {
    this(settings, IoCounter.NONE);
  }

  /**
   * @param io counts the key-file reads (the prefetch stage's metrics)
   */
  public ReadKeyFile(ReconSettings settings, IoCounter io) {
    this.settings = settings;
    this.io = io;
  }

  @Override
  public Iterator<String> call(String keyFile) {
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new CountingObjectStore(ExecutorClients.objectStore(settings), io).open(keyFile),
                StandardCharsets.UTF_8),
            1 << 16);
    return new Iterator<>() {
      private String next = advance();

      private String advance() {
        try {
          String line;
          while ((line = reader.readLine()) != null) {
            String id = line.strip();
            if (!id.isEmpty()) {
              return id;
            }
          }
          reader.close();
          return null;
        } catch (IOException e) {
          throw new UncheckedIOException("reading key file " + keyFile, e);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public String next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        String out = next;
        next = advance();
        return out;
      }
    };
  }
}
