package io.lethe.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lethe.json.JsonText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * {@code report.json}: {@code {"report": <AuditReport>, "signature": {algorithm, certificate,
 * value}}}. The signature is ECDSA (SHA-256) by the auditor's Fabric identity over the report's
 * canonical bytes: its JSON with object keys sorted, no whitespace, UTF-8 — so any edit of the
 * report, even one that re-orders or re-indents it consistently, is caught only where it changes
 * content.
 */
public record SignedReport(JsonNode report, Sig signature) {
  public static final String ALGORITHM = "SHA256withECDSA";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public record Sig(String algorithm, String certificate, String value) {}

  public static SignedReport sign(AuditReport report, X509Certificate cert, PrivateKey key) throws GeneralSecurityException {
    JsonNode tree = JsonText.PRETTY.valueToTree(report);
    Signature s = Signature.getInstance(ALGORITHM);
    s.initSign(key);
    s.update(canonical(tree));
    return new SignedReport(tree, new Sig(ALGORITHM, pem(cert), Base64.getEncoder().encodeToString(s.sign())));
  }

  public static SignedReport read(byte[] json) throws IOException {
    JsonNode root = MAPPER.readTree(json);
    if (root == null || !root.has("report") || !root.has("signature")) {
      throw new IOException("not a signed audit report (needs \"report\" and \"signature\")");
    }
    JsonNode sig = root.get("signature");
    return new SignedReport(root.get("report"), new Sig(sig.path("algorithm").asText(), sig.path("certificate").asText(),
        sig.path("value").asText()));
  }

  public byte[] toJson() throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.set("report", report);
    root.set("signature", MAPPER.valueToTree(signature));
    return JsonText.PRETTY.writeValueAsBytes(root);
  }

  public X509Certificate certificate() throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(signature.certificate().getBytes(StandardCharsets.US_ASCII)));
  }

  /** Null if the signature verifies under the embedded certificate, else why not. */
  public String signatureProblem() {
    try {
      if (!ALGORITHM.equals(signature.algorithm())) {
        return "signature algorithm is " + signature.algorithm() + ", not " + ALGORITHM;
      }
      Signature s = Signature.getInstance(ALGORITHM);
      s.initVerify(certificate().getPublicKey());
      s.update(canonical(report));
      return s.verify(Base64.getDecoder().decode(signature.value())) ? null
          : "the signature does not verify over the report's canonical bytes (report.json was edited after signing)";
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return "signature unreadable: " + e.getMessage();
    }
  }

  /** Sorted keys, compact, UTF-8. */
  static byte[] canonical(JsonNode tree) {
    try {
      return MAPPER.writeValueAsBytes(sorted(tree));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      List<String> names = new ArrayList<>();
      Iterator<String> it = n.fieldNames();
      it.forEachRemaining(names::add);
      names.sort(null);
      for (String k : names) {
        out.set(k, sorted(n.get(k)));
      }
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      n.forEach(e -> out.add(sorted(e)));
      return out;
    }
    return n;
  }

  static String pem(X509Certificate cert) throws GeneralSecurityException {
    String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
    return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
  }
}
