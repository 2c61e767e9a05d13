package org.watchfloor.server.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * One committed MPEG-TS segment, parsed once so it can be re-stamped cheaply: where its clock
 * fields (PCR, PTS, DTS) sit and which PID each packet has are found at load time, so placing the
 * segment elsewhere on an endless timeline only patches those bytes in a copy (no decoding).
 */
final class TransportStreamSegment {

  static final int PACKET_SIZE = 188;
  /** PTS, DTS and the PCR base count a 90 kHz clock in 33 bits and wrap around. */
  static final long TIMESTAMP_MODULUS = 1L << 33;
  static final long TICKS_PER_SECOND = 90_000;

  private static final int SYNC_BYTE = 0x47;
  private static final int NULL_PID = 0x1FFF;

  private final byte[] data;
  private final long firstPts;
  private final int[] pcrOffsets;
  private final int[] timestampOffsets;
  /** Distinct PIDs in order of first appearance; {@link #packetPidIndex} points into it. */
  private final int[] pids;
  /** Per packet, the index of its PID in {@link #pids}; -1 for null packets, which have no counter. */
  private final byte[] packetPidIndex;
  /** Per PID index, how many packets carry payload: only those advance the continuity counter. */
  private final int[] payloadPackets;

  private TransportStreamSegment(
      byte[] data, long firstPts, int[] pcrOffsets, int[] timestampOffsets, int[] pids, byte[] packetPidIndex, int[] payloadPackets) {
    this.data = data;
    this.firstPts = firstPts;
    this.pcrOffsets = pcrOffsets;
    this.timestampOffsets = timestampOffsets;
    this.pids = pids;
    this.packetPidIndex = packetPidIndex;
    this.payloadPackets = payloadPackets;
  }

  /**
   * Parses {@code data}, which must be whole 188-byte packets whose first timestamped PES starts
   * with a keyframe (random-access flag), as ffmpeg's HLS muxer writes them.
   */
  static TransportStreamSegment parse(String name, byte[] data) {
    if (data.length == 0 || data.length % PACKET_SIZE != 0) {
      throw new IllegalArgumentException(name + ": " + data.length + " bytes is not a whole number of 188-byte TS packets");
    }
    List<Integer> pcrs = new ArrayList<>();
    List<Integer> timestamps = new ArrayList<>();
    List<Integer> pidList = new ArrayList<>();
    List<Integer> payloadCounts = new ArrayList<>();
    byte[] packetPidIndex = new byte[data.length / PACKET_SIZE];
    long firstPts = -1;
    for (int packet = 0; packet < packetPidIndex.length; packet++) {
      int start = packet * PACKET_SIZE;
      int end = start + PACKET_SIZE;
      if ((data[start] & 0xFF) != SYNC_BYTE) {
        throw new IllegalArgumentException(name + ": packet " + packet + " has no 0x47 sync byte");
      }
      int pid = ((data[start + 1] & 0x1F) << 8) | (data[start + 2] & 0xFF);
      boolean unitStart = (data[start + 1] & 0x40) != 0;
      boolean hasAdaptation = (data[start + 3] & 0x20) != 0;
      boolean hasPayload = (data[start + 3] & 0x10) != 0;
      if (pid == NULL_PID) {
        packetPidIndex[packet] = -1;
        continue;
      }
      int index = pidList.indexOf(pid);
      if (index < 0) {
        if (pidList.size() == Byte.MAX_VALUE) {
          throw new IllegalArgumentException(name + ": more than " + Byte.MAX_VALUE + " PIDs");
        }
        index = pidList.size();
        pidList.add(pid);
        payloadCounts.add(0);
      }
      packetPidIndex[packet] = (byte) index;
      if (hasPayload) {
        payloadCounts.set(index, payloadCounts.get(index) + 1);
      }
      int payloadStart = start + 4;
      boolean randomAccess = false;
      if (hasAdaptation) {
        int length = data[start + 4] & 0xFF;
        payloadStart = start + 5 + length;
        if (payloadStart > end) {
          throw new IllegalArgumentException(name + ": packet " + packet + " has an adaptation field longer than the packet");
        }
        if (length > 0) {
          int flags = data[start + 5] & 0xFF;
          randomAccess = (flags & 0x40) != 0;
          if ((flags & 0x10) != 0) {
            if (length < 7) {
              throw new IllegalArgumentException(name + ": packet " + packet + " announces a PCR its adaptation field cannot hold");
            }
            pcrs.add(start + 6);
          }
        }
      }
      if (!hasPayload || !unitStart || !isPesStart(data, payloadStart, end)) {
        continue;
      }
      int streamId = data[payloadStart + 3] & 0xFF;
      if (!hasOptionalPesHeader(streamId)) {
        continue;
      }
      if (payloadStart + 9 > end || payloadStart + 9 + (data[payloadStart + 8] & 0xFF) > end) {
        throw new IllegalArgumentException(name + ": the PES header in packet " + packet + " runs past the packet");
      }
      int ptsDtsFlags = (data[payloadStart + 7] >> 6) & 0x3;
      if ((ptsDtsFlags & 0x2) != 0) {
        timestamps.add(payloadStart + 9);
        if (firstPts < 0) {
          if (!randomAccess) {
            throw new IllegalArgumentException(name + ": does not start with a keyframe (no random-access flag on its first PES)");
          }
          firstPts = readTimestamp(data, payloadStart + 9);
        }
      }
      if (ptsDtsFlags == 0x3) {
        timestamps.add(payloadStart + 14);
      }
    }
    if (firstPts < 0) {
      throw new IllegalArgumentException(name + ": no PES packet with a PTS");
    }
    return new TransportStreamSegment(
        data,
        firstPts,
        pcrs.stream().mapToInt(Integer::intValue).toArray(),
        timestamps.stream().mapToInt(Integer::intValue).toArray(),
        pidList.stream().mapToInt(Integer::intValue).toArray(),
        packetPidIndex,
        payloadCounts.stream().mapToInt(Integer::intValue).toArray());
  }

