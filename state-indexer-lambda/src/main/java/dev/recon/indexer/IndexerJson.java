package dev.recon.indexer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** The handlers' JSON: requests tolerate unknown fields (Step Functions may pass extra context). */
public final class IndexerJson {
  static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private IndexerJson() {}

  public static <T> T decode(InputStream in, Class<T> type) {
    try {
      return MAPPER.readValue(in, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("bad " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  public static <T> T decode(byte[] bytes, Class<T> type) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalArgumentException("bad " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  public static byte[] encode(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void encode(Object value, OutputStream out) {
    try {
      MAPPER.writeValue(out, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
