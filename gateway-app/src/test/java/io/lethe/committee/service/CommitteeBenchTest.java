package io.lethe.committee.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmark runs end to end (tiny sizes; the numbers themselves are not checked). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommitteeBenchTest {
  @Test
  void smallRunReportsBothFigures() throws Exception {
    CommitteeBench.Report r = CommitteeBench.run(new CommitteeBench.Options(2, 3, 2, 5, 4, 1));
    assertEquals(5, r.grpcPerCollision().samples());
    assertEquals(5, r.inProcessPerCollision().samples());
    assertEquals(8, r.batchTargets()); // 4 models, one per block: 4 rewrites + 4 headers
    assertTrue(r.grpcPerCollision().p50() > 0 && r.inProcessBatch().p50() > 0);
    assertTrue(r.toMap().containsKey("grpcBatchMs"));
  }
}
