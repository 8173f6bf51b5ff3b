import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The web process of the LMS demo: lists courses and accepts enrollments, which it puts in a spool
 * directory that the worker drains. Run it with {@code PORT=8081 java Web.java}.
 *
 * <p>Several replicas share one queue without any broker: a job is a file written as {@code
 * *.tmp} and renamed to {@code *.job} under {@code $LMS_DATA_DIR/queue/} (a rename is atomic, so
 * the worker never sees half a job). Job ids come from a counter file guarded by an OS file lock,
 * so they are unique across replicas.
 */
public class Web {
  record Course(String id, String title, String level, int lessons) {}

  static final List<Course> COURSES =
      List.of(
          new Course("java-101", "Java for Beginners", "beginner", 12),
          new Course("git-101", "Git Essentials", "beginner", 6),
          new Course("sql-201", "SQL in Practice", "intermediate", 9),
          new Course("http-201", "HTTP Under the Hood", "intermediate", 8),
          new Course("k8s-301", "Kubernetes Without Tears", "advanced", 15));

  static final String REPLICA = env("BERTH_REPLICA", "web-local");
  static final String RELEASE = env("BERTH_RELEASE", "dev");
  static final boolean DEBUG = "debug".equalsIgnoreCase(env("LOG_LEVEL", "info"));
  static final int MAX_BODY = 64 * 1024;
  static Path queue;
  static Path done;
  static Path seq;

