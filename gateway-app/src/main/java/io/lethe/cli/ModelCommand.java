package io.lethe.cli;

import io.lethe.fixedpoint.FixedPoint;
import io.lethe.fl.model.ModelFile;
import io.lethe.fl.model.Network;
import io.lethe.store.UnixFsCid;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lethe model ...}: content identifiers and model file tools. */
@Command(name = "model", mixinStandardHelpOptions = true,
    description = "Model files: IPFS CID, inspection, fixed-point export for the prover, content stores.",
    subcommands = {ModelCommand.Cid.class, ModelCommand.Inspect.class, ModelCommand.ExportFixed.class,
        ModelCommand.Put.class, ModelCommand.Get.class, ModelCommand.Rm.class})
public final class ModelCommand {
  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UserError("no such file: " + file);
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage());
    }
  }

  static Network readModel(Path file) {
    try {
      return ModelFile.read(read(file));
    } catch (IOException e) {
      throw new UserError(file + ": " + e.getMessage());
    }
  }

  @Command(name = "cid", mixinStandardHelpOptions = true,
      description = "Print the IPFS CIDv1 of a file (UnixFS, 256 KiB chunks; what `ipfs_cid FILE` prints as CIDv1).")
  static final class Cid implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE") Path file;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new UserError("no such file: " + file);
      }
      spec.commandLine().getOut().println(UnixFsCid.of(file));
      return 0;
    }
  }

  @Command(name = "inspect", mixinStandardHelpOptions = true,
      description = {"Show a model file's header, CID and zkDigest (of its fixed-point weights).",
          "With several files, --json prints an array (one JVM for many files)."})
  static final class Inspect implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files;
    @Mixin JsonOption json;

    /**
     * A model file's header, size and CID; {@code zkDigest}: of its fixed-point weights, hex, null
     * when the weights are not fixed-point values (a file not rounded before publishing).
     */
    record Header(String cid, int formatVersion, String architecture, int parameters, int bytes, String zkDigest) {}

    static Header header(Path file) {
      byte[] bytes = read(file);
      Network net = readModel(file);
      String zk;
      try {
        zk = io.lethe.flledger.FixedPointModel.read(bytes).zkDigestHex();
      } catch (IOException | ArithmeticException e) {
        zk = null;
      }
      return new Header(UnixFsCid.of(bytes), ModelFile.VERSION, net.architecture(), net.paramCount(), bytes.length, zk);
    }

    @Override
    public Integer call() throws IOException {
      List<Header> headers = files.stream().map(Inspect::header).toList();
      PrintWriter out = spec.commandLine().getOut();
      if (json.enabled()) {
        JsonOption.print(out, headers.size() == 1 ? headers.get(0) : headers);
        return 0;
      }
      for (int i = 0; i < headers.size(); i++) {
        Header header = headers.get(i);
        if (headers.size() > 1) {
          out.println("file: " + files.get(i));
        }
        out.println("cid: " + header.cid());
        out.println("formatVersion: " + header.formatVersion());
        out.println("architecture: " + header.architecture());
        out.println("parameters: " + header.parameters());
        out.println("bytes: " + header.bytes());
        out.println("zkDigest: " + (header.zkDigest() == null ? "none (weights are not fixed-point values)" : header.zkDigest()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(name = "export-fixed", mixinStandardHelpOptions = true,
      description = "Write the weights as fixed-point int64 (raw = round(w·2^16), big-endian, LETHEFXP v1), in the "
          + "model file's published order (the zkDigest's).")
  static final class ExportFixed implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE") Path file;
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT") Path out;

    @Override
    public Integer call() throws IOException {
      Network net = readModel(file);
      byte[] fx;
      try {
        fx = FixedPoint.export(io.lethe.fl.model.PublishedOrder.of(net).toPublished(net.params()));
      } catch (ArithmeticException e) {
        throw new UserError(file + ": " + e.getMessage());
      }
      Files.write(out, fx);
      spec.commandLine().getOut().println(out + ": " + net.paramCount() + " weights, CID " + UnixFsCid.of(fx));
      return 0;
    }
  }

  private static void requireCid(String cid) {
    if (!UnixFsCid.isCid(cid)) {
      throw new UserError("not a UnixFS CIDv1 (base32, dag-pb, sha2-256): '" + cid + "'");
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true,
      description = "Store a file in a content store (a directory, or a Kubo node) and print its CID.")
  static final class Put implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "FILE") Path file;
    @ArgGroup(exclusive = true, multiplicity = "1") StoreOptions store;
    @Mixin JsonOption json;

    /** What was stored where. */
    record Stored(String cid, int bytes, String store) {}

    @Override
    public Integer call() throws IOException {
      if (Files.isDirectory(file)) {
        throw new UserError(file + " is a directory");
      }
      byte[] bytes = read(file);
      String cid = store.open().put(bytes);
      if (json.enabled()) {
        JsonOption.print(spec.commandLine().getOut(), new Stored(cid, bytes.length, store.describe()));
      } else {
        spec.commandLine().getOut().println(cid);
      }
      return 0;
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = {
          "Fetch an object from a content store by CID (re-hashed) and write it to OUT.",
          "Without --store/--kubo: the network's live store (the one `lethe fl train`",
          "recorded, else <network>/store/live); with --archive the network's archive",
          "store, for the auditor and committee orgs only: the chaincode is asked first",
          "whether --as may read the archive ledger, and a refused identity reads nothing."
        })
  static final class Get implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "CID") String cid;
    @ArgGroup(exclusive = true, multiplicity = "0..1") StoreOptions store;
    @Option(names = "--archive", description = "read the network's archive store (auditor and committee identities)")
    boolean archive;
    @picocli.CommandLine.Mixin GatewayOptions gateway;
    @Option(names = {"-o", "--out"}, required = true, paramLabel = "OUT") Path out;

    /** The store to read and how to name it in messages. */
    private record Source(io.lethe.store.ContentStore store, String describe) {}

    private Source source() throws IOException {
      if (store != null) {
        if (archive) {
          throw new UserError("--archive reads the network's archive store; it takes no --store or --kubo");
        }
        return new Source(store.open(), store.describe());
      }
      io.lethe.flledger.FlNetwork net = FlCommand.network(gateway);
      if (!archive) {
        String live = net.trained() ? net.setup().liveStore() : "fs " + net.liveStore();
        return new Source(FlCommand.openStore(live), live);
      }
      try (io.lethe.fabric.FabricSession session = gateway.openSession()) {
        gateway.ledger(session).evaluateArchive("GetArchiveHead");
      } catch (io.lethe.fabric.ChaincodeRefusal e) {
        throw new UserError(gateway.identityName() + " may not read the archive store (auditor and committee orgs only): "
            + e.getMessage(), e);
      }
      java.nio.file.Path dir = net.trained() ? Path.of(net.setup().archiveStore()) : net.archiveStore();
      return new Source(new io.lethe.store.FileSystemContentStore(dir), "fs " + dir);
    }

    @Override
    public Integer call() throws IOException {
      requireCid(cid);
      if (Files.isDirectory(out)) {
        throw new UserError("-o " + out + " is a directory");
      }
      Source from = source();
      Optional<byte[]> content = from.store().get(cid);
      if (content.isEmpty()) {
        throw new UserError("no object " + cid + " in " + from.describe());
      }
      // written beside OUT, then renamed: OUT never holds a partial object
      Path dir = out.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".part");
      try {
        Files.write(tmp, content.get());
        try {
          Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      spec.commandLine().getErr().println(out + ": " + content.get().length + " bytes, CID " + cid);
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true,
      description = "Remove an object from a content store (Kubo: unpin, then garbage-collect the node).")
  static final class Rm implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "CID") String cid;
    @ArgGroup(exclusive = true, multiplicity = "1") StoreOptions store;

    @Override
    public Integer call() throws IOException {
      requireCid(cid);
      if (!store.open().delete(cid)) {
        throw new UserError("no object " + cid + " in " + store.describe());
      }
      spec.commandLine().getOut().println("removed " + cid);
      return 0;
    }
  }
}
