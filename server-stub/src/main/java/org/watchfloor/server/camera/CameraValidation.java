package org.watchfloor.server.camera;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.StreamProfile;
import org.watchfloor.proto.v1.StreamProtocol;
import org.watchfloor.proto.v1.StreamRole;
import org.watchfloor.proto.v1.ViewCone;
import org.watchfloor.server.Rejection;

/** The rules a camera and a viewport must meet, each refusal naming the field and the rule. */
public final class CameraValidation {

  private CameraValidation() {}

  public static void requireValid(Camera camera, String field) {
    if (camera.getName().isBlank() || camera.getName().length() > 200) {
      throw Rejection.invalid(field + ".name", "must be 1 to 200 characters");
    }
    if (camera.getKind() == CameraKind.CAMERA_KIND_UNSPECIFIED || camera.getKind() == CameraKind.UNRECOGNIZED) {
      throw Rejection.invalid(field + ".kind", "name one of TRAFFIC, CITY_CCTV, LPR, PRIVATE_REGISTERED, PRIVATE_LIVE");
    }
    if (!camera.hasLocation()) {
      throw Rejection.invalid(field + ".location", "is required");
    }
    requireValid(camera.getLocation(), field + ".location");
    boolean isPrivate =
        camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_REGISTERED
            || camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_LIVE;
    if (isPrivate && camera.getContinuousRecording()) {
      throw Rejection.invalid(
          field + ".continuous_recording", "private cameras are never recorded by the center");
    }
    for (int i = 0; i < camera.getConesCount(); i++) {
      ViewCone cone = camera.getCones(i);
      String coneField = field + ".cones[" + i + "]";
      if (cone.hasHeadingDegrees() && (cone.getHeadingDegrees() < 0 || cone.getHeadingDegrees() >= 360)) {
        throw Rejection.invalid(coneField + ".heading_degrees", "must be at least 0 and below 360, got " + cone.getHeadingDegrees());
      }
      if (!(cone.getFieldOfViewDegrees() > 0 && cone.getFieldOfViewDegrees() <= 360)) {
        throw Rejection.invalid(coneField + ".field_of_view_degrees", "must be above 0 and at most 360, got " + cone.getFieldOfViewDegrees());
      }
      if (!(cone.getRangeMeters() >= 0 && cone.getRangeMeters() <= 5000)) {
        throw Rejection.invalid(coneField + ".range_meters", "must be 0 (unknown) or up to 5000, got " + cone.getRangeMeters());
      }
    }
    if (camera.getConesCount() > 8) {
      throw Rejection.invalid(field + ".cones", "at most 8 cones, got " + camera.getConesCount());
    }
    requireValidStreams(camera, field);
    requireValidTags(camera, field);
    if (camera.hasRecordingRetention()) {
      long seconds = camera.getRecordingRetention().getSeconds();
      if (!camera.getContinuousRecording()) {
        throw Rejection.invalid(field + ".recording_retention", "only for a camera recorded continuously");
      }
      if (seconds < 3600 || seconds > 365 * 86400L) {
        throw Rejection.invalid(field + ".recording_retention", "must be between 1 hour and 365 days, got " + seconds + " s");
      }
    }
  }