  /** PTS of the segment's first frame, in 90 kHz ticks. */
  long firstPts() {
    return firstPts;
  }

  int size() {
    return data.length;
  }

  /** The PIDs of this segment, in the order the arrays of {@link #restamped} follow. */
  int[] pids() {
    return pids.clone();
  }

  int payloadPackets(int pidIndex) {
    return payloadPackets[pidIndex];
  }

  /**
   * A copy whose PCR, PTS and DTS are moved by {@code timestampShift} ticks (modulo 2^33) and whose
   * continuity counters start at {@code firstCounters} (one per {@link #pids()} entry), so that it
   * follows on from whatever segment a player received before it.
   */
  byte[] restamped(long timestampShift, int[] firstCounters) {
    byte[] copy = data.clone();
    for (int offset : pcrOffsets) {
      writePcrBase(copy, offset, Math.floorMod(readPcrBase(copy, offset) + timestampShift, TIMESTAMP_MODULUS));
    }
    for (int offset : timestampOffsets) {
      writeTimestamp(copy, offset, Math.floorMod(readTimestamp(copy, offset) + timestampShift, TIMESTAMP_MODULUS));
    }
    int[] counters = firstCounters.clone();
    for (int packet = 0; packet < packetPidIndex.length; packet++) {
      int index = packetPidIndex[packet];
      if (index < 0) {
        continue;
      }
      int at = packet * PACKET_SIZE + 3;
      // A packet without payload repeats the counter of the one before it (ISO/IEC 13818-1 2.4.3.3).
      int counter = (copy[at] & 0x10) != 0 ? counters[index]++ : counters[index] - 1;
      copy[at] = (byte) ((copy[at] & 0xF0) | (counter & 0x0F));
    }
    return copy;
  }

  /**
   * The segment's video frames in MP4 form, demultiplexed from the PES packets of its video stream
   * (stream ids 0xE0 to 0xEF); the first is the keyframe the segment starts with.
   */
  List<VideoSample> videoSamples() {
    return videoAccessUnits().stream()
        .map(unit -> VideoSample.ofAnnexB(Math.floorMod(unit.pts() - firstPts, TIMESTAMP_MODULUS), unit.annexB()))
        .toList();
  }

  /** The parameter sets of the keyframe the segment starts with. */
  VideoSample.ParameterSets parameterSets() {
    return VideoSample.parameterSets(videoAccessUnits().get(0).annexB());
  }

