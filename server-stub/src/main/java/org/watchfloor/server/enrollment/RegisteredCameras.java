package org.watchfloor.server.enrollment;

import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.OwnerType;
import org.watchfloor.proto.v1.Provenance;
import org.watchfloor.proto.v1.RegisteredCameraDraft;
import org.watchfloor.proto.v1.ViewCone;

/** How a camera an owner described becomes a directory camera (Level 1), and back for editing. */
public final class RegisteredCameras {

  /** The kinds of device an owner picks from; the page sends {@link #value()}. */
  public enum Device {
    DOORBELL("Doorbell camera"),
    OUTDOOR("Outdoor camera"),
    DVR("DVR / NVR system"),
    INDOOR("Indoor camera facing out"),
    OTHER("Other");

    private final String label;

    Device(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static java.util.Optional<Device> of(String value) {
      return java.util.Arrays.stream(values()).filter(device -> device.value().equals(value)).findFirst();
    }
  }

  static final String SOURCE = "owner-registration";
  private static final double DIRECTED_FIELD_OF_VIEW = 90;
  private static final double TYPICAL_RANGE_METERS = 30;

  private RegisteredCameras() {}

  /** The directory camera for {@code draft}, owned by {@code owner}; {@code recordId} names where it came from. */
  public static Camera toCamera(RegisteredCameraDraft draft, String cameraId, Owner owner, String recordId) {
    ViewCone.Builder cone = ViewCone.newBuilder().setRangeMeters(TYPICAL_RANGE_METERS);
    if (draft.hasHeadingDegrees()) {
      cone.setHeadingDegrees(draft.getHeadingDegrees()).setFieldOfViewDegrees(DIRECTED_FIELD_OF_VIEW);
    } else {
      cone.setFieldOfViewDegrees(360);
    }
    return Camera.newBuilder()
        .setId(cameraId)
        .setName(draft.getName())
        .setKind(CameraKind.CAMERA_KIND_PRIVATE_REGISTERED)
        .setLocation(draft.getLocation())
        .addCones(cone)
        .setAddress(draft.getAddress())
        .setOwnerId(owner.getId())
        // A resident's name is personal; only a business or institution is named as the operator.
        .setOperator(owner.getType() == OwnerType.OWNER_TYPE_RESIDENT ? "" : owner.getOrganization())
        .putTags("covers", draft.getCovers())
        .putTags("device", draft.getDevice())
        .putTags("retention_days", Integer.toString(draft.getRetentionDays()))
        .setProvenance(Provenance.newBuilder().setSource(SOURCE).setSourceRecordId(recordId))
        .build();
  }

  /** What the owner described, read back from a directory camera (for the edit form). */
  public static RegisteredCameraDraft toDraft(Camera camera) {
    RegisteredCameraDraft.Builder draft =
        RegisteredCameraDraft.newBuilder()
            .setName(camera.getName())
            .setLocation(camera.getLocation())
            .setAddress(camera.getAddress())
            .setCovers(camera.getTagsOrDefault("covers", ""))
            .setDevice(camera.getTagsOrDefault("device", "other"));
    try {
      draft.setRetentionDays(Integer.parseInt(camera.getTagsOrDefault("retention_days", "0")));
    } catch (NumberFormatException e) {
      draft.setRetentionDays(0);
    }
    if (camera.getConesCount() > 0 && camera.getCones(0).hasHeadingDegrees()) {
      draft.setHeadingDegrees(camera.getCones(0).getHeadingDegrees());
    }
    return draft.build();
  }

  /** {@code current} with the owner's new description (kind, owner, streams and the rest kept). */
  public static Camera edited(Camera current, RegisteredCameraDraft draft, Owner owner) {
    Camera described = toCamera(draft, current.getId(), owner, current.getProvenance().getSourceRecordId());
    return current.toBuilder()
        .setName(described.getName())
        .setLocation(described.getLocation())
        .clearCones()
        .addAllCones(described.getConesList())
        .setAddress(described.getAddress())
        .putAllTags(described.getTagsMap())
        .build();
  }
}
