package org.watchfloor.client.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A recording exactly as the playback API answered it (an fMP4: an initialization segment, then
 * movie fragments), cut into the window another {@code /get} would answer, without re-encoding:
 * from the fragment whose first frame is the keyframe at or before the window's start, the frames
 * before the start lasting zero time, so that media time 0 is the start (as MediaMTX and the
 * simulator answer). Only decode times and durations change; every frame's bytes are the file's.
 */
final class FragmentedMp4 {

  /** trun and tfhd/trex flag bits (ISO/IEC 14496-12, 8.8). */
  private static final int TRUN_DATA_OFFSET = 0x1;
  private static final int TRUN_FIRST_FLAGS = 0x4;
  private static final int TRUN_DURATION = 0x100;
  private static final int TRUN_SIZE = 0x200;
  private static final int TRUN_FLAGS = 0x400;
  private static final int TRUN_COMPOSITION = 0x800;
  private static final int NON_SYNC = 0x00010000;

  /** A frame: its decode time and duration in the track's ticks, where its duration is written (or -1), whether it is a keyframe. */
  private record Sample(long decodeTime, long duration, int durationAt, boolean keyframe) {}

  /** A moof and its mdat: [offset, end) of the file, where its tfdt's time is written and how wide it is. */
  private record Fragment(int offset, int end, int tfdtAt, boolean tfdtWide, List<Sample> samples) {
    long start() {
      return samples.get(0).decodeTime();
    }
  }

  private final byte[] file;
  private final Instant start;
  private final long timescale;
  private final int initEnd;
  private final List<Fragment> fragments;

  private FragmentedMp4(byte[] file, Instant start, long timescale, int initEnd, List<Fragment> fragments) {
    this.file = file;
    this.start = start;
    this.timescale = timescale;
    this.initEnd = initEnd;
    this.fragments = fragments;
  }

  /** Reads {@code file}, whose media time 0 is {@code start}; the exception says what is not as expected. */
  static FragmentedMp4 read(byte[] file, Instant start) throws IOException {
    try {
      return parse(file, start);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IOException("not a well-formed MP4: " + e.getMessage(), e);
    }
  }

