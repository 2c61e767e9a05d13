package org.watchfloor.server.camera;

import org.watchfloor.proto.v1.BoundingBox;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.GeoPoint;
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
