package org.watchfloor.client.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time axis's marks in the center's zone, the time code's frame grid and the playback URLs. */
class TimeScaleTest {

  private static final ZoneId LEXINGTON = ZoneId.of("America/New_York");

  /** Hour marks over a local day, when an hour spans 100 px. */
  private static List<TimeScale.Tick> hoursOf(LocalDate day) {
    Instant from = day.atStartOfDay(LEXINGTON).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(LEXINGTON).toInstant().minusSeconds(1);
    return TimeScale.ticks(from, to, 100 / 3600.0, LEXINGTON);
  }

  @Test
  void aDayWhenDaylightSavingStartsHas23HoursAndOneWhenItEndsHas25WithOneOClockTwice() {
    List<TimeScale.Tick> spring = hoursOf(LocalDate.of(2026, 3, 8));
    assertEquals(23, spring.size());
    assertEquals(List.of("Sun 8 Mar", "01:00", "03:00"), spring.subList(0, 3).stream().map(TimeScale.Tick::label).toList());

    List<TimeScale.Tick> autumn = hoursOf(LocalDate.of(2026, 11, 1));
    assertEquals(25, autumn.size());
    assertEquals(List.of("Sun 1 Nov", "01:00", "01:00", "02:00"), autumn.subList(0, 4).stream().map(TimeScale.Tick::label).toList());
    assertTrue(autumn.get(0).dayStart());

    assertEquals(23, Duration.between(spring.get(0).at(), hoursOf(LocalDate.of(2026, 3, 9)).get(0).at()).toHours());
  }

  @Test
  void zoomedInTheAxisMarksEveryFrameOnTheRecordingsGrid() {
    Instant from = Instant.parse("2026-03-01T12:00:01Z");
    List<TimeScale.Tick> frames = TimeScale.ticks(from, from.plusMillis(999), 1000, LEXINGTON);
    assertEquals(15, frames.size());
    assertEquals(Instant.parse("2026-03-01T12:00:01.066666667Z"), frames.get(1).at(), "frame 16 of the 2 s segment");
    assertEquals("07:00:01.066", frames.get(1).label());
  }

  @Test
  void aTimeCodeNamesTheFrameNearestTheClockOrTheFirstAfterAKeyframe() {
    Instant segment = Instant.parse("2026-03-01T12:00:00Z");
    // Frame 4 of any clip segment: 4/15 s (ceil to the ns) into some 2 s segment.
    Instant frame4 = segment.plusNanos(266_666_667);
    assertEquals(frame4, TimeCode.captureTime(124, segment.plusMillis(900)));
    assertEquals(frame4.minusSeconds(2), TimeCode.captureTime(34, segment.minusMillis(900)));
    assertEquals(frame4.plusSeconds(2), TimeCode.captureTimeAfter(4, frame4.plusMillis(40)));
    assertEquals(frame4, TimeCode.captureTimeAfter(4, segment));
    assertEquals(frame4, TimeCode.frameStart(frame4.plusMillis(50)));
    assertEquals(segment.plusSeconds(2), TimeCode.step(segment.plusNanos(1_933_333_334L), 1));
    assertEquals(segment.minusNanos(66_666_666), TimeCode.step(segment, -1));
  }

  @Test
  void aTicketsUrlAsksForAnyWindowAndForTheListOnTheSameTicket() {
    String ticket = "http://127.0.0.1:8/sim/playback/get?path=cam%2Fcam-3%2Fsub&start=2026-03-01T12%3A00%3A00Z&duration=600&format=fmp4&ticket=T.x";
    assertEquals("http://127.0.0.1:8/sim/playback/get?path=cam%2Fcam-3%2Fsub&ticket=T.x&start=2026-03-01T12%3A05%3A00.500Z&duration=90.25&format=fmp4",
        PlaybackUrls.window(ticket, Instant.parse("2026-03-01T12:05:00.500Z"), Duration.ofMillis(90_250)));
    assertEquals("http://127.0.0.1:8/sim/playback/list?path=cam%2Fcam-3%2Fsub&ticket=T.x", PlaybackUrls.list(ticket));
  }
}