  private static FragmentedMp4 parse(byte[] file, Instant start) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(file);
    long timescale = 0;
    long[] trex = {0, 0};
    int initEnd = -1;
    List<Fragment> fragments = new ArrayList<>();
    for (int at = 0; at < file.length; ) {
      int end = boxEnd(bytes, at);
      String type = type(bytes, at);
      if (type.equals("moov")) {
        int mdhd = find(bytes, at, "trak", "mdia", "mdhd");
        timescale = Integer.toUnsignedLong(bytes.getInt(mdhd + 12 + (bytes.get(mdhd + 8) == 1 ? 16 : 8)));
        int trexAt = find(bytes, at, "mvex", "trex");
        if (trexAt >= 0) {
          trex = new long[] {Integer.toUnsignedLong(bytes.getInt(trexAt + 20)), Integer.toUnsignedLong(bytes.getInt(trexAt + 28))};
        }
      } else if (type.equals("moof")) {
        initEnd = initEnd < 0 ? at : initEnd;
        int fragmentEnd = end;
        while (fragmentEnd < file.length && !type(bytes, fragmentEnd).equals("moof")) {
          fragmentEnd = boxEnd(bytes, fragmentEnd);
        }
        fragments.add(fragment(bytes, at, fragmentEnd, trex));
        end = fragmentEnd;
      }
      at = end;
    }
    if (timescale <= 0 || fragments.isEmpty()) {
      throw new IOException("not a fragmented MP4 recording (no moov with a time scale, or no movie fragment)");
    }
    return new FragmentedMp4(file, start, timescale, initEnd, fragments);
  }

  private static Fragment fragment(ByteBuffer bytes, int moof, int end, long[] trex) throws IOException {
    int traf = find(bytes, moof, "traf");
    int tfhd = traf < 0 ? -1 : find(bytes, traf, "tfhd");
    int tfdt = traf < 0 ? -1 : find(bytes, traf, "tfdt");
    int trun = traf < 0 ? -1 : find(bytes, traf, "trun");
    if (tfhd < 0 || tfdt < 0 || trun < 0 || count(bytes, moof, "traf") != 1 || count(bytes, traf, "trun") != 1) {
      throw new IOException("a movie fragment at byte " + moof + " is not one video track with tfhd, tfdt and trun");
    }
    int tfhdFlags = bytes.getInt(tfhd + 8) & 0xFFFFFF;
    int field = tfhd + 16 + ((tfhdFlags & 0x1) != 0 ? 8 : 0) + ((tfhdFlags & 0x2) != 0 ? 4 : 0);
    long defaultDuration = (tfhdFlags & 0x8) != 0 ? Integer.toUnsignedLong(bytes.getInt(field)) : trex[0];
    field += (tfhdFlags & 0x8) != 0 ? 4 : 0;
    field += (tfhdFlags & 0x10) != 0 ? 4 : 0;
    long defaultFlags = (tfhdFlags & 0x20) != 0 ? Integer.toUnsignedLong(bytes.getInt(field)) : trex[1];
    boolean wide = bytes.get(tfdt + 8) == 1;
    long decodeTime = wide ? bytes.getLong(tfdt + 12) : Integer.toUnsignedLong(bytes.getInt(tfdt + 12));
    int trunFlags = bytes.getInt(trun + 8) & 0xFFFFFF;
    int count = bytes.getInt(trun + 12);
    int entry = trun + 16 + ((trunFlags & TRUN_DATA_OFFSET) != 0 ? 4 : 0);
    long firstFlags = defaultFlags;
    if ((trunFlags & TRUN_FIRST_FLAGS) != 0) {
      firstFlags = Integer.toUnsignedLong(bytes.getInt(entry));
      entry += 4;
    }
    List<Sample> samples = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int durationAt = (trunFlags & TRUN_DURATION) != 0 ? entry : -1;
      long duration = durationAt >= 0 ? Integer.toUnsignedLong(bytes.getInt(entry)) : defaultDuration;
      entry += (trunFlags & TRUN_DURATION) != 0 ? 4 : 0;
      entry += (trunFlags & TRUN_SIZE) != 0 ? 4 : 0;
      long flags = i == 0 ? firstFlags : defaultFlags;
      if ((trunFlags & TRUN_FLAGS) != 0) {
        flags = Integer.toUnsignedLong(bytes.getInt(entry));
        entry += 4;
      }
      entry += (trunFlags & TRUN_COMPOSITION) != 0 ? 4 : 0;
      samples.add(new Sample(decodeTime, duration, durationAt, (flags & NON_SYNC) == 0));
      decodeTime += duration;
    }
    if (samples.isEmpty()) {
      throw new IOException("a movie fragment at byte " + moof + " holds no frame");
    }
    return new Fragment(moof, end, tfdt + 12, wide, samples);
  }

  /**
   * The window [{@code from}, {@code from + length}) as the playback API answers it: the
   * initialization segment, then the fragments from the keyframe at or before {@code from} to the
   * one holding the window's end, whole (so the answer may run to that fragment's end).
   */
  byte[] window(Instant from, Duration length) throws IOException {
    long wanted = ticks(from);
    long until = ticks(from.plus(length));
    int first = 0;
    for (int i = 0; i < fragments.size(); i++) {
      if (fragments.get(i).start() <= wanted && fragments.get(i).samples().get(0).keyframe()) {
        first = i;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(file, 0, initEnd);
    long decodeTime = 0;
    for (int i = first; i < fragments.size() && (i == first || fragments.get(i).start() < until); i++) {
      Fragment fragment = fragments.get(i);
      ByteBuffer copy = ByteBuffer.wrap(java.util.Arrays.copyOfRange(file, fragment.offset(), fragment.end()));
      if (fragment.tfdtWide()) {
        copy.putLong(fragment.tfdtAt() - fragment.offset(), decodeTime);
      } else {
        copy.putInt(fragment.tfdtAt() - fragment.offset(), (int) decodeTime);
      }
      for (Sample sample : fragment.samples()) {
        long shown = Math.max(0, sample.decodeTime() + sample.duration() - Math.max(sample.decodeTime(), wanted));
        if (shown != sample.duration()) {
          if (sample.durationAt() < 0) {
            throw new IOException("the fragment at byte " + fragment.offset() + " gives its frames no durations of their own; it cannot be cut at "
                + from + " without rewriting it");
          }
          copy.putInt(sample.durationAt() - fragment.offset(), (int) shown);
        }
        decodeTime += shown;
      }
      out.write(copy.array());
    }
    return out.toByteArray();
  }

  /**
   * How long the movie in {@code file} lasts, from its {@code mvhd} (an owner's clip, a plain MP4);
   * empty when the file has no movie header with a length. Only the top-level box headers and the
   * {@code moov} are read, wherever the {@code moov} lies.
   */
  static Optional<Duration> movieLength(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer header = ByteBuffer.allocate(16);
      for (long at = 0; at + 8 <= channel.size(); ) {
        header.clear();
        channel.read(header, at);
        long size = Integer.toUnsignedLong(header.getInt(0));
        size = size == 1 ? header.getLong(8) : size == 0 ? channel.size() - at : size;
        if (size < 8 || at + size > channel.size()) {
          return Optional.empty();
        }
        if (type(header, 0).equals("moov") && size <= Integer.MAX_VALUE) {
          ByteBuffer moov = ByteBuffer.allocate((int) size);
          channel.read(moov, at);
          int mvhd = find(moov.flip(), 0, "mvhd");
          if (mvhd < 0) {
            return Optional.empty();
          }
          boolean wide = moov.get(mvhd + 8) == 1;
          long timescale = Integer.toUnsignedLong(moov.getInt(mvhd + (wide ? 28 : 20)));
          long duration = wide ? moov.getLong(mvhd + 32) : Integer.toUnsignedLong(moov.getInt(mvhd + 24));
          // All ones: the length is not known (ISO/IEC 14496-12, 8.2.2).
          return timescale == 0 || duration <= 0 || duration == (wide ? -1 : 0xFFFFFFFFL)
              ? Optional.empty() : Optional.of(Duration.ofSeconds(duration / timescale, (duration % timescale) * 1_000_000_000L / timescale));
        }
        at += size;
      }
      return Optional.empty();
    } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private long ticks(Instant at) {
    Duration since = Duration.between(start, at);
    return Math.floorDiv(since.toNanos() * timescale, 1_000_000_000L);
  }

  /** The offset of the box at the end of {@code path}, looked for among the children of the box at {@code parent}; -1 if absent. */
  private static int find(ByteBuffer bytes, int parent, String... path) {
    int box = parent;
    for (String name : path) {
      int found = -1;
      for (int child = box + 8, end = boxEnd(bytes, box); child + 8 <= end && found < 0; child = boxEnd(bytes, child)) {
        found = type(bytes, child).equals(name) ? child : -1;
      }
      if (found < 0) {
        return -1;
      }
      box = found;
    }
    return box;
  }

  private static long count(ByteBuffer bytes, int parent, String name) {
    long found = 0;
    for (int child = parent + 8, end = boxEnd(bytes, parent); child + 8 <= end; child = boxEnd(bytes, child)) {
      found += type(bytes, child).equals(name) ? 1 : 0;
    }
    return found;
  }

  private static String type(ByteBuffer bytes, int at) {
    return new String(new byte[] {bytes.get(at + 4), bytes.get(at + 5), bytes.get(at + 6), bytes.get(at + 7)}, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static int boxEnd(ByteBuffer bytes, int at) {
    long size = Integer.toUnsignedLong(bytes.getInt(at));
    if (size == 1) {
      size = bytes.getLong(at + 8);
    } else if (size == 0) {
      size = bytes.limit() - at;
    }
    if (size < 8 || at + size > bytes.limit()) {
      throw new IllegalArgumentException("a box at byte " + at + " runs past the end of the file");
    }
    return (int) (at + size);
  }
}
