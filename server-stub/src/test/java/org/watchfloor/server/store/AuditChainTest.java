package org.watchfloor.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.audit.Actor;
import org.watchfloor.server.audit.AuditEntry;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.store.AuditStore.AuditRow;

/** The audit chain on each store: unbroken under concurrent appends, and every kind of tampering caught. */
class AuditChainTest {

  @Test
  void hashMatchesTheWorkedExampleInTheContract() {
    AuditRow row =
        new AuditRow(
            1,
            Instant.parse("2026-03-01T14:05:09.120Z"),
            "usr-7f3a",
            "ana",
            "LIVE_VIEW_OPENED",
            "camera:cam-123",
            "2026-004512",
            "armed robbery in progress",
            "",
            "session=ses-9 profile=sub protocol=HLS",
            AuditLog.GENESIS_HASH,
            "");
    assertEquals("9741544942d09c4544685b48cdb2486f1aa42a4ea52ef19cea07282c291f2506", AuditLog.hash(row));
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void concurrentAppendsFromManyThreadsFormOneUnbrokenChain(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase store = TestDatabase.open(kind)) {
      AuditLog audit = new AuditLog(store.database(), Clock.systemUTC());
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<AuditRow>> appends = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        appends.add(pool.submit(() -> audit.append(AuditEntry.of(new Actor("usr-" + n % 7, "user" + n % 7), "LPR_SEARCH", "lpr:KY " + n, "burst"))));
      }
      for (Future<AuditRow> append : appends) {
        append.get();
      }
      pool.shutdown();
      AuditLog.Verification verification = audit.verify();
      assertTrue(verification.intact(), verification.problem());
      assertEquals(200, verification.rowsChecked());
      assertEquals(200, verification.headSequence());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void editingARowDirectlyInTheDatabaseIsCaughtAtThatRow(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase store = TestDatabase.open(kind)) {
      AuditLog audit = seeded(store, 10);
      tamper(store, "UPDATE audit_log SET target = 'camera:someone-else' WHERE sequence = 4");
      AuditLog.Verification verification = audit.verify();
      assertFalse(verification.intact());
      assertEquals(4, verification.firstBrokenSequence());
      assertTrue(verification.problem().contains("row 4"), verification.problem());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void deletingARowIsCaughtAsAGap(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase store = TestDatabase.open(kind)) {
      AuditLog audit = seeded(store, 10);
      tamper(store, "DELETE FROM audit_log WHERE sequence = 6");
      AuditLog.Verification verification = audit.verify();
      assertFalse(verification.intact());
      assertEquals(6, verification.firstBrokenSequence());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void deletingTheNewestRowsIsCaughtAgainstTheSequenceHead(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase store = TestDatabase.open(kind)) {
      AuditLog audit = seeded(store, 10);
      tamper(store, "DELETE FROM audit_log WHERE sequence >= 9");
      AuditLog.Verification verification = audit.verify();
      assertFalse(verification.intact());
      assertEquals(9, verification.firstBrokenSequence());
    }
  }

  @ParameterizedTest
  @MethodSource("org.watchfloor.server.TestDatabase#kinds")
  void swappingTwoRowsIsCaught(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase store = TestDatabase.open(kind)) {
      AuditLog audit = seeded(store, 10);
      // Reorder: give rows 3 and 4 each other's sequence numbers (through a free number).
      tamper(store, "UPDATE audit_log SET sequence = 1000 WHERE sequence = 3");
      tamper(store, "UPDATE audit_log SET sequence = 3 WHERE sequence = 4");
      tamper(store, "UPDATE audit_log SET sequence = 4 WHERE sequence = 1000");
      AuditLog.Verification verification = audit.verify();
      assertFalse(verification.intact());
      assertEquals(3, verification.firstBrokenSequence());
    }
  }

  private static AuditLog seeded(TestDatabase store, int rows) {
    AuditLog audit = new AuditLog(store.database(), Clock.systemUTC());
    for (int i = 1; i <= rows; i++) {
      audit.append(AuditEntry.of(new Actor("usr-1", "ana"), "CAMERA_UPDATED", "camera:cam-" + i, "moved\nline two"));
    }
    assertTrue(audit.verify().intact());
    return audit;
  }

  /** Changes the table behind the application's back, as an attacker with database access would. */
  private static void tamper(TestDatabase store, String sql) {
    store.database().inTransaction("tamper", transaction -> {
      try (PreparedStatement statement = transaction.connection().prepareStatement(sql)) {
        return statement.executeUpdate();
      }
    });
  }

}
