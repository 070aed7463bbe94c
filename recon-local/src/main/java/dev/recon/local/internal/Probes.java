package dev.recon.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Readiness probes and port picking, all on the loopback interface. */
public final class Probes {
  static final int CONNECT_TIMEOUT_MS = 250;
  static final int READ_TIMEOUT_MS = 2_000;

  private Probes() {}

  /** A port free on 127.0.0.1 right now (the OS picks it; the server binds it moments later). */
  public static int freeLoopbackPort() {
    return freeLoopbackPorts(1)[0];
  }

  /** {@code n} distinct free loopback ports: all are held open together, so none repeats. */
  public static int[] freeLoopbackPorts(int n) {
    ServerSocket[] held = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        held[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ports[i] = held[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("no free loopback port", e);
    } finally {
      for (ServerSocket s : held) {
        if (s != null) {
          try {
            s.close();
          } catch (IOException ignored) {
            // closing a listening socket we opened
          }
        }
      }
    }
  }

  /** True once an HTTP server answers on the port with any status line. */
  public static boolean httpAnswers(int port) {
    try (Socket s = connect(port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return readLine(s.getInputStream()).startsWith("HTTP/");
    } catch (IOException e) {
      return false;
    }
  }

  /** True once Redis answers PING with PONG (not while it is still loading its data set). */
  public static boolean redisAnswers(int port) {
    try (Socket s = connect(port)) {
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return readLine(s.getInputStream()).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  private static Socket connect(int port) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MS);
      s.setSoTimeout(READ_TIMEOUT_MS);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n' && line.length() < 256) {
      line.append((char) c);
    }
    return line.toString();
  }
}
