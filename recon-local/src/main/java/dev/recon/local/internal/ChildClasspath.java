package dev.recon.local.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of a child server JVM, as resolved at build time into {@code
 * dev/recon/local/<name>.classpath} (see recon-local's pom.xml): absolute paths of jars in the
 * local Maven repository.
 */
public final class ChildClasspath {
  private ChildClasspath() {}

  public static List<Path> read(String name) {
    String resource = "/dev/recon/local/" + name + ".classpath";
    String text;
    try (InputStream in = ChildClasspath.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            resource
                + " is missing: build recon-local with Maven (it is generated in generate-resources)");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    List<Path> entries = new ArrayList<>();
    for (String entry : text.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      Path p = Path.of(entry.trim());
      if (!Files.exists(p)) {
        throw new IllegalStateException(
            name
                + " classpath entry "
                + p
                + " does not exist (local Maven repository cleaned?): "
                + "rebuild recon-local with `mvn -pl recon-local install`");
      }
      entries.add(p);
    }
    if (entries.isEmpty()) {
      throw new IllegalStateException(resource + " is empty: rebuild recon-local");
    }
    return entries;
  }

  /** Joins entries, first to last, with the platform's path separator. */
  public static String join(List<Path> entries) {
    List<String> s = new ArrayList<>(entries.size());
    for (Path p : entries) {
      s.add(p.toString());
    }
    return String.join(File.pathSeparator, s);
  }
}