  private record AccessUnit(long pts, byte[] annexB) {}

  private List<AccessUnit> videoAccessUnits() {
    List<AccessUnit> units = new ArrayList<>();
    java.io.ByteArrayOutputStream current = null;
    long pts = -1;
    int videoPid = -1;
    for (int start = 0; start < data.length; start += PACKET_SIZE) {
      int pid = ((data[start + 1] & 0x1F) << 8) | (data[start + 2] & 0xFF);
      boolean unitStart = (data[start + 1] & 0x40) != 0;
      if ((data[start + 3] & 0x10) == 0 || pid == NULL_PID || (videoPid >= 0 && pid != videoPid)) {
        continue;
      }
      int payloadStart = (data[start + 3] & 0x20) != 0 ? start + 5 + (data[start + 4] & 0xFF) : start + 4;
      int end = start + PACKET_SIZE;
      if (unitStart && isPesStart(data, payloadStart, end) && (data[payloadStart + 3] & 0xF0) == 0xE0) {
        videoPid = pid;
        if (current != null) {
          units.add(new AccessUnit(pts, current.toByteArray()));
        }
        pts = readTimestamp(data, payloadStart + 9);
        current = new java.io.ByteArrayOutputStream(8192);
        int headerEnd = payloadStart + 9 + (data[payloadStart + 8] & 0xFF);
        current.write(data, headerEnd, end - headerEnd);
      } else if (current != null && pid == videoPid) {
        current.write(data, payloadStart, end - payloadStart);
      }
    }
    if (current != null) {
      units.add(new AccessUnit(pts, current.toByteArray()));
    }
    return units;
  }

  static long readTimestamp(byte[] bytes, int offset) {
    return ((long) (bytes[offset] & 0x0E) << 29)
        | ((long) (bytes[offset + 1] & 0xFF) << 22)
        | ((long) (bytes[offset + 2] & 0xFE) << 14)
        | ((long) (bytes[offset + 3] & 0xFF) << 7)
        | ((bytes[offset + 4] & 0xFE) >> 1);
  }

  /** Writes a 33-bit PTS/DTS, keeping the field's 4-bit prefix and its marker bits. */
  private static void writeTimestamp(byte[] bytes, int offset, long value) {
    bytes[offset] = (byte) ((bytes[offset] & 0xF0) | ((value >> 29) & 0x0E) | 0x01);
    bytes[offset + 1] = (byte) (value >> 22);
    bytes[offset + 2] = (byte) (((value >> 14) & 0xFE) | 0x01);
    bytes[offset + 3] = (byte) (value >> 7);
    bytes[offset + 4] = (byte) (((value << 1) & 0xFE) | 0x01);
  }

  static long readPcrBase(byte[] bytes, int offset) {
    return ((long) (bytes[offset] & 0xFF) << 25)
        | ((long) (bytes[offset + 1] & 0xFF) << 17)
        | ((long) (bytes[offset + 2] & 0xFF) << 9)
        | ((long) (bytes[offset + 3] & 0xFF) << 1)
        | ((bytes[offset + 4] & 0x80) >> 7);
  }

  /** Writes the 33-bit PCR base; the 27 MHz extension (and the reserved bits) stay as they were. */
  private static void writePcrBase(byte[] bytes, int offset, long base) {
    bytes[offset] = (byte) (base >> 25);
    bytes[offset + 1] = (byte) (base >> 17);
    bytes[offset + 2] = (byte) (base >> 9);
    bytes[offset + 3] = (byte) (base >> 1);
    bytes[offset + 4] = (byte) (((base & 0x1) << 7) | (bytes[offset + 4] & 0x7F));
  }

  private static boolean isPesStart(byte[] data, int payloadStart, int end) {
    return payloadStart + 4 <= end && data[payloadStart] == 0 && data[payloadStart + 1] == 0 && data[payloadStart + 2] == 1;
  }

  /** Stream ids whose PES packets have the optional header that holds PTS and DTS (ISO/IEC 13818-1 2.4.3.7). */
  private static boolean hasOptionalPesHeader(int streamId) {
    return switch (streamId) {
      case 0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xF2, 0xF8, 0xFF -> false;
      default -> true;
    };
  }
}