  private static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9_-]{1,32}");
  private static final Pattern CODEC = Pattern.compile("[a-z0-9]{0,16}");
  private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9:_.-]{1,64}");

  private static void requireValidStreams(Camera camera, String field) {
    if (camera.getKind() == CameraKind.CAMERA_KIND_PRIVATE_REGISTERED && camera.getStreamsCount() > 0) {
      throw Rejection.invalid(field + ".streams", "must be empty for a registered private camera: the center has no access to it");
    }
    if (camera.getStreamsCount() > 16) {
      throw Rejection.invalid(field + ".streams", "at most 16 profiles, got " + camera.getStreamsCount());
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < camera.getStreamsCount(); i++) {
      StreamProfile profile = camera.getStreams(i);
      String at = field + ".streams[" + i + "]";
      if (!PROFILE_NAME.matcher(profile.getName()).matches()) {
        throw Rejection.invalid(at + ".name", "must be 1 to 32 characters of a-z, 0-9, _ and -, got '" + profile.getName() + "'");
      }
      if (!names.add(profile.getName())) {
        throw Rejection.invalid(at + ".name", "'" + profile.getName() + "' names another profile of the camera too");
      }
      if (profile.getRole() == StreamRole.STREAM_ROLE_UNSPECIFIED || profile.getRole() == StreamRole.UNRECOGNIZED) {
        throw Rejection.invalid(at + ".role", "name MAIN or SUB");
      }
      if (profile.getProtocol() == StreamProtocol.STREAM_PROTOCOL_UNSPECIFIED || profile.getProtocol() == StreamProtocol.UNRECOGNIZED
          || profile.getProtocol() == StreamProtocol.STREAM_PROTOCOL_FMP4) {
        throw Rejection.invalid(at + ".protocol", "name RTSP, HLS, HTTP_TS, MJPEG or WEBRTC");
      }
      if (profile.getWidth() < 0 || profile.getWidth() > 16384 || profile.getHeight() < 0 || profile.getHeight() > 16384) {
        throw Rejection.invalid(at + ".width", "width and height must be 0 (unknown) to 16384, got " + profile.getWidth() + "x" + profile.getHeight());
      }
      if (!(profile.getFrameRate() >= 0 && profile.getFrameRate() <= 240)) {
        throw Rejection.invalid(at + ".frame_rate", "must be 0 (unknown) to 240, got " + profile.getFrameRate());
      }
      if (!CODEC.matcher(profile.getCodec()).matches()) {
        throw Rejection.invalid(at + ".codec", "at most 16 characters of a-z and 0-9, e.g. h264, got '" + profile.getCodec() + "'");
      }
      if (profile.getBitrateKbps() < 0) {
        throw Rejection.invalid(at + ".bitrate_kbps", "must be 0 (unknown) or more, got " + profile.getBitrateKbps());
      }
    }
  }

  private static void requireValidTags(Camera camera, String field) {
    if (camera.getTagsCount() > 64) {
      throw Rejection.invalid(field + ".tags", "at most 64 tags, got " + camera.getTagsCount());
    }
    for (Map.Entry<String, String> tag : new TreeMap<>(camera.getTagsMap()).entrySet()) {
      if (!TAG_KEY.matcher(tag.getKey()).matches()) {
        throw Rejection.invalid(field + ".tags", "key '" + tag.getKey() + "' must be 1 to 64 characters of A-Z, a-z, 0-9, :, _, . and -");
      }
      if (tag.getValue().length() > 512) {
        throw Rejection.invalid(field + ".tags", "the value of '" + tag.getKey() + "' is " + tag.getValue().length() + " characters, at most 512");
      }
    }
  }

  public static void requireValid(GeoPoint point, String field) {
    if (!(point.getLatitude() >= -90 && point.getLatitude() <= 90)) {
      throw Rejection.invalid(field + ".latitude", "must be between -90 and 90, got " + point.getLatitude());
    }
    if (!(point.getLongitude() >= -180 && point.getLongitude() <= 180)) {
      throw Rejection.invalid(field + ".longitude", "must be between -180 and 180, got " + point.getLongitude());
    }
    if (point.getLatitude() == 0 && point.getLongitude() == 0) {
      throw Rejection.invalid(field, "0,0 is in the Gulf of Guinea; a missing position was sent as zeros");
    }
  }

  public static void requireValid(BoundingBox box, String field) {
    if (!(box.getSouth() >= -90 && box.getSouth() <= 90)) {
      throw Rejection.invalid(field + ".south", "must be between -90 and 90, got " + box.getSouth());
    }
    if (!(box.getNorth() >= -90 && box.getNorth() <= 90)) {
      throw Rejection.invalid(field + ".north", "must be between -90 and 90, got " + box.getNorth());
    }
    if (!(box.getWest() >= -180 && box.getWest() <= 180)) {
      throw Rejection.invalid(field + ".west", "must be between -180 and 180, got " + box.getWest());
    }
    if (!(box.getEast() >= -180 && box.getEast() <= 180)) {
      throw Rejection.invalid(field + ".east", "must be between -180 and 180, got " + box.getEast());
    }
    if (box.getSouth() > box.getNorth()) {
      throw Rejection.invalid(field, "south (" + box.getSouth() + ") must not be above north (" + box.getNorth() + ")");
    }
    if (box.getWest() > box.getEast()) {
      throw Rejection.invalid(field, "west (" + box.getWest() + ") must not be east of east (" + box.getEast() + "); boxes across the antimeridian are not supported");
    }
  }
}
