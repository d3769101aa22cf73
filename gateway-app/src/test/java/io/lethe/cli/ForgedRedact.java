package io.lethe.cli;

import io.lethe.fabric.FabricSession;
import io.lethe.fabric.LedgerClient;
import io.lethe.ledger.Inputs.Redaction;
import io.lethe.redaction.Forgery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Test only: {@code lethe ledger redact} with one forgery applied to the planned redaction before
 * it is submitted, so the end-to-end test can check on a real network that the chaincode
 * refuses it and the ledger does not change. Run with the test classpath:
 *
 * <pre>java -cp gateway-app/target/test-classes:gateway-app/target/lethe-gateway-app.jar:gateway-app/target/lib/* \
 *   io.lethe.cli.ForgedRedact --forge RANDOMNESS --as committee1 --request R --models M --one</pre>
 */
@Command(name = "forged-redact", mixinStandardHelpOptions = true,
    description = "Test only: a committee redaction with one forgery (RANDOMNESS, REFS or HEADER), or a valid one "
        + "submitted by another identity (--submit-as).")
public final class ForgedRedact extends LedgerCommand.RedactBase {
  @Option(names = "--forge", description = "RANDOMNESS, REFS or HEADER (default: none).") Forgery forgery;

  @Option(names = "--submit-as", description = "Identity that submits the (committee-planned) redaction, e.g. user11.")
  String submitAs;

  @Override
  Redaction submitted(Redaction planned) {
    return forgery == null ? planned : forgery.apply(planned);
  }

  @Override
  LedgerClient submitter(FabricSession session, LedgerClient coordinator) {
    return submitAs == null ? coordinator : session.ledger(submitAs);
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ForgedRedact());
    cli.setExecutionExceptionHandler(new ErrorReporter());
    System.exit(cli.execute(args));
  }
}
