package org.watchfloor.server.sim;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One H.264 frame of a segment as MP4 stores it: its NAL units each prefixed by a 4-byte length
 * (ISO/IEC 14496-15), without the access unit delimiter and the parameter sets, which an MP4 keeps
 * once in its sample description. {@code ptsOffset} is the frame's PTS after the segment's first,
 * in 90 kHz ticks.
 */
record VideoSample(long ptsOffset, boolean keyframe, byte[] data) {

  private static final int NAL_IDR = 5;
  private static final int NAL_SPS = 7;
  private static final int NAL_PPS = 8;
  private static final int NAL_ACCESS_UNIT_DELIMITER = 9;

  /** The sequence and picture parameter sets of a stream (the first of each found), for the avcC box. */
  record ParameterSets(byte[] sps, byte[] pps) {}

  /** Splits an Annex B access unit (start-code separated NAL units) into MP4 form. */
  static VideoSample ofAnnexB(long ptsOffset, byte[] accessUnit) {
    ByteArrayOutputStream sample = new ByteArrayOutputStream(accessUnit.length + 16);
    boolean keyframe = false;
    for (byte[] nal : nalUnits(accessUnit)) {
      int type = nal[0] & 0x1F;
      keyframe |= type == NAL_IDR;
      if (type == NAL_ACCESS_UNIT_DELIMITER || type == NAL_SPS || type == NAL_PPS) {
        continue;
      }
      sample.write(nal.length >>> 24);
      sample.write(nal.length >>> 16);
      sample.write(nal.length >>> 8);
      sample.write(nal.length);
      sample.writeBytes(nal);
    }
    return new VideoSample(ptsOffset, keyframe, sample.toByteArray());
  }

  /** The first SPS and PPS of an Annex B access unit (a keyframe's carries them). */
  static ParameterSets parameterSets(byte[] accessUnit) {
    byte[] sps = null;
    byte[] pps = null;
    for (byte[] nal : nalUnits(accessUnit)) {
      int type = nal[0] & 0x1F;
      if (type == NAL_SPS && sps == null) {
        sps = nal;
      } else if (type == NAL_PPS && pps == null) {
        pps = nal;
      }
    }
    if (sps == null || pps == null) {
      throw new IllegalArgumentException("the keyframe carries no SPS and PPS");
    }
    return new ParameterSets(sps, pps);
  }

  /** NAL units between 3-byte start codes; the zero byte of a 4-byte start code is not part of the unit before. */
  static List<byte[]> nalUnits(byte[] annexB) {
    List<byte[]> units = new ArrayList<>();
    int start = -1;
    int i = 0;
    while (i + 2 < annexB.length) {
      if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
        if (start >= 0) {
          units.add(trimmed(annexB, start, i));
        }
        i += 3;
        start = i;
      } else {
        i++;
      }
    }
    if (start >= 0 && start < annexB.length) {
      units.add(trimmed(annexB, start, annexB.length));
    }
    return units;
  }

  private static byte[] trimmed(byte[] bytes, int from, int to) {
    int end = to;
    while (end > from && bytes[end - 1] == 0) {
      end--;
    }
    return java.util.Arrays.copyOfRange(bytes, from, end);
  }
}
