package io.lethe.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lethe.json.JsonText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backend on a Kubo (go-ipfs) node's HTTP RPC API, e.g. {@code http://127.0.0.1:5001}.
 *
 * <p>Adds with the CIDv0 DAG layout {@link UnixFsCid} computes (dag-pb leaves, 256 KiB chunks,
 * balanced, 174 links; all passed explicitly so the node's {@code Import.*} defaults do not
 * matter), pins, and converts the root to base32 CIDv1; a CID that differs from the local one
 * is an error. Reads ask the node for local blocks only ({@code offline=true}), so a missing
 * object is reported at once instead of waiting for a network lookup, and re-hash what they
 * get. Kubo's error messages (its JSON {@code Message}) are passed on.
 */
public final class KuboContentStore implements ContentStore {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Pattern MULTIADDR = Pattern.compile("/(ip4|ip6|dns|dns4|dns6)/([^/]+)/tcp/(\\d+)(/http)?/?");
  private static final ObjectMapper JSON = JsonText.COMPACT;
  private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  private final URI base;
  private final Duration timeout;
  private final HttpClient http;

  /** An error answer of the Kubo API: HTTP status and Kubo's own message. */
  public static final class KuboApiException extends IOException {
    private final int status;
    private final String kuboMessage;

    KuboApiException(String message, int status, String kuboMessage) {
      super(message);
      this.status = status;
      this.kuboMessage = kuboMessage;
    }

    public int status() {
      return status;
    }

    public String kuboMessage() {
      return kuboMessage;
    }
  }

  public KuboContentStore(URI api) {
    this(api, DEFAULT_TIMEOUT);
  }

