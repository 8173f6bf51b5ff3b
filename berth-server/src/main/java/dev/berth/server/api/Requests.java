package dev.berth.server.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Request bodies of the API, as records, and their one reader. A body is a JSON object of the
 * record's fields and nothing else; whatever is not ({@code null}, an array, a fraction for a
 * count, a missing field) is a 400 {@code invalid_request} whose message names the field, what it
 * must be and what it was, never a 500.
 */
public final class Requests {
  /**
   * The largest request body the API reads (8 MiB): a spec is at most 1 MiB of characters, which
   * JSON escaping can at most sextuple ({@code \u0001}), plus its Procfile. Larger is a 413.
   */
  public static final int MAX_BODY_BYTES = 8 << 20;

  private Requests() {}

  /** {@code POST /api/v1/apply}. */
  public record Apply(
      String specFile,
      String spec,
      String procfile,
      String sourceDir,
      String environment,
      String message,
      String artifact,
      Git git,
      Pinned plan,
      Boolean failIfLocked) {
    /** {@code berth apply --git}: the code and spec come from a repository at a ref. */
    public record Git(String url, String ref) {}

    /**
     * {@code berth apply plan.json}: what the saved plan pins; the apply is refused ({@code
     * plan_stale}) unless it still holds.
     */
    public record Pinned(Long serial, String specDigest, String planDigest) {}

    static final String SHAPE =
        "{\"spec\": \"<berth.yaml text>\", \"sourceDir\": \"/abs/path\", \"specFile\","
            + " \"procfile\", \"environment\", \"message\", \"artifact\": \"sha256:...\","
            + " \"plan\": {\"serial\", \"specDigest\", \"planDigest\"}, \"failIfLocked\": true}";

    /** The longest {@code --message} kept with a release. */
    static final int MAX_MESSAGE = 2000;

    void check() {
      if (message != null && message.length() > MAX_MESSAGE) {
        throw new BadRequest(
            "invalid_request",
            "message is "
                + message.length()
                + " characters; a release message is at most "
                + MAX_MESSAGE);
      }
      if (git != null) {
        if (plan != null) {
          throw new BadRequest(
              "invalid_request",
              "a saved plan applies the spec and code it was made from, not a git repository:"
                  + " leave out git, or leave out plan");
        }
        if (git.url() == null || git.url().isBlank()) {
          throw new BadRequest(
              "invalid_request", "git.url is required: {\"git\": {\"url\", \"ref\"}}");
        }
        return; // the spec comes from the repository
      }
      if (plan != null
          && (plan.serial() == null || plan.specDigest() == null || plan.planDigest() == null)) {
        throw new BadRequest(
            "invalid_request",
            "plan needs serial, specDigest and planDigest, as berth plan --out writes them");
      }
      if (spec == null || sourceDir == null) {
        throw new BadRequest(
            "invalid_request",
            "apply needs 'spec' (the berth.yaml text) and 'sourceDir' (the app's directory): "
                + SHAPE);
      }
    }
  }

  /** {@code POST .../rollback}: {@code {"to": "v4", "message": "..."}}, both optional. */
  public record Rollback(String to, String message) {
    static final String SHAPE = "{\"to\": \"vN\" (optional), \"message\": \"why\" (optional)}";

    void check() {
      if (message != null && message.length() > Apply.MAX_MESSAGE) {
        throw new BadRequest(
            "invalid_request",
            "message is " + message.length() + " characters; at most " + Apply.MAX_MESSAGE);
      }
    }
  }

  /** {@code body} read as a {@link Rollback} (an empty body is no target and no message). */
  static Rollback rollback(byte[] body) {
    if (body.length == 0) {
      return new Rollback(null, null);
    }
    Rollback r = read(body, Rollback.class, Rollback.SHAPE);
    r.check();
    return r;
  }

  /** {@code POST /api/v1/projects/{p}/promote}: {@code {"from", "to", "message"}}. */
  public record Promote(String from, String to, String message) {
    static final String SHAPE =
        "{\"from\": \"staging\", \"to\": \"production\", \"message\": \"why\" (optional)}";

    void check() {
      if (from == null || from.isBlank() || to == null || to.isBlank()) {
        throw new BadRequest("invalid_request", "promote needs " + SHAPE);
      }
      if (message != null && message.length() > Apply.MAX_MESSAGE) {
        throw new BadRequest(
            "invalid_request",
            "message is " + message.length() + " characters; at most " + Apply.MAX_MESSAGE);
      }
    }
  }

