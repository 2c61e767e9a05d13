package org.watchfloor.server.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Packs H.264 samples into MP4 (ISO/IEC 14496-12 and -15) without re-encoding: an fMP4 stream (an
 * initialization segment, then one movie fragment per call) or a plain MP4 (sample tables, then all
 * the media), as MediaMTX's playback server answers {@code format=fmp4} and {@code format=mp4}. One
 * video track, 90 kHz, no B-frames (decode order is presentation order).
 */
final class Mp4Writer {

  static final int TIMESCALE = 90_000;
  private static final int TRACK_ID = 1;
  /** trun sample flags: a sync sample, and a sample that depends on others and is not a sync sample. */
  private static final int KEYFRAME_FLAGS = 0x02000000;
  private static final int DEPENDENT_FLAGS = 0x01010000;

  /** A frame as the track stores it: its data and how long it shows, in 90 kHz ticks (0 for frames before the window). */
  record Sample(VideoSample frame, long duration) {}

  /** The picture and the parameter sets of the track. */
  record Track(int width, int height, VideoSample.ParameterSets parameterSets) {}

  private Mp4Writer() {}

  /** {@code ftyp} and a {@code moov} with no samples, announcing movie fragments ({@code mvex}). */
  static byte[] initialization(Track track) {
    Box moov = new Box("moov")
        .add(movieHeader(0))
        .add(trackBox(track, 0, new Box("stts").full(0, 0).u32(0), new Box("stsc").full(0, 0).u32(0),
            new Box("stsz").full(0, 0).u32(0).u32(0), new Box("stco").full(0, 0).u32(0), null))
        .add(new Box("mvex").add(new Box("trex").full(0, 0).u32(TRACK_ID).u32(1).u32(0).u32(0).u32(0)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    fileType("iso6").writeTo(out);
    moov.writeTo(out);
    return out.toByteArray();
  }

  /** One {@code moof} and its {@code mdat}: {@code samples} decoded from {@code baseDecodeTime} on. */
  static byte[] fragment(int sequenceNumber, long baseDecodeTime, List<Sample> samples) {
    Box trun = new Box("trun").full(0, 0x000001 | 0x000100 | 0x000200 | 0x000400).u32(samples.size());
    int dataOffsetAt = trun.size();
    trun.u32(0);
    long mediaBytes = 0;
    for (Sample sample : samples) {
      trun.u32(sample.duration()).u32(sample.frame().data().length).u32(sample.frame().keyframe() ? KEYFRAME_FLAGS : DEPENDENT_FLAGS);
      mediaBytes += sample.frame().data().length;
    }
    Box moof = new Box("moof")
        .add(new Box("mfhd").full(0, 0).u32(sequenceNumber))
        .add(new Box("traf")
            .add(new Box("tfhd").full(0, 0x020000).u32(TRACK_ID))
            .add(new Box("tfdt").full(1, 0).u64(baseDecodeTime))
            .add(trun));
    // The data offset counts from the moof's first byte to the first sample, past the mdat header.
    int moofSize = moof.size();
    trun.patchU32(dataOffsetAt, moofSize + 8);
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) (moofSize + 8 + mediaBytes));
    moof.writeTo(out);
    writeHeader(out, 8 + mediaBytes, "mdat");
    for (Sample sample : samples) {
      out.writeBytes(sample.frame().data());
    }
    return out.toByteArray();
  }

  /** A plain MP4: {@code ftyp}, a {@code moov} with every sample's size and place, one {@code mdat}. */
  static void progressive(OutputStream out, Track track, List<Sample> samples) throws IOException {
    long duration = samples.stream().mapToLong(Sample::duration).sum();
    Box stts = new Box("stts").full(0, 0);
    int runsAt = stts.size();
    stts.u32(0);
    int runs = 0;
    for (int i = 0; i < samples.size(); ) {
      int j = i;
      while (j < samples.size() && samples.get(j).duration() == samples.get(i).duration()) {
        j++;
      }
      stts.u32(j - i).u32(samples.get(i).duration());
      runs++;
      i = j;
    }
    stts.patchU32(runsAt, runs);
    Box stss = new Box("stss").full(0, 0);
    List<Integer> keyframes = java.util.stream.IntStream.range(0, samples.size())
        .filter(i -> samples.get(i).frame().keyframe()).boxed().toList();
    stss.u32(keyframes.size());
    keyframes.forEach(index -> stss.u32(index + 1));
    Box stsz = new Box("stsz").full(0, 0).u32(0).u32(samples.size());
    long mediaBytes = 0;
    for (Sample sample : samples) {
      stsz.u32(sample.frame().data().length);
      mediaBytes += sample.frame().data().length;
    }
    Box stsc = new Box("stsc").full(0, 0).u32(1).u32(1).u32(samples.size()).u32(1);
    Box co64 = new Box("co64").full(0, 0).u32(1);
    int chunkOffsetAt = co64.size();
    co64.u64(0);
    Box ftyp = fileType("isom");
    Box moov = new Box("moov").add(movieHeader(duration)).add(trackBox(track, duration, stts, stsc, stsz, co64, stss));
    // One chunk holds every sample; it starts right after the mdat's 16-byte (large size) header.
    co64.patchU64(chunkOffsetAt, ftyp.size() + moov.size() + 16L);
    ftyp.writeTo(out);
    moov.writeTo(out);
    byte[] header = new byte[16];
    java.nio.ByteBuffer.wrap(header).putInt(1).put("mdat".getBytes(StandardCharsets.US_ASCII)).putLong(16 + mediaBytes);
    out.write(header);
    for (Sample sample : samples) {
      out.write(sample.frame().data());
    }
  }

