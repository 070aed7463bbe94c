package dev.recon.local.junit;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The child-JVM side of {@link LambdaJars}: what the Lambda Java runtime does with a deployment
 * jar, in a JVM whose class path is only this class and {@code aws-lambda-java-serialization} (the
 * runtime's own serializer). The jar is loaded by a {@link URLClassLoader} whose parent is the
 * platform class loader, so nothing of a test class path can fill a class the jar lacks; the {@code
 * Handler} string ({@code package.Class::method}, method defaulting to {@code handleRequest}) is
 * resolved as the runtime resolves it; the handler is built with its public no-argument constructor
 * (reading its {@code RECON_*} environment, as on AWS) and called with each event.
 *
 * <p>{@code RequestStreamHandler}s get the event bytes and write the response; {@code
 * RequestHandler<I, O>}s get the event deserialized into {@code I} (AWS's event serializers for the
 * event types they know, the runtime's Jackson factory otherwise) and their {@code O} serialized
 * back. The {@code Context} is a proxy of the jar's own interface with a request id, the function
 * name and a deadline.
 *
 * <p>Usage: {@code LambdaJarRunner JAR HANDLER TIMEOUT_MS OUT_DIR EVENT_FILE...}: one handler
 * instance handles the events in order (a warm execution environment), each with a fresh deadline
 * of {@code TIMEOUT_MS}; event {@code i}'s response goes to {@code OUT_DIR/response-i.json}, or, if
 * the handler threw, Lambda's error shape {@code {"errorType": …, "errorMessage": …}} to {@code
 * error-i.json}. Exit 0: every event handled; 1: the handler threw on some; 2: the jar or handler
 * could not be loaded. The first line on stderr names the JVM's version. Deliberately JDK-only
 * apart from the serializer, and without nested classes: {@link LambdaJars} copies this one class
 * file.
 */
public final class LambdaJarRunner {
  private LambdaJarRunner() {}

  public static void main(String[] args) throws Exception {
    System.err.println(
        "lambda-jar-runner: java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.vendor")
            + ", "
            + System.getProperty("java.home")
            + ")");
    Path jar = Path.of(args[0]);
    String handler = args[1];
    long timeoutMs = Long.parseLong(args[2]);
    Path outDir = Path.of(args[3]);
    long[] deadline = {0};
    Object instance;
    Method method;
    Class<?> contextType;
    ClassLoader loader;
    try {
      loader =
          new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Thread.currentThread().setContextClassLoader(loader);
      int sep = handler.indexOf("::");
      String className = sep < 0 ? handler : handler.substring(0, sep);
      String methodName = sep < 0 ? "handleRequest" : handler.substring(sep + 2);
      Class<?> type = Class.forName(className, true, loader);
      contextType = Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader);
      instance = type.getConstructor().newInstance();
      method = handlerMethod(type, methodName, contextType);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      System.err.println("lambda-jar-runner: cannot load " + handler + " from " + jar);
      e.printStackTrace();
      System.exit(2);
      return;
    }

    String functionName = System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local");
    Object context =
        Proxy.newProxyInstance(
            loader,
            new Class<?>[] {contextType},
            (proxy, m, a) ->
                switch (m.getName()) {
                  case "getRemainingTimeInMillis" ->
                      (int) Math.max(0, deadline[0] - System.currentTimeMillis());
                  case "getAwsRequestId" -> UUID.randomUUID().toString();
                  case "getFunctionName" -> functionName;
                  case "getFunctionVersion" -> "$LATEST";
                  case "getMemoryLimitInMB" -> 1024;
                  case "toString" -> "LambdaJarRunner context of " + functionName;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == a[0];
                  default -> null;
                });

    // One handler instance for every event, as in one warm execution environment.
    boolean allOk = true;
    for (int n = 4; n < args.length; n++) {
      byte[] event = Files.readAllBytes(Path.of(args[n]));
      int i = n - 4;
      deadline[0] = System.currentTimeMillis() + timeoutMs;
      long start = System.nanoTime();
      try {
        Files.write(
            outDir.resolve("response-" + i + ".json"),
            invoke(instance, method, context, event, loader));
      } catch (InvocationTargetException e) {
        allOk = false;
        Throwable cause = e.getCause();
        cause.printStackTrace();
        Files.write(
            outDir.resolve("error-" + i + ".json"),
            ("{\"errorType\":\""
                    + json(cause.getClass().getName())
                    + "\",\"errorMessage\":\""
                    + json(String.valueOf(cause.getMessage()))
                    + "\"}")
                .getBytes(StandardCharsets.UTF_8));
      }
      System.err.println(
          "lambda-jar-runner: event "
              + i
              + " handled in "
              + (System.nanoTime() - start) / 1_000_000
              + " ms");
    }
    System.out.flush();
    System.exit(allOk ? 0 : 1);
  }

  /** The public method {@code name} taking (stream, stream, context) or (event, context). */
  private static Method handlerMethod(Class<?> type, String name, Class<?> contextType)
      throws NoSuchMethodException {
    Method stream = null;
    Method pojo = null;
    for (Method m : type.getMethods()) {
      if (!m.getName().equals(name) || m.isBridge() || Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      Class<?>[] p = m.getParameterTypes();
      if (p.length == 3
          && p[0] == InputStream.class
          && p[1] == OutputStream.class
          && p[2] == contextType) {
        stream = m;
      } else if (p.length == 2 && p[1] == contextType && pojo == null) {
        pojo = m;
      }
    }
    Method found = stream != null ? stream : pojo;
    if (found == null) {
      throw new NoSuchMethodException(type.getName() + "::" + name + " with a Context parameter");
    }
    return found;
  }

  private static byte[] invoke(
      Object instance, Method method, Object context, byte[] event, ClassLoader loader)
      throws Exception {
    if (method.getParameterCount() == 3) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      method.invoke(instance, new ByteArrayInputStream(event), out, context);
      return out.toByteArray();
    }
    Object input =
        serializer(method.getParameterTypes()[0], loader).fromJson(new ByteArrayInputStream(event));
    Object output = method.invoke(instance, input, context);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (output != null) {
      serializer(method.getReturnType(), loader).toJson(output, out);
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static PojoSerializer<Object> serializer(Class<?> type, ClassLoader loader) {
    if (LambdaEventSerializers.isLambdaSupportedEvent(type.getName())) {
      return (PojoSerializer<Object>) LambdaEventSerializers.serializerFor(type, loader);
    }
    return (PojoSerializer<Object>) JacksonFactory.getInstance().getSerializer(type);
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