  static Promote promote(byte[] body) {
    Promote p = read(body, Promote.class, Promote.SHAPE);
    p.check();
    return p;
  }

  /** {@code POST .../scale}: {@code {"replicas": {"web": 3}}}. */
  public record Scale(Map<String, Integer> replicas) {
    static final String SHAPE = "{\"replicas\": {\"SERVICE\": N}} with N a whole number";

    void check() {
      if (replicas == null || replicas.isEmpty()) {
        throw new BadRequest("invalid_scale", "scale needs " + SHAPE);
      }
      for (Map.Entry<String, Integer> e : replicas.entrySet()) {
        if (e.getValue() == null) {
          throw new BadRequest(
              "invalid_scale",
              "replicas." + e.getKey() + " must be a whole number, got null: " + SHAPE);
        }
      }
    }
  }

  /** {@code body} read as an {@link Apply}, checked. */
  static Apply apply(byte[] body) {
    Apply a = read(body, Apply.class, Apply.SHAPE);
    a.check();
    return a;
  }

  /** {@code body} read as a {@link Scale}, checked. */
  static Scale scale(byte[] body) {
    Scale s = read(body, Scale.class, Scale.SHAPE);
    s.check();
    return s;
  }

  /**
   * Reads {@code body} as one JSON object of {@code type}, or throws {@link BadRequest} saying what
   * is wrong and what {@code shape} is expected.
   */
  static <T> T read(byte[] body, Class<T> type, String shape) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(utf8(body, shape));
    } catch (JacksonException e) {
      throw new BadRequest(
          "invalid_request",
          "the request body is not valid JSON: " + e.getOriginalMessage() + "; send " + shape);
    }
    if (tree == null || tree.isMissingNode()) {
      throw new BadRequest("invalid_request", "the request body is empty; send " + shape);
    }
    if (!tree.isObject()) {
      throw new BadRequest(
          "invalid_request",
          "the request body must be a JSON object, got " + describe(tree) + "; send " + shape);
    }
    try {
      return Json.mapper().treeToValue(tree, type);
    } catch (UnrecognizedPropertyException e) {
      throw new BadRequest(
          "invalid_request",
          "unknown field '"
              + QueryParams.shorten(path(e.getPath()))
              + "'; known fields: "
              + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
    } catch (MismatchedInputException e) {
      String at = path(e.getPath());
      throw new BadRequest(
          "invalid_request",
          "field '"
              + QueryParams.shorten(at)
              + "' must be "
              + expected(e.getTargetType())
              + ", got "
              + describe(at(tree, e.getPath()))
              + "; send "
              + shape);
    } catch (InputCoercionException e) { // a whole number beyond int
      throw new BadRequest(
          "invalid_request", "a number in the request is out of range; send " + shape);
    } catch (JacksonException e) {
      throw new BadRequest(
          "invalid_request",
          "the request body does not fit this call: " + e.getOriginalMessage() + "; send " + shape);
    }
  }

  /**
   * The body as text. JSON on the wire is UTF-8 (RFC 8259); decoding it here, strictly, keeps
   * Jackson from guessing an encoding from the first bytes (a guess of UCS-4 threw an IOException
   * that was not a JSON error: a 500, found by the fuzz test).
   */
  private static String utf8(byte[] body, String shape) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadRequest(
          "invalid_request", "the request body is not UTF-8 text; send JSON in UTF-8: " + shape);
    }
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    return refs.stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining("."));
  }

  private static JsonNode at(JsonNode root, List<JsonMappingException.Reference> refs) {
    JsonNode n = root;
    for (JsonMappingException.Reference r : refs) {
      if (n == null) {
        return null;
      }
      n = r.getFieldName() != null ? n.get(r.getFieldName()) : n.get(r.getIndex());
    }
    return n;
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "of another type";
  }

  /** A JSON value named for a message: its kind, and the value itself when short. */
  static String describe(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    String kind =
        n.isObject()
            ? "an object"
            : n.isArray()
                ? "an array"
                : n.isTextual()
                    ? "a string"
                    : n.isBoolean() ? "a boolean" : n.isNumber() ? "a number" : "a value";
    if (n.isContainerNode()) {
      return kind;
    }
    return kind + " " + QueryParams.shorten(n.toString());
  }
}
