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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A recording exactly as the playback API answered it (an fMP4: an initialization segment, then
 * movie fragments of a video track and any others, such as audio), cut into the window another
 * {@code /get} would answer, without re-encoding: from the fragment whose video starts with the
 * keyframe at or before the window's start, the video frames before the start lasting zero time,
 * the other tracks' samples before it left out, so that media time 0 is the start on every track
 * (as MediaMTX and the simulator answer). The fragments' boxes are written anew around the file's
 * samples; every sample's bytes are the file's.
 */
final class FragmentedMp4 {

  /** trun and tfhd/trex flag bits (ISO/IEC 14496-12, 8.8). */
  private static final int TRUN_DATA_OFFSET = 0x1;
  private static final int TRUN_FIRST_FLAGS = 0x4;
  private static final int TRUN_DURATION = 0x100;
  private static final int TRUN_SIZE = 0x200;
  private static final int TRUN_FLAGS = 0x400;
  private static final int TRUN_COMPOSITION = 0x800;
  private static final int TFHD_BASE_OFFSET = 0x1;
  private static final int TFHD_DESCRIPTION = 0x2;
  private static final int TFHD_DURATION = 0x8;
  private static final int TFHD_SIZE = 0x10;
  private static final int TFHD_FLAGS = 0x20;
  private static final int TFHD_BASE_IS_MOOF = 0x20000;
  private static final int NON_SYNC = 0x00010000;

  /** A track of the movie: its id, its time scale, whether it is the video, and its trex defaults. */
  private record Track(long id, long timescale, boolean video, long duration, long size, long flags) {}

  /** A sample: its decode time and duration in its track's ticks, where its bytes lie, its flags and composition offset. */
  private record Sample(long decodeTime, long duration, int offset, int size, long flags, int composition) {
    boolean keyframe() {
      return (flags & NON_SYNC) == 0;
    }

    long end() {
      return decodeTime + duration;
    }
  }

  /** One track's run of samples in a fragment, with the trun version its composition offsets were written in. */
  private record Run(Track track, int version, List<Sample> samples) {}

  /** A moof and its mdat: the runs of its tracks. */
  private record Fragment(int offset, List<Run> runs) {
    Run video() {
      return runs.stream().filter(run -> run.track().video()).findFirst().orElseThrow();
    }
  }

  private final byte[] file;
  private final Instant start;
  private final int initEnd;
  private final List<Fragment> fragments;

  private FragmentedMp4(byte[] file, Instant start, int initEnd, List<Fragment> fragments) {
    this.file = file;
    this.start = start;
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
    Map<Long, Track> tracks = new HashMap<>();
    int initEnd = -1;
    List<Fragment> fragments = new ArrayList<>();
    for (int at = 0; at < file.length; ) {
      int end = boxEnd(bytes, at);
      String type = type(bytes, at);
      if (type.equals("moov")) {
        tracks = tracks(bytes, at);
      } else if (type.equals("moof")) {
        initEnd = initEnd < 0 ? at : initEnd;
        fragments.add(fragment(bytes, at, tracks));
      }
      at = end;
    }
    if (tracks.values().stream().noneMatch(Track::video) || fragments.isEmpty()) {
      throw new IOException("not a fragmented MP4 recording (no moov with a video track, or no movie fragment)");
    }
    return new FragmentedMp4(file, start, initEnd, fragments);
  }

  /** The moov's tracks by id: each trak's tkhd id, mdhd time scale and hdlr type, with its trex defaults. */
  private static Map<Long, Track> tracks(ByteBuffer bytes, int moov) throws IOException {
    Map<Long, long[]> defaults = new HashMap<>();
    int mvex = find(bytes, moov, "mvex");
    for (int child = mvex + 8, end = mvex < 0 ? -1 : boxEnd(bytes, mvex); mvex >= 0 && child + 8 <= end; child = boxEnd(bytes, child)) {
      if (type(bytes, child).equals("trex")) {
        defaults.put(Integer.toUnsignedLong(bytes.getInt(child + 12)), new long[] {Integer.toUnsignedLong(bytes.getInt(child + 20)),
            Integer.toUnsignedLong(bytes.getInt(child + 24)), Integer.toUnsignedLong(bytes.getInt(child + 28))});
      }
    }
    Map<Long, Track> tracks = new HashMap<>();
    for (int trak = moov + 8, end = boxEnd(bytes, moov); trak + 8 <= end; trak = boxEnd(bytes, trak)) {
      if (!type(bytes, trak).equals("trak")) {
        continue;
      }
      int tkhd = find(bytes, trak, "tkhd");
      int mdhd = find(bytes, trak, "mdia", "mdhd");
      int hdlr = find(bytes, trak, "mdia", "hdlr");
      if (tkhd < 0 || mdhd < 0 || hdlr < 0) {
        throw new IOException("a track at byte " + trak + " has no tkhd, mdhd or hdlr");
      }
      long id = Integer.toUnsignedLong(bytes.getInt(tkhd + (bytes.get(tkhd + 8) == 1 ? 28 : 20)));
      long timescale = Integer.toUnsignedLong(bytes.getInt(mdhd + 12 + (bytes.get(mdhd + 8) == 1 ? 16 : 8)));
      long[] trex = defaults.getOrDefault(id, new long[] {0, 0, 0});
      // hdlr: header, version and flags, pre_defined, then the handler type, read as a box type would be.
      tracks.put(id, new Track(id, timescale, type(bytes, hdlr + 12).equals("vide"), trex[0], trex[1], trex[2]));
    }
    return tracks;
  }