  public KuboContentStore(URI api, Duration timeout) {
    this.base = normalise(api.toString());
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  /**
   * Parses the API address: {@code http(s)://host:port} (an {@code /api/v0} suffix is allowed)
   * or Kubo's multiaddr form {@code /ip4/127.0.0.1/tcp/5001}.
   */
  public static KuboContentStore of(String api) {
    return new KuboContentStore(normalise(api));
  }

  /** The API base address requests go to, e.g. {@code http://127.0.0.1:5001}. */
  public URI api() {
    return base;
  }

  /** The node's version ({@code /api/v0/version}); a cheap reachability check. */
  public String version() throws IOException {
    JsonNode v = json(call("version", HttpRequest.BodyPublishers.noBody(), null, timeout));
    return v.path("Version").asText("?");
  }

  @Override
  public String put(byte[] content) throws IOException {
    String expected = UnixFsCid.of(content);
    String boundary = "lethe-" + UUID.randomUUID();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"model\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + content.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(content, 0, body, head.length, content.length);
    System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
    String response = call("add?pin=true&quieter=true&progress=false&cid-version=0&raw-leaves=false"
            + "&hash=sha2-256&chunker=size-" + UnixFsCid.CHUNK_SIZE + "&trickle=false&inline=false"
            + "&max-file-links=" + UnixFsCid.MAX_LINKS,
        HttpRequest.BodyPublishers.ofByteArray(body), "multipart/form-data; boundary=" + boundary, timeout);
    String hash = lastJsonLine(response).path("Hash").asText("");
    if (hash.isEmpty()) {
      throw new IOException("unexpected Kubo add answer from " + base + ": " + abbreviate(response));
    }
    JsonNode v1 = json(call("cid/base32?arg=" + enc(hash), HttpRequest.BodyPublishers.noBody(), null, timeout));
    String formatted = v1.path("Formatted").asText("");
    if (!formatted.equals(expected)) {
      String why = v1.path("ErrorMsg").asText("");
      throw new IOException("Kubo at " + base + " stored the file as " + hash + " (" + (formatted.isEmpty() ? why : formatted)
          + "), but its UnixFS CID is " + expected + "; is the node's import layout different?");
    }
    return expected;
  }

  @Override
  public Optional<byte[]> get(String cid) throws IOException {
    requireCid(cid);
    HttpResponse<byte[]> r = send("cat?offline=true&arg=" + enc(cid), HttpRequest.BodyPublishers.noBody(), null,
        timeout, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      KuboApiException e = apiError("cat", r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
      if (isNotFound(e.kuboMessage())) {
        return Optional.empty();
      }
      throw e;
    }
    String actual = UnixFsCid.of(r.body());
    if (!actual.equals(cid)) {
      // Kubo reports errors after the 200 header as a trailer; a cut-off stream shows up here
      throw new IOException("Kubo at " + base + " served " + r.body().length + " bytes for " + cid
          + " that hash to " + actual + " (truncated or corrupt)");
    }
    return Optional.of(r.body());
  }

  @Override
  public boolean contains(String cid) throws IOException {
    requireCid(cid);
    try {
      call("pin/ls?type=recursive&offline=true&arg=" + cidV0(cid), HttpRequest.BodyPublishers.noBody(), null, timeout);
      return true;
    } catch (KuboApiException e) {
      if (isNotPinned(e.kuboMessage()) || isNotFound(e.kuboMessage())) {
        return false;
      }
      throw e;
    }
  }

  /** Unpins the object and garbage-collects the node, so its blocks are gone unless shared. */
  @Override
  public boolean delete(String cid) throws IOException {
    requireCid(cid);
    try {
      call("pin/rm?arg=" + cidV0(cid), HttpRequest.BodyPublishers.noBody(), null, timeout);
    } catch (KuboApiException e) {
      if (isNotPinned(e.kuboMessage()) || isNotFound(e.kuboMessage())) {
        return false;
      }
      throw e;
    }
    call("repo/gc?quiet=true", HttpRequest.BodyPublishers.noBody(), null, timeout);
    return true;
  }

  /**
   * The CIDv0 (base58btc multihash) of a dag-pb CIDv1. Kubo keys pins by the CID they were
   * made with: {@code add --cid-version=0} pins the v0 form, and asking about the v1 form of
   * the same root answers "not pinned".
   */
  static String cidV0(String cidV1) {
    requireCid(cidV1);
    byte[] raw = UnixFsCid.Base32.decodeLower(cidV1.substring(1));
    byte[] multihash = java.util.Arrays.copyOfRange(raw, 2, raw.length);
    java.math.BigInteger n = new java.math.BigInteger(1, multihash);
    StringBuilder sb = new StringBuilder();
    java.math.BigInteger radix = java.math.BigInteger.valueOf(58);
    while (n.signum() > 0) {
      java.math.BigInteger[] qr = n.divideAndRemainder(radix);
      sb.append(BASE58.charAt(qr[1].intValue()));
      n = qr[0];
    }
    for (int i = 0; i < multihash.length && multihash[i] == 0; i++) {
      sb.append('1');
    }
    return sb.reverse().toString();
  }

  private static boolean isNotFound(String kuboMessage) {
    String m = kuboMessage.toLowerCase(Locale.ROOT);
    return m.contains("not found") || m.contains("could not find");
  }

  private static boolean isNotPinned(String kuboMessage) {
    return kuboMessage.toLowerCase(Locale.ROOT).contains("not pinned");
  }

  private static void requireCid(String cid) {
    if (!UnixFsCid.isCid(cid)) {
      throw new IllegalArgumentException("not a UnixFS CIDv1 (base32, dag-pb, sha2-256): " + cid);
    }
  }

  private String call(String path, HttpRequest.BodyPublisher body, String contentType, Duration limit)
      throws IOException {
    HttpResponse<String> r = send(path, body, contentType, limit, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw apiError(command(path), r.statusCode(), r.body());
    }
    return r.body();
  }

  private <T> HttpResponse<T> send(String path, HttpRequest.BodyPublisher body, String contentType, Duration limit,
      HttpResponse.BodyHandler<T> handler) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v0/" + path)).timeout(limit).POST(body);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      return http.send(b.build(), handler);
    } catch (HttpConnectTimeoutException e) {
      throw new IOException("cannot reach the Kubo API at " + base + ": no connection within "
          + CONNECT_TIMEOUT.toSeconds() + " s", e);
    } catch (HttpTimeoutException e) {
      throw new IOException("the Kubo API at " + base + " did not answer '" + command(path) + "' within "
          + limit.toMillis() / 1000.0 + " s", e);
    } catch (ConnectException e) {
      throw new IOException("cannot reach the Kubo API at " + base + " (connection refused); is `ipfs daemon` running there?", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while talking to the Kubo API at " + base, e);
    } catch (IOException e) {
      throw new IOException("Kubo API at " + base + ", '" + command(path) + "': "
          + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  private KuboApiException apiError(String command, int status, String body) {
    String message = body == null ? "" : body.trim();
    try {
      JsonNode j = JSON.readTree(message);
      if (j != null && j.hasNonNull("Message")) {
        message = j.get("Message").asText();
      }
    } catch (IOException notJson) {
      // plain-text answer (e.g. "404 page not found" when the URL is not a Kubo RPC API)
    }
    String hint = status == 404 || status == 405 ? " (is " + base + " a Kubo RPC API address, not a gateway?)" : "";
    return new KuboApiException("Kubo at " + base + " refused '" + command + "' (HTTP " + status + "): "
        + abbreviate(message) + hint, status, message);
  }

  private static String command(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private JsonNode json(String body) throws IOException {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IOException("unexpected (non-JSON) answer from the Kubo API at " + base + ": " + abbreviate(body), e);
    }
  }

  private JsonNode lastJsonLine(String body) throws IOException {
    String[] lines = body.strip().split("\n");
    return json(lines[lines.length - 1]);
  }

  private static String abbreviate(String s) {
    String one = s.replaceAll("\\s+", " ").trim();
    return one.length() <= 300 ? one : one.substring(0, 300) + "…";
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static URI normalise(String api) {
    String s = api.trim();
    Matcher m = MULTIADDR.matcher(s);
    if (m.matches()) {
      String host = m.group(1).equals("ip6") ? "[" + m.group(2) + "]" : m.group(2);
      s = "http://" + host + ":" + m.group(3);
    }
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a Kubo API address: '" + api + "' (e.g. http://127.0.0.1:5001)");
    }
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
        || u.getHost() == null || u.getQuery() != null || u.getFragment() != null) {
      throw new IllegalArgumentException("not a Kubo API address: '" + api + "' (e.g. http://127.0.0.1:5001)");
    }
    String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
    if (path.endsWith("/api/v0")) {
      path = path.substring(0, path.length() - "/api/v0".length());
    }
    return URI.create(u.getScheme() + "://" + u.getRawAuthority() + path);
  }
}