  public static void main(String[] args) throws IOException {
    int port;
    try {
      port = Integer.parseInt(env("PORT", "8080"));
    } catch (NumberFormatException e) {
      System.err.println("PORT must be a number, got '" + System.getenv("PORT") + "'");
      System.exit(2);
      return;
    }
    // Under Berth, BERTH_SHARED_DIR is kept across deploys and shared by web, worker and report.
    Path data =
        Path.of(env("LMS_DATA_DIR", env("BERTH_SHARED_DIR", ".data"))).toAbsolutePath().normalize();
    queue = Files.createDirectories(data.resolve("queue"));
    done = Files.createDirectories(data.resolve("done"));
    Files.createDirectories(data.resolve("processing"));
    seq = data.resolve("seq");

    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (BindException e) {
      System.err.println("cannot listen on 127.0.0.1:" + port + " (" + e.getMessage()
          + "): is another process using it? Set PORT to a free port.");
      System.exit(1);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    server.setExecutor(pool);
    server.createContext("/", Web::handle);
    server.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log("stop requested (SIGTERM): finishing in-flight requests (up to 1 s)");
      server.stop(1);
      pool.shutdown();
      log("stopped");
      // Without this the JVM reports 143 (killed by TERM); we stopped cleanly, so say 0.
      Runtime.getRuntime().halt(0);
    }));
    long startupMs = ProcessHandle.current().info().startInstant()
        .map(t -> Duration.between(t, Instant.now()).toMillis()).orElse(-1L);
    log(REPLICA + " listening on http://127.0.0.1:" + server.getAddress().getPort() + " (release " + RELEASE + ", data "
        + data + ", ready " + startupMs + " ms after launch)");
  }

  static void handle(HttpExchange ex) {
    long t0 = System.nanoTime();
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    int status;
    try {
      status = route(ex, method, path);
    } catch (Exception e) {
      log("error on " + method + " " + path + ": " + e);
      status = trySend(ex, 500, error("internal", "internal error, see the web logs"));
    } finally {
      ex.close();
    }
    if (DEBUG || !path.equals("/health")) {
      log(String.format("%s %s %d %.1f ms", method, path, status, (System.nanoTime() - t0) / 1e6));
    }
  }

  static int route(HttpExchange ex, String method, String path) throws IOException {
    boolean get = method.equals("GET") || method.equals("HEAD");
    if (path.equals("/api/enroll")) {
      return method.equals("POST") ? enroll(ex) : notAllowed(ex, "POST");
    }
    if (!get) {
      return notAllowed(ex, "GET, HEAD");
    }
    if (path.equals("/health")) {
      return send(ex, 200, "text/plain", "ok");
    }
    if (path.equals("/queue")) {
      return send(ex, 200, "application/json", "{\"depth\": " + depth() + "}\n");
    }
    if (path.equals("/api/courses")) {
      String list = COURSES.stream().map(Web::json).collect(Collectors.joining(",\n  "));
      return send(ex, 200, "application/json", "[\n  " + list + "\n]\n");
    }
    if (path.startsWith("/api/courses/")) {
      String id = path.substring("/api/courses/".length());
      Course c = course(id);
      return c == null
          ? send(ex, 404, "application/json", error("not_found", "no course with id '" + id
              + "'; GET /api/courses lists them"))
          : send(ex, 200, "application/json", json(c) + "\n");
    }
    if (path.equals("/")) {
      return send(ex, 200, "text/html; charset=utf-8", page(params(ex.getRequestURI().getRawQuery())));
    }
    return send(ex, 404, "application/json", error("not_found", "no route for " + path));
  }

  /** Enqueues one enrollment from query, form or JSON parameters; 202 with the job id. */
  static int enroll(HttpExchange ex) throws IOException {
    Map<String, String> p = params(ex.getRequestURI().getRawQuery());
    byte[] raw;
    try (InputStream in = ex.getRequestBody()) {
      raw = in.readNBytes(MAX_BODY + 1);
    }
    if (raw.length > MAX_BODY) {
      return send(ex, 413, "application/json", error("too_large", "body over 64 KiB"));
    }
    String body = new String(raw, StandardCharsets.UTF_8).strip();
    String type = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
    try {
      if (type.contains("json") || body.startsWith("{")) {
        p.putAll(FlatJson.parse(body));
      } else if (!body.isEmpty()) {
        p.putAll(params(body));
      }
    } catch (IllegalArgumentException e) {
      return send(ex, 400, "application/json", error("bad_json", e.getMessage()));
    }
    Course c = course(p.get("course"));
    String student = p.get("student") == null ? "" : p.get("student").strip();
    if (p.get("course") == null || p.get("student") == null) {
      return send(ex, 400, "application/json", error("missing_parameter",
          "give course and student, e.g. POST /api/enroll?course=java-101&student=alice"));
    }
    if (c == null) {
      return send(ex, 404, "application/json", error("unknown_course",
          "course '" + p.get("course") + "' does not exist; GET /api/courses lists them"));
    }
    if (!student.matches("[\\p{L}\\p{N} ._'@-]{1,64}")) {
      return send(ex, 400, "application/json", error("bad_student",
          "student must be 1 to 64 letters, digits, spaces or . _ ' @ -"));
    }
    long id = nextId();
    Properties job = new Properties();
    job.setProperty("id", Long.toString(id));
    job.setProperty("course", c.id());
    job.setProperty("title", c.title());
    job.setProperty("student", student);
    job.setProperty("enqueuedAt", Instant.now().toString());
    job.setProperty("enqueuedBy", REPLICA);
    String name = String.format("%09d", id);
    Path tmp = queue.resolve(name + ".tmp");
    try (var out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      job.store(out, null);
    }
    Files.move(tmp, queue.resolve(name + ".job"), StandardCopyOption.ATOMIC_MOVE);
    log("job " + id + " enroll " + student + " in " + c.id() + ": queued");
    String accept = String.valueOf(ex.getRequestHeaders().getFirst("Accept"));
    if (accept.contains("text/html")) { // the form on the home page: back to it
      ex.getResponseHeaders().set("Location", "/?enrolled=" + id);
      return send(ex, 303, "text/plain", "queued as job " + id);
    }
    return send(ex, 202, "application/json", "{\"id\": " + id + ", \"status\": \"queued\", "
        + "\"course\": " + q(c.id()) + ", \"student\": " + q(student) + ", \"queueDepth\": "
        + depth() + "}\n");
  }

  /** The next job id, unique across replicas: a counter file under an exclusive OS lock. */
  static synchronized long nextId() throws IOException {
    try (FileChannel ch = FileChannel.open(seq, StandardOpenOption.CREATE,
            StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.lock(); // released when the channel closes
      ByteBuffer buf = ByteBuffer.allocate(20);
      ch.read(buf, 0);
      String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).strip();
      long id = (text.isEmpty() ? 0 : Long.parseLong(text)) + 1;
      // Fixed width, one write: a crash mid-way never leaves a shorter, smaller number.
      ch.write(ByteBuffer.wrap(String.format("%019d\n", id).getBytes(StandardCharsets.US_ASCII)), 0);
      return id;
    }
  }

  static long depth() throws IOException {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(queue, "*.job")) {
      long n = 0;
      for (Path ignored : s) {
        n++;
      }
      return n;
    }
  }

  static List<Properties> recentDone(int max) throws IOException {
    List<Properties> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(done)) {
      for (Path f : s.filter(f -> f.toString().endsWith(".done"))
          .sorted(Comparator.reverseOrder()).limit(max).collect(Collectors.toList())) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          p.load(r);
          out.add(p);
        } catch (IOException e) {
          // removed or being written meanwhile: skip it
        }
      }
    }
    return out;
  }

  static String page(Map<String, String> query) throws IOException {
    StringBuilder h = new StringBuilder(4096);
    h.append("<!doctype html><html><head><meta charset=utf-8><title>LMS demo</title><style>")
        .append("body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;")
        .append("padding:0 1rem;color:#222}h1{margin-bottom:0}.meta{color:#666}")
        .append("table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem")
        .append(" .5rem;border-bottom:1px solid #ddd}.lvl{font-size:12px;padding:1px 6px;")
        .append("border-radius:8px;background:#eef}.ok{background:#e7f7e7;padding:.5rem}")
        .append("code{background:#f4f4f4;padding:1px 4px}</style></head><body>")
        .append("<h1>Courses</h1><p class=meta>served by <b>").append(esc(REPLICA))
        .append("</b> &middot; release ").append(esc(RELEASE)).append(" &middot; queue depth <b>")
        .append(depth()).append("</b></p>");
    if (query.containsKey("enrolled")) {
      h.append("<p class=ok>Enrollment queued as job ").append(esc(query.get("enrolled")))
          .append(". Reload to see it completed.</p>");
    }
    h.append("<table><tr><th>Course</th><th>Level</th><th>Lessons</th><th>Id</th></tr>");
    for (Course c : COURSES) {
      h.append("<tr><td>").append(esc(c.title())).append("</td><td><span class=lvl>")
          .append(c.level()).append("</span></td><td>").append(c.lessons())
          .append("</td><td><code>").append(c.id()).append("</code></td></tr>");
    }
    h.append("</table><h2>Enroll</h2><form method=post action=/api/enroll>")
        .append("<input name=student placeholder=\"your name\" required maxlength=64> ")
        .append("<select name=course>");
    for (Course c : COURSES) {
      h.append("<option value=").append(c.id()).append('>').append(esc(c.title()));
    }
    h.append("</select> <button>Enroll</button></form><h2>Recently completed</h2><ul>");
    List<Properties> recent = recentDone(5);
    for (Properties p : recent) {
      h.append("<li>#").append(esc(p.getProperty("id"))).append(' ')
          .append(esc(p.getProperty("student"))).append(" &rarr; ")
          .append(esc(p.getProperty("title"))).append(" <span class=meta>(")
          .append(esc(p.getProperty("ms"))).append(" ms by ")
          .append(esc(p.getProperty("worker"))).append(")</span></li>");
    }
    if (recent.isEmpty()) {
      h.append("<li class=meta>none yet</li>");
    }
    return h.append("</ul><p class=meta>API: <code>GET /api/courses</code>, ")
        .append("<code>POST /api/enroll?course=java-101&amp;student=alice</code>, ")
        .append("<code>GET /queue</code></p></body></html>\n").toString();
  }

  static Course course(String id) {
    return COURSES.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
  }

  static String json(Course c) {
    return "{\"id\": " + q(c.id()) + ", \"title\": " + q(c.title()) + ", \"level\": "
        + q(c.level()) + ", \"lessons\": " + c.lessons() + "}";
  }

  static String error(String code, String message) {
    return "{\"error\": {\"code\": " + q(code) + ", \"message\": " + q(message) + "}}\n";
  }

  static Map<String, String> params(String raw) {
    Map<String, String> m = new LinkedHashMap<>();
    if (raw == null) {
      return m;
    }
    for (String pair : raw.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          m.put(URLDecoder.decode(k, StandardCharsets.UTF_8),
              URLDecoder.decode(v, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          // malformed %-escape: ignore this pair, validation reports what is missing
        }
      }
    }
    return m;
  }

  static int send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      ex.getResponseBody().write(bytes);
    }
    return status;
  }

  static int trySend(HttpExchange ex, int status, String body) {
    try {
      return send(ex, status, "application/json", body);
    } catch (IOException | RuntimeException e) {
      return status; // headers already sent or client gone: nothing more to do
    }
  }

  static int notAllowed(HttpExchange ex, String allow) throws IOException {
    ex.getResponseHeaders().set("Allow", allow);
    return send(ex, 405, "application/json", error("method_not_allowed", "use " + allow));
  }

  /** A JSON string literal. */
  static String q(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> b.append(c < 0x20 || c == 0x2028 || c == 0x2029
            ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      }
    }
    return b.append('"').toString();
  }

  static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }

  static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  static void log(String line) {
    System.out.println(line); // Berth adds the time and the replica id to every line
  }

  /** Parses one flat JSON object whose values are strings, numbers, booleans or null. */
  static final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
      this.s = s;
    }

    static Map<String, String> parse(String text) {
      FlatJson p = new FlatJson(text);
      Map<String, String> m = new LinkedHashMap<>();
      p.ws();
      p.expect('{');
      p.ws();
      if (!p.eat('}')) {
        do {
          p.ws();
          String key = p.string();
          p.ws();
          p.expect(':');
          p.ws();
          m.put(key, p.value());
          p.ws();
        } while (p.eat(','));
        p.expect('}');
      }
      p.ws();
      if (p.i != p.s.length()) {
        throw p.fail("unexpected text after the object");
      }
      return m;
    }

    private String value() {
      if (i < s.length() && s.charAt(i) == '"') {
        return string();
      }
      int start = i;
      while (i < s.length() && "+-.0123456789eEtrufalsn".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      String lit = s.substring(start, i);
      if (lit.equals("null")) {
        return null;
      }
      if (lit.equals("true") || lit.equals("false")
          || lit.matches("-?(0|[1-9]\\d*)(\\.\\d+)?([eE][-+]?\\d+)?")) {
        return lit;
      }
      i = start;
      throw fail("expected a string, number, true, false or null (objects and arrays not accepted)");
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return b.toString();
        } else if (c < 0x20) {
          throw fail("control character inside a string");
        } else if (c != '\\') {
          b.append(c);
        } else if (i < s.length()) {
          char e = s.charAt(i++);
          switch (e) {
            case '"', '\\', '/' -> b.append(e);
            case 'b' -> b.append('\b');
            case 'f' -> b.append('\f');
            case 'n' -> b.append('\n');
            case 'r' -> b.append('\r');
            case 't' -> b.append('\t');
            case 'u' -> {
              if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
                throw fail("bad \\u escape");
              }
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> throw fail("bad escape \\" + e);
          }
        }
      }
      throw fail("unterminated string");
    }

    private void ws() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private boolean eat(char c) {
      if (i < s.length() && s.charAt(i) == c) {
        i++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!eat(c)) {
        throw fail("expected '" + c + "'");
      }
    }

    private IllegalArgumentException fail(String what) {
      return new IllegalArgumentException("invalid JSON body at offset " + i + ": " + what);
    }
  }
}