  private static Box fileType(String major) {
    Box ftyp = new Box("ftyp").ascii(major).u32(0);
    for (String brand : List.of("isom", "iso6", "avc1", "mp41")) {
      ftyp.ascii(brand);
    }
    return ftyp;
  }

  private static Box movieHeader(long duration90k) {
    Box mvhd = new Box("mvhd").full(0, 0).u32(0).u32(0).u32(1000).u32(duration90k / 90).u32(0x00010000).u16(0x0100).zeros(10);
    matrix(mvhd);
    return mvhd.zeros(24).u32(TRACK_ID + 1);
  }

  private static Box trackBox(Track track, long duration, Box stts, Box stsc, Box stsz, Box chunkOffsets, Box syncSamples) {
    Box tkhd = new Box("tkhd").full(0, 0x000003).u32(0).u32(0).u32(TRACK_ID).u32(0).u32(duration / 90).zeros(8)
        .u16(0).u16(0).u16(0).u16(0);
    matrix(tkhd);
    tkhd.u32((long) track.width() << 16).u32((long) track.height() << 16);
    Box stbl = new Box("stbl").add(new Box("stsd").full(0, 0).u32(1).add(sampleEntry(track))).add(stts);
    if (syncSamples != null) {
      stbl.add(syncSamples);
    }
    stbl.add(stsc).add(stsz).add(chunkOffsets);
    Box minf = new Box("minf")
        .add(new Box("vmhd").full(0, 1).u16(0).u16(0).u16(0).u16(0))
        .add(new Box("dinf").add(new Box("dref").full(0, 0).u32(1).add(new Box("url ").full(0, 1))))
        .add(stbl);
    Box mdia = new Box("mdia")
        .add(new Box("mdhd").full(0, 0).u32(0).u32(0).u32(TIMESCALE).u32(duration).u16(0x55C4).u16(0))
        .add(new Box("hdlr").full(0, 0).u32(0).ascii("vide").zeros(12).ascii("VideoHandler").zeros(1))
        .add(minf);
    return new Box("trak").add(tkhd).add(mdia);
  }

  private static Box sampleEntry(Track track) {
    VideoSample.ParameterSets sets = track.parameterSets();
    Box avcC = new Box("avcC").u8(1).u8(sets.sps()[1]).u8(sets.sps()[2]).u8(sets.sps()[3]).u8(0xFF).u8(0xE1)
        .u16(sets.sps().length).bytes(sets.sps()).u8(1).u16(sets.pps().length).bytes(sets.pps());
    return new Box("avc1").zeros(6).u16(1).zeros(16).u16(track.width()).u16(track.height())
        .u32(0x00480000).u32(0x00480000).u32(0).u16(1).zeros(32).u16(0x0018).u16(0xFFFF).add(avcC);
  }

  private static void matrix(Box box) {
    box.u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
  }

  private static void writeHeader(ByteArrayOutputStream out, long size, String type) {
    byte[] header = new byte[8];
    java.nio.ByteBuffer.wrap(header).putInt((int) size).put(type.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(header);
  }

  /** An ISO BMFF box under construction: its payload, then its children, written with a 32-bit size. */
  private static final class Box {
    private final String type;
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();
    private final List<Box> children = new java.util.ArrayList<>();
    private byte[] patched;

    Box(String type) {
      this.type = type;
    }

    Box full(int version, int flags) {
      return u8(version).u8(flags >>> 16).u8(flags >>> 8).u8(flags);
    }

    Box u8(int value) {
      payload.write(value);
      return this;
    }

    Box u16(int value) {
      return u8(value >>> 8).u8(value);
    }

    Box u32(long value) {
      return u16((int) (value >>> 16) & 0xFFFF).u16((int) value & 0xFFFF);
    }

    Box u64(long value) {
      return u32(value >>> 32).u32(value & 0xFFFFFFFFL);
    }

    Box zeros(int count) {
      payload.writeBytes(new byte[count]);
      return this;
    }

    Box ascii(String text) {
      payload.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    Box bytes(byte[] bytes) {
      payload.writeBytes(bytes);
      return this;
    }

    Box add(Box child) {
      children.add(child);
      return this;
    }

    /** The box's size in bytes; before any child is added, also where in the box the next byte written goes. */
    int size() {
      return 8 + payload.size() + children.stream().mapToInt(Box::size).sum();
    }

    void patchU32(int boxOffset, long value) {
      byte[] bytes = payloadBytes();
      java.nio.ByteBuffer.wrap(bytes).putInt(boxOffset - 8, (int) value);
    }

    void patchU64(int boxOffset, long value) {
      byte[] bytes = payloadBytes();
      java.nio.ByteBuffer.wrap(bytes).putLong(boxOffset - 8, value);
    }

    private byte[] payloadBytes() {
      if (patched == null || patched.length != payload.size()) {
        patched = payload.toByteArray();
      }
      return patched;
    }

    void writeTo(ByteArrayOutputStream out) {
      try {
        writeTo((OutputStream) out);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    void writeTo(OutputStream out) throws IOException {
      byte[] header = new byte[8];
      java.nio.ByteBuffer.wrap(header).putInt(size()).put(type.getBytes(StandardCharsets.US_ASCII));
      out.write(header);
      out.write(payloadBytes());
      for (Box child : children) {
        child.writeTo(out);
      }
    }
  }
}
