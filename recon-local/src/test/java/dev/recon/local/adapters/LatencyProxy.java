package dev.recon.local.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay that delays every chunk the client sends by a fixed time: each request round
 * trip then costs at least that long, so a test can tell one pipelined burst from hundreds of
 * request/response exchanges by the clock alone.
 */
final class LatencyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  LatencyProxy(String host, int port, long delayMillis) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  Socket upstream = new Socket(host, port);
                  sockets.add(client);
                  sockets.add(upstream);
                  pump(client.getInputStream(), upstream.getOutputStream(), delayMillis);
                  pump(upstream.getInputStream(), client.getOutputStream(), 0);
                } catch (IOException e) {
                  return;
                }
              }
            },
            "latency-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private static void pump(InputStream in, OutputStream out, long delayMillis) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                  if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                  }
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // connection closed
              } finally {
                try {
                  out.close();
                } catch (IOException ignored) {
                  // already closed
                }
              }
            },
            "latency-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