  private static Fragment fragment(ByteBuffer bytes, int moof, Map<Long, Track> tracks) throws IOException {
    List<Run> runs = new ArrayList<>();
    for (int traf = moof + 8, end = boxEnd(bytes, moof); traf + 8 <= end; traf = boxEnd(bytes, traf)) {
      if (type(bytes, traf).equals("traf")) {
        runs.addAll(runs(bytes, moof, traf, tracks, runs.isEmpty()));
      }
    }
    if (runs.stream().noneMatch(run -> run.track().video() && !run.samples().isEmpty())) {
      throw new IOException("the movie fragment at byte " + moof + " holds no video frame");
    }
    return new Fragment(moof, runs);
  }

  /** A traf's runs (one per trun), each sample with its decode time, duration, bytes' place, flags and composition offset. */
  private static List<Run> runs(ByteBuffer bytes, int moof, int traf, Map<Long, Track> tracks, boolean first) throws IOException {
    int tfhd = find(bytes, traf, "tfhd");
    int tfdt = find(bytes, traf, "tfdt");
    if (tfhd < 0 || tfdt < 0) {
      throw new IOException("a track fragment at byte " + traf + " has no tfhd or tfdt");
    }
    int tfhdFlags = bytes.getInt(tfhd + 8) & 0xFFFFFF;
    Track track = tracks.get(Integer.toUnsignedLong(bytes.getInt(tfhd + 12)));
    if (track == null) {
      throw new IOException("a track fragment at byte " + traf + " names a track the moov does not have");
    }
    int field = tfhd + 16;
    long base = moof;
    if ((tfhdFlags & TFHD_BASE_OFFSET) != 0) {
      base = bytes.getLong(field);
      field += 8;
    } else if ((tfhdFlags & TFHD_BASE_IS_MOOF) == 0 && !first) {
      // Without either, the base is where the previous track fragment's data ended: not written by MediaMTX nor ffmpeg.
      throw new IOException("a track fragment at byte " + traf + " has no base offset of its own");
    }
    field += (tfhdFlags & TFHD_DESCRIPTION) != 0 ? 4 : 0;
    long defaultDuration = (tfhdFlags & TFHD_DURATION) != 0 ? Integer.toUnsignedLong(bytes.getInt(field)) : track.duration();
    field += (tfhdFlags & TFHD_DURATION) != 0 ? 4 : 0;
    long defaultSize = (tfhdFlags & TFHD_SIZE) != 0 ? Integer.toUnsignedLong(bytes.getInt(field)) : track.size();
    field += (tfhdFlags & TFHD_SIZE) != 0 ? 4 : 0;
    long defaultFlags = (tfhdFlags & TFHD_FLAGS) != 0 ? Integer.toUnsignedLong(bytes.getInt(field)) : track.flags();
    long decodeTime = bytes.get(tfdt + 8) == 1 ? bytes.getLong(tfdt + 12) : Integer.toUnsignedLong(bytes.getInt(tfdt + 12));
    List<Run> runs = new ArrayList<>();
    long data = base;
    for (int trun = traf + 8, end = boxEnd(bytes, traf); trun + 8 <= end; trun = boxEnd(bytes, trun)) {
      if (!type(bytes, trun).equals("trun")) {
        continue;
      }
      int version = bytes.get(trun + 8);
      int flags = bytes.getInt(trun + 8) & 0xFFFFFF;
      int count = bytes.getInt(trun + 12);
      int entry = trun + 16;
      if ((flags & TRUN_DATA_OFFSET) != 0) {
        data = base + bytes.getInt(entry);
        entry += 4;
      }
      long firstFlags = defaultFlags;
      if ((flags & TRUN_FIRST_FLAGS) != 0) {
        firstFlags = Integer.toUnsignedLong(bytes.getInt(entry));
        entry += 4;
      }
      List<Sample> samples = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long duration = (flags & TRUN_DURATION) != 0 ? Integer.toUnsignedLong(bytes.getInt(entry)) : defaultDuration;
        entry += (flags & TRUN_DURATION) != 0 ? 4 : 0;
        long size = (flags & TRUN_SIZE) != 0 ? Integer.toUnsignedLong(bytes.getInt(entry)) : defaultSize;
        entry += (flags & TRUN_SIZE) != 0 ? 4 : 0;
        long sampleFlags = i == 0 ? firstFlags : defaultFlags;
        if ((flags & TRUN_FLAGS) != 0) {
          sampleFlags = Integer.toUnsignedLong(bytes.getInt(entry));
          entry += 4;
        }
        int composition = (flags & TRUN_COMPOSITION) != 0 ? bytes.getInt(entry) : 0;
        entry += (flags & TRUN_COMPOSITION) != 0 ? 4 : 0;
        if (data < 0 || data + size > bytes.limit()) {
          throw new IOException("a sample of the track fragment at byte " + traf + " lies outside the file");
        }
        samples.add(new Sample(decodeTime, duration, (int) data, (int) size, sampleFlags, composition));
        decodeTime += duration;
        data += size;
      }
      runs.add(new Run(track, version, samples));
    }
    return runs;
  }

  /**
   * The window [{@code from}, {@code from + length}) as the playback API answers it: the
   * initialization segment, then the fragments from the video keyframe at or before {@code from}
   * to the one holding the window's end, whole (so the answer may run to that fragment's end).
   */
  byte[] window(Instant from, Duration length) throws IOException {
    int first = 0;
    for (int i = 0; i < fragments.size(); i++) {
      Sample opening = fragments.get(i).video().samples().get(0);
      if (opening.decodeTime() <= ticks(from, fragments.get(i).video().track()) && opening.keyframe()) {
        first = i;
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(file, 0, initEnd);
    Map<Long, Long> decodeTimes = new HashMap<>();
    for (int i = first; i < fragments.size(); i++) {
      Run video = fragments.get(i).video();
      if (i > first && video.samples().get(0).decodeTime() >= ticks(from.plus(length), video.track())) {
        break;
      }
      out.write(cut(fragments.get(i), from, i - first + 1, decodeTimes));
    }
    return out.toByteArray();
  }

  /**
   * One fragment written anew for the window from {@code from}: the video's frames before it last
   * zero time (the decoder needs them from the keyframe on), the other tracks' samples before it are
   * left out, and each track's decode time runs on from {@code decodeTimes}.
   */
  private byte[] cut(Fragment fragment, Instant from, int sequence, Map<Long, Long> decodeTimes) {
    List<Run> kept = new ArrayList<>();
    for (Run run : fragment.runs()) {
      long wanted = ticks(from, run.track());
      List<Sample> samples = new ArrayList<>();
      for (Sample sample : run.samples()) {
        long shown = Math.max(0, sample.end() - Math.max(sample.decodeTime(), wanted));
        if (shown > 0 || run.track().video()) {
          samples.add(new Sample(0, shown, sample.offset(), sample.size(), sample.flags(), sample.composition()));
        }
      }
      if (!samples.isEmpty()) {
        kept.add(new Run(run.track(), run.version(), samples));
      }
    }
    int moofSize = 8 + 16;
    for (Run run : kept) {
      moofSize += 8 + 16 + 20 + 20 + run.samples().size() * 16;
    }
    ByteBuffer moof = ByteBuffer.allocate(moofSize);
    moof.putInt(moofSize).put(ascii("moof"));
    moof.putInt(16).put(ascii("mfhd")).putInt(0).putInt(sequence);
    long data = moofSize + 8;
    ByteArrayOutputStream mdat = new ByteArrayOutputStream();
    for (Run run : kept) {
      int trunSize = 20 + run.samples().size() * 16;
      moof.putInt(8 + 16 + 20 + trunSize).put(ascii("traf"));
      moof.putInt(16).put(ascii("tfhd")).putInt(TFHD_BASE_IS_MOOF).putInt((int) run.track().id());
      long decodeTime = decodeTimes.getOrDefault(run.track().id(), 0L);
      moof.putInt(20).put(ascii("tfdt")).putInt(0x01000000).putLong(decodeTime);
      moof.putInt(trunSize).put(ascii("trun")).putInt((run.version() << 24) | TRUN_DATA_OFFSET | TRUN_DURATION | TRUN_SIZE | TRUN_FLAGS | TRUN_COMPOSITION)
          .putInt(run.samples().size()).putInt((int) (data + mdat.size()));
      for (Sample sample : run.samples()) {
        moof.putInt((int) sample.duration()).putInt(sample.size()).putInt((int) sample.flags()).putInt(sample.composition());
        mdat.write(file, sample.offset(), sample.size());
        decodeTime += sample.duration();
      }
      decodeTimes.put(run.track().id(), decodeTime);
    }
    ByteArrayOutputStream written = new ByteArrayOutputStream(moofSize + 8 + mdat.size());
    written.writeBytes(moof.array());
    written.writeBytes(ByteBuffer.allocate(8).putInt(8 + mdat.size()).put(ascii("mdat")).array());
    written.writeBytes(mdat.toByteArray());
    return written.toByteArray();
  }

  private static byte[] ascii(String type) {
    return type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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

  private long ticks(Instant at, Track track) {
    Duration since = Duration.between(start, at);
    return Math.floorDiv(since.toNanos() * track.timescale(), 1_000_000_000L);
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
