package dev.recon.infrastructure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The AWS API calls a deployable's code can make, read from the bytecode of the jar as deployed:
 * every method of the project's own classes ({@code dev/recon/…}) reachable from the entry points
 * is scanned for calls on an AWS SDK v2 service client, and each call is mapped to its IAM action.
 *
 * <p>Reachability is a class-hierarchy call graph: a virtual or interface call reaches the method
 * in the receiver's class and every override in the project's subtypes; a lambda or method
 * reference reaches its target; a class instantiated by the project reaches the methods that
 * override a library or JDK supertype (callbacks such as {@code Runnable.run} or a Spark function),
 * and all its methods where that supertype cannot be read. Calls made inside libraries (the SDK's
 * own credential providers, for instance) are not the code's and are not counted.
 */
final class CodeCalls {
  private static final String OWN = "dev/recon/";

  /**
   * Where the EMR job jars relocate the libraries they bundle (the parent pom's {@code emr-job-jar}
   * shading): library code, not the project's, although its names start with {@link #OWN}.
   */
  private static final String SHADED = "dev/recon/shaded/";

  private static final Pattern CLIENT =
      Pattern.compile(
          "(?:dev/recon/shaded/)?software/amazon/awssdk/services/([a-z0-9]+)/[A-Za-z0-9]+?(Async)?Client");

  /** The SDK's package name of a service → its IAM prefix, where the two differ. */
  private static final Map<String, String> PREFIX =
      Map.of("sfn", "states", "cloudwatchlogs", "logs", "emr", "elasticmapreduce");

  /** Client methods that are no API call. */
  private static final Set<String> NOT_CALLS =
      Set.of(
          "close",
          "serviceName",
          "serviceClientConfiguration",
          "utilities",
          "waiter",
          "create",
          "builder");

  /**
   * API operations whose IAM action has another name (AWS's Service Authorization Reference); any
   * other operation's action is its own name.
   */
  private static final Map<String, List<String>> ACTIONS =
      Map.ofEntries(
          Map.entry("s3:ListObjectsV2", List.of("s3:ListBucket")),
          Map.entry("s3:ListObjects", List.of("s3:ListBucket")),
          Map.entry("s3:HeadBucket", List.of("s3:ListBucket")),
          Map.entry("s3:HeadObject", List.of("s3:GetObject")),
          Map.entry("s3:GetObjectAsBytes", List.of("s3:GetObject")),
          Map.entry("s3:GetObjectAttributes", List.of("s3:GetObject", "s3:GetObjectAttributes")),
          Map.entry("s3:DeleteObjects", List.of("s3:DeleteObject")),
          Map.entry("s3:CopyObject", List.of("s3:GetObject", "s3:PutObject")),
          Map.entry("s3:CreateMultipartUpload", List.of("s3:PutObject")),
          Map.entry("s3:UploadPart", List.of("s3:PutObject")),
          Map.entry("s3:CompleteMultipartUpload", List.of("s3:PutObject")),
          Map.entry("dynamodb:TransactGetItems", List.of("dynamodb:GetItem")),
          Map.entry("lambda:Invoke", List.of("lambda:InvokeFunction")));

  private final Map<String, ClassNode> classes = new HashMap<>();
  private final Map<String, List<String>> subtypes = new HashMap<>();
  private final Map<String, Optional<Set<String>>> externalMethods = new HashMap<>();
  private final Set<String> reached = new HashSet<>();
  private final Set<String> live = new HashSet<>();
  private final Deque<String[]> work = new ArrayDeque<>();
  private final Map<String, String> calls = new TreeMap<>();

  private CodeCalls(Collection<Path> jars) {
    for (Path jar : jars) {
      read(jar);
    }
    for (ClassNode c : classes.values()) {
      if (own(c.name)) {
        List<String> supers = new ArrayList<>(c.interfaces);
        if (c.superName != null) {
          supers.add(c.superName);
        }
        for (String s : supers) {
          subtypes.computeIfAbsent(s, k -> new ArrayList<>()).add(c.name);
        }
      }
    }
  }

  private static boolean own(String internalName) {
    return internalName.startsWith(OWN) && !internalName.startsWith(SHADED);
  }

