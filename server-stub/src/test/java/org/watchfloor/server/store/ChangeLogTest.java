package org.watchfloor.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.watchfloor.server.TestDatabase;
import org.watchfloor.server.store.ChangeLog.Change;

/** The change log as resuming watchers and other brokers read it, with large writes stored in shared rows. */
class ChangeLogTest {

  private static final Instant AT = Instant.parse("2026-12-03T12:00:00Z");

  static java.util.stream.Stream<org.junit.jupiter.api.Named<TestDatabase.Kind>> kinds() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void everyChangeOfALargeWriteIsReadFromAnyRevisionOnWithItsOwnRevision(TestDatabase.Kind kind) throws Exception {
    // Ids a separator could break: the length prefix keeps each whole.
    List<String> ids = new ArrayList<>(List.of("7:colon", "line\nbreak", "12", "ü-ø"));
    IntStream.range(0, 2_496).mapToObj(i -> "cam-" + i).forEach(ids::add);
    try (TestDatabase store = TestDatabase.open(kind)) {
      long before = store.database().inTransaction("one", t -> ChangeLog.append(t, Collection.CAMERAS, "single", false, AT));
      long last = store.database().inTransaction("import", t -> ChangeLog.appendAll(t, Collection.CAMERAS, ids, false, AT));
      long removal = store.database().inTransaction("delete", t -> ChangeLog.appendAll(t, Collection.CAMERAS, List.of("cam-2495", "single"), true, AT));

      assertEquals(before + ids.size(), last);
      List<Change> all = read(store, 0, removal);
      assertEquals(ids.size() + 1, all.size());
      assertEquals(new Change(before + 1, "7:colon", false), all.get(0));
      assertEquals(new Change(before + 2, "line\nbreak", false), all.get(1));
      assertEquals(new Change(before + 1000, "cam-995", false), all.get(999));
      assertEquals(new Change(before + 1001, "cam-996", false), all.get(1000));
      assertEquals(new Change(removal - 1, "cam-2495", true), all.get(ids.size() - 1));
      assertEquals(new Change(removal, "single", true), all.get(ids.size()));

      // A span starting and ending inside rows of 1,000: exactly the revisions in it.
      List<Change> middle = read(store, before + 998, before + 2003);
      assertEquals(1005, middle.size());
      assertEquals(before + 999, middle.get(0).revision());
      assertEquals(before + 2003, middle.get(middle.size() - 1).revision());
      assertEquals(List.of(), read(store, last, last));
      assertEquals(List.of(new Change(last, "cam-2495", false)), read(store, last - 1, last));
    }
  }

  @ParameterizedTest
  @MethodSource("kinds")
  void aWriteReadingUpToItsFirstRevisionDoesNotSeeItsOwnChanges(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase store = TestDatabase.open(kind)) {
      long earlier = store.database().inTransaction("one", t -> ChangeLog.append(t, Collection.CAMERAS, "earlier", false, AT));
      List<Change> seen = store.database().inTransaction("write", t -> {
        ChangeLog.appendAll(t, Collection.CAMERAS, List.of("a", "b", "c"), false, AT);
        return ChangeLog.latestChangesAfter(t, Collection.CAMERAS, 0, earlier);
      });
      assertEquals(List.of(new Change(earlier, "earlier", false)), seen);
    }
  }

  private static List<Change> read(TestDatabase store, long after, long through) {
    return store.database().inTransaction("read", t -> ChangeLog.latestChangesAfter(t, Collection.CAMERAS, after, through));
  }
}
