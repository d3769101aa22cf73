package io.lethe.store;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Optional backend on a Kubo (go-ipfs) node's HTTP RPC API, e.g. {@code http://127.0.0.1:5001}.
 * Adds with CIDv0 DAG layout (no raw leaves) and converts the root to base32 CIDv1, which is
 * what {@link UnixFsCid} computes locally; a mismatch is reported as an error.
 */
public final class KuboContentStore implements ContentStore {
  private static final Pattern HASH = Pattern.compile("\"Hash\"\\s*:\\s*\"([^\"]+)\"");
  private final URI api;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public KuboContentStore(URI api) {
    this.api = api;
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
    String response = call("add?pin=true&raw-leaves=false&cid-version=0&chunker=size-262144",
        HttpRequest.BodyPublishers.ofByteArray(body), "multipart/form-data; boundary=" + boundary);
    Matcher m = HASH.matcher(response);
    if (!m.find()) {
      throw new IOException("unexpected Kubo add response: " + response);
    }
    String v1 = new String(call("cid/base32?arg=" + enc(m.group(1)), HttpRequest.BodyPublishers.noBody(), null)
        .getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    Matcher f = Pattern.compile("\"Formatted\"\\s*:\\s*\"([^\"]+)\"").matcher(v1);
    if (!f.find() || !f.group(1).equals(expected)) {
      throw new IOException("Kubo returned CID " + (f.find(0) ? f.group(1) : v1) + ", expected " + expected);
    }
    return expected;
  }

  @Override
  public Optional<byte[]> get(String cid) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(api.resolve("/api/v0/cat?arg=" + enc(cid)))
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build();
    try {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        return Optional.empty();
      }
      if (!UnixFsCid.of(r.body()).equals(cid)) {
        throw new IOException("Kubo served bytes that do not hash to " + cid);
      }
      return Optional.of(r.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public boolean contains(String cid) throws IOException {
    try {
      call("pin/ls?type=recursive&arg=" + enc(cid), HttpRequest.BodyPublishers.noBody(), null);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public boolean delete(String cid) throws IOException {
    try {
      call("pin/rm?arg=" + enc(cid), HttpRequest.BodyPublishers.noBody(), null);
      call("repo/gc", HttpRequest.BodyPublishers.noBody(), null);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private String call(String path, HttpRequest.BodyPublisher body, String contentType) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(api.resolve("/api/v0/" + path))
        .timeout(Duration.ofSeconds(60)).POST(body);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IOException("Kubo " + path + " failed: HTTP " + r.statusCode() + " " + r.body());
      }
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