  /**
   * The IAM actions reachable from {@code entries} (binary class name → method name, every
   * overload, plus the class's constructors and static initialiser), each with one call site.
   */
  static Map<String, String> of(Collection<Path> jars, Map<String, String> entries) {
    CodeCalls graph = new CodeCalls(jars);
    entries.forEach(
        (cls, method) -> {
          String owner = cls.replace('.', '/');
          ClassNode c = graph.classes.get(owner);
          if (c == null) {
            throw new IllegalArgumentException(cls + " is in none of " + jars);
          }
          graph.instantiated(owner);
          for (MethodNode m : c.methods) {
            if (m.name.equals(method) || m.name.equals("<init>")) {
              graph.reach(owner, m);
            }
          }
        });
    graph.run();
    return graph.calls;
  }

  /** IAM action(s) of an SDK client method, or none if it is no API call. */
  static List<String> actions(String clientOwner, String method) {
    Matcher m = CLIENT.matcher(clientOwner);
    if (!m.matches() || NOT_CALLS.contains(method)) {
      return List.of();
    }
    String service = PREFIX.getOrDefault(m.group(1), m.group(1));
    String operation =
        method.endsWith("Paginator")
            ? method.substring(0, method.length() - "Paginator".length())
            : method;
    String action =
        service + ":" + operation.substring(0, 1).toUpperCase(Locale.ROOT) + operation.substring(1);
    if (action.equals("dynamodb:TransactWriteItems")) {
      throw new IllegalStateException(
          "TransactWriteItems is authorised by its items' actions: map the items");
    }
    return ACTIONS.getOrDefault(action, List.of(action));
  }

  private void run() {
    while (!work.isEmpty()) {
      String[] item = work.pop();
      ClassNode owner = classes.get(item[0]);
      MethodNode method =
          owner.methods.stream()
              .filter(m -> m.name.equals(item[1]) && m.desc.equals(item[2]))
              .findFirst()
              .orElseThrow();
      scan(owner, method);
    }
  }

  private void scan(ClassNode owner, MethodNode method) {
    String site = owner.name.replace('/', '.') + "." + method.name;
    for (AbstractInsnNode insn : method.instructions) {
      if (insn instanceof MethodInsnNode call) {
        invoked(
            call.owner,
            call.name,
            call.desc,
            call.getOpcode() != Opcodes.INVOKESTATIC && call.getOpcode() != Opcodes.INVOKESPECIAL,
            site);
        if (call.name.equals("<init>") && own(call.owner)) {
          instantiated(call.owner);
        }
      } else if (insn instanceof InvokeDynamicInsnNode indy) {
        for (Object arg : indy.bsmArgs) {
          if (arg instanceof Handle h) {
            invoked(
                h.getOwner(),
                h.getName(),
                h.getDesc(),
                h.getTag() == Opcodes.H_INVOKEVIRTUAL || h.getTag() == Opcodes.H_INVOKEINTERFACE,
                site);
            if (h.getTag() == Opcodes.H_NEWINVOKESPECIAL && own(h.getOwner())) {
              instantiated(h.getOwner());
            }
          }
        }
      } else if (insn instanceof TypeInsnNode type
          && insn.getOpcode() == Opcodes.NEW
          && own(type.desc)) {
        instantiated(type.desc);
      }
    }
  }

  private void invoked(String owner, String name, String desc, boolean virtual, String site) {
    for (String action : actions(owner, name)) {
      calls.putIfAbsent(action, site);
    }
    if (!own(owner) || !classes.containsKey(owner)) {
      return;
    }
    live(owner);
    resolve(owner, name, desc);
    if (virtual) {
      for (String sub : allSubtypes(owner)) {
        ClassNode c = classes.get(sub);
        c.methods.stream()
            .filter(m -> m.name.equals(name) && m.desc.equals(desc))
            .forEach(m -> reach(sub, m));
      }
    }
  }

  /**
   * The method a call on {@code owner} runs when no subtype overrides it: declared or inherited.
   */
  private void resolve(String owner, String name, String desc) {
    ClassNode c = classes.get(owner);
    if (c == null || !own(c.name)) {
      return;
    }
    Optional<MethodNode> m =
        c.methods.stream().filter(x -> x.name.equals(name) && x.desc.equals(desc)).findFirst();
    if (m.isPresent()) {
      reach(owner, m.get());
      return;
    }
    if (c.superName != null) {
      resolve(c.superName, name, desc);
    }
    c.interfaces.forEach(i -> resolve(i, name, desc)); // default methods
  }

  private void instantiated(String owner) {
    ClassNode c = classes.get(owner);
    if (c == null || !live.add(owner + "#new")) {
      return;
    }
    live(owner);
    // Methods that library or JDK code may call back: those overriding an external supertype.
    Set<String> callbacks = new HashSet<>();
    boolean unknown = false;
    for (String external : externalSupertypes(owner)) {
      Optional<Set<String>> methods = externalMethods(external);
      if (methods.isEmpty()) {
        unknown = true;
      } else {
        callbacks.addAll(methods.get());
      }
    }
    for (ClassNode k = c; k != null && own(k.name); k = classes.get(k.superName)) {
      ClassNode declaring = k;
      for (MethodNode m : k.methods) {
        boolean instance = (m.access & Opcodes.ACC_STATIC) == 0 && !m.name.startsWith("<");
        if (instance && (unknown || callbacks.contains(m.name + m.desc))) {
          reach(declaring.name, m);
        }
      }
      if (k.superName == null) {
        break;
      }
    }
  }

  private Set<String> externalSupertypes(String owner) {
    Set<String> out = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(owner));
    while (!todo.isEmpty()) {
      String t = todo.pop();
      ClassNode c = classes.get(t);
      if (!own(t) || c == null) {
        if (!t.equals("java/lang/Object")
            && !t.equals("java/lang/Record")
            && !t.equals("java/lang/Enum")) {
          out.add(t);
        }
        continue;
      }
      if (c.superName != null) {
        todo.push(c.superName);
      }
      c.interfaces.forEach(todo::push);
    }
    return out;
  }

  /** Instance methods (name + descriptor) of an external type and its supertypes, if readable. */
  private Optional<Set<String>> externalMethods(String type) {
    Optional<Set<String>> known = externalMethods.get(type);
    if (known != null) {
      return known;
    }
    ClassNode c = classes.get(type);
    if (c == null) {
      c = fromJdk(type);
    }
    Optional<Set<String>> result;
    if (c == null) {
      result = Optional.empty();
    } else {
      Set<String> methods = new HashSet<>();
      c.methods.stream()
          .filter(m -> (m.access & Opcodes.ACC_STATIC) == 0)
          .forEach(m -> methods.add(m.name + m.desc));
      List<String> supers = new ArrayList<>(c.interfaces);
      if (c.superName != null) {
        supers.add(c.superName);
      }
      boolean complete = true;
      for (String s : supers) {
        Optional<Set<String>> inherited = externalMethods(s);
        if (inherited.isEmpty()) {
          complete = false;
        } else {
          methods.addAll(inherited.get());
        }
      }
      result = complete ? Optional.of(methods) : Optional.empty();
    }
    externalMethods.put(type, result);
    return result;
  }

  private static ClassNode fromJdk(String type) {
    try (InputStream in =
        ClassLoader.getPlatformClassLoader().getResourceAsStream(type + ".class")) {
      return in == null ? null : node(in, ClassReader.SKIP_CODE);
    } catch (IOException e) {
      return null;
    }
  }

  private void live(String owner) {
    if (live.add(owner)) {
      ClassNode c = classes.get(owner);
      c.methods.stream().filter(m -> m.name.equals("<clinit>")).forEach(m -> reach(owner, m));
      if (c.superName != null && classes.containsKey(c.superName) && own(c.superName)) {
        live(c.superName);
      }
    }
  }

  private void reach(String owner, MethodNode m) {
    if ((m.access & Opcodes.ACC_ABSTRACT) == 0 && reached.add(owner + "." + m.name + m.desc)) {
      work.push(new String[] {owner, m.name, m.desc});
    }
  }

  private List<String> allSubtypes(String owner) {
    List<String> out = new ArrayList<>();
    Deque<String> todo = new ArrayDeque<>(subtypes.getOrDefault(owner, List.of()));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String t = todo.pop();
      if (seen.add(t)) {
        out.add(t);
        todo.addAll(subtypes.getOrDefault(t, List.of()));
      }
    }
    return out;
  }

  private void read(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry e : Collections.list(file.entries())) {
        String name = e.getName();
        if (name.endsWith(".class")
            && !name.startsWith("META-INF/")
            && !name.endsWith("module-info.class")) {
          try (InputStream in = file.getInputStream(e)) {
            // a library's code is not scanned: its signatures are enough
            ClassNode c = node(in, own(name) ? 0 : ClassReader.SKIP_CODE);
            classes.putIfAbsent(c.name, c);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }

  private static ClassNode node(InputStream in, int flags) throws IOException {
    ClassNode c = new ClassNode();
    new ClassReader(in).accept(c, flags | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    return c;
  }
}
