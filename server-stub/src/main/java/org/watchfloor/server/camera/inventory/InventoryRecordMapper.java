package org.watchfloor.server.camera.inventory;

import com.google.protobuf.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.Camera;
import org.watchfloor.proto.v1.CameraKind;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.Provenance;
import org.watchfloor.proto.v1.ViewCone;

/**
 * Checks the rows of one inventory file against the Camera rules and turns each into a camera or a
 * rejection. It remembers the ids and positions it has seen, so it serves exactly one file.
 */
final class InventoryRecordMapper {

  /** The contract's width for a cone whose direction is known and whose width is not. */
  private static final double DEFAULT_FIELD_OF_VIEW = 60;

  private static final double FULL_CIRCLE = 360;
  private static final double MAX_RANGE_METERS = 5000;
  private static final int MAX_CONES = 8;
  private static final int MAX_NAME = 200;
  private static final int MAX_ADDRESS = 300;
  private static final int MAX_OPERATOR = 200;
  private static final int MAX_TAGS = 64;
  private static final int MAX_TAG_VALUE = 512;
  private static final int MAX_RAW_KEY = 128;
  private static final int MAX_RAW_VALUE = 1024;
  private static final List<CameraKind> KINDS =
      List.of(
          CameraKind.CAMERA_KIND_TRAFFIC,
          CameraKind.CAMERA_KIND_CITY_CCTV,
          CameraKind.CAMERA_KIND_LPR,
          CameraKind.CAMERA_KIND_PRIVATE_REGISTERED,
          CameraKind.CAMERA_KIND_PRIVATE_LIVE);

  /** Plain decimal notation; Double.parseDouble alone would also take "NaN", "0x1p3" or "1d". */
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");

  private final InventorySource source;
  private final Map<String, Integer> firstRecordWithId = new HashMap<>();
  private final Map<Position, Integer> firstRecordAtPosition = new HashMap<>();

  private record Position(double latitude, double longitude) {}

  /** A direction value and the record field it was read from. */
  private record StatedDirection(String field, String value) {}

  InventoryRecordMapper(InventorySource source) {
    this.source = source;
  }

  ParsedRecord map(InventoryRow row) {
    RecordIssues issues = new RecordIssues(row.issues());
    checkIdIsNew(row, issues);
    Optional<GeoPoint> location = location(row, issues);
    String operator =
        text(row, InventoryColumn.OPERATOR).or(() -> OsmTags.operator(row.osmTags())).orElse("");
    String name = name(row, operator, location, issues);
    Optional<CameraKind> kind = kind(row, issues);
    List<ViewCone> cones = cones(row, kind, issues);
    String address =
        text(row, InventoryColumn.ADDRESS).or(() -> OsmTags.address(row.osmTags())).orElse("");
    checkLength("address", address, MAX_ADDRESS, issues);
    checkLength("operator", operator, MAX_OPERATOR, issues);
    String ownerId = text(row, InventoryColumn.OWNER_ID).orElse("");
    kind.ifPresent(k -> checkOwner(k, ownerId, issues));
    boolean ptz = ptz(row, issues);
    Map<String, String> tags = tags(row, issues);
    Map<String, String> rawTags = rawTags(row, issues);
    if (issues.hasError()) {
      return new ParsedRecord(row.index(), row.sourceRecordId(), Optional.empty(), issues.list());
    }
    Camera camera =
        Camera.newBuilder()
            .setName(name)
            .setKind(kind.orElseThrow())
            .setLocation(location.orElseThrow())
            .addAllCones(cones)
            .setAddress(address)
            .setOwnerId(ownerId)
            .setOperator(operator)
            .setPtz(ptz)
            .putAllTags(tags)
            .setProvenance(
                Provenance.newBuilder()
                    .setSource(source.sourceName())
                    .setSourceRecordId(row.sourceRecordId())
                    .setImportedAt(
                        Timestamp.newBuilder()
                            .setSeconds(source.importedAt().getEpochSecond())
                            .setNanos(source.importedAt().getNano()))
                    .setLicence(source.licence())
                    .setAttribution(source.attribution())
                    .putAllRawTags(rawTags))
            .build();
    return new ParsedRecord(row.index(), row.sourceRecordId(), Optional.of(camera), issues.list());
  }

  /** Re-imports match on the id, so a second record with it would silently overwrite the first. */
  private void checkIdIsNew(InventoryRow row, RecordIssues issues) {
    if (row.sourceRecordId().isEmpty()) {
      return;
    }
    Integer first = firstRecordWithId.putIfAbsent(row.sourceRecordId(), row.index());
    if (first != null) {
      issues.reject(
          row.idField(),
          row.idField()
              + " \""
              + row.sourceRecordId()
              + "\" is already used by record "
              + first
              + "; an id may appear only once in a file");
    }
  }

  private Optional<GeoPoint> location(InventoryRow row, RecordIssues issues) {
    OptionalDouble latitude =
        coordinate(row, InventoryColumn.LATITUDE, row.latitudeField(), 90, issues);
    OptionalDouble longitude =
        coordinate(row, InventoryColumn.LONGITUDE, row.longitudeField(), 180, issues);
    if (latitude.isEmpty() || longitude.isEmpty()) {
      return Optional.empty();
    }
    if (latitude.getAsDouble() == 0 && longitude.getAsDouble() == 0) {
      issues.reject(
          row.latitudeField(),
          "position 0, 0 (\"null island\" in the Gulf of Guinea) is a missing position written as"
              + " zeros");
      return Optional.empty();
    }
    Integer first =
        firstRecordAtPosition.putIfAbsent(
            new Position(latitude.getAsDouble(), longitude.getAsDouble()), row.index());
    if (first != null) {
      issues.warn(row.latitudeField(), "same position as record " + first + "; both kept");
    }
    return Optional.of(
        GeoPoint.newBuilder()
            .setLatitude(latitude.getAsDouble())
            .setLongitude(longitude.getAsDouble())
            .build());
  }

  private static OptionalDouble coordinate(
      InventoryRow row, InventoryColumn column, String field, int limit, RecordIssues issues) {
    String what = column.columnName();
    Optional<String> text = text(row, column);
    if (text.isEmpty()) {
      // A reader that found the position malformed has said so already.
      if (!issues.hasErrorOn(field)) {
        issues.reject(field, what + " is missing");
      }
      return OptionalDouble.empty();
    }
    OptionalDouble value = decimal(text.get());
    if (value.isEmpty()) {
      issues.reject(field, what + " \"" + text.get() + "\" is not a number");
    } else if (Math.abs(value.getAsDouble()) > limit) {
      issues.reject(field, what + " " + text.get() + " is outside -" + limit + ".." + limit);
      return OptionalDouble.empty();
    }
    return value;
  }

  private static String name(
      InventoryRow row, String operator, Optional<GeoPoint> location, RecordIssues issues) {
    Optional<String> stated = text(row, InventoryColumn.NAME).or(() -> OsmTags.name(row.osmTags()));
    if (stated.isPresent()) {
      checkLength("name", stated.get(), MAX_NAME, issues);
      return stated.get();
    }
    String name;
    if (!operator.isEmpty()) {
      name = operator + " camera";
    } else if (!row.sourceRecordId().isEmpty()) {
      name = "Camera " + row.sourceRecordId();
    } else {
      name =
          location
              .map(
                  p ->
                      String.format(
                          Locale.ROOT, "Camera at %.5f, %.5f", p.getLatitude(), p.getLongitude()))
              .orElse("Camera");
    }
    // Most OSM cameras are unnamed and the contract defines their name; elsewhere it is a guess.
    if (row.osmTags().isEmpty()) {
      issues.warn("name", "name is empty; named \"" + name + "\"");
    }
    return name;
  }

  private Optional<CameraKind> kind(InventoryRow row, RecordIssues issues) {
    Optional<String> stated = text(row, InventoryColumn.KIND);
    if (stated.isPresent()) {
      Optional<CameraKind> kind =
          KINDS.stream().filter(k -> kindName(k).equalsIgnoreCase(stated.get())).findFirst();
      if (kind.isEmpty()) {
        issues.reject(
            "kind",
            "kind \""
                + stated.get()
                + "\" is not one of TRAFFIC, CITY_CCTV, LPR, PRIVATE_REGISTERED, PRIVATE_LIVE");
      }
      return kind;
    }
    Optional<CameraKind> kind =
        OsmTags.kind(row.osmTags())
            .or(() -> Optional.of(source.defaultKind()).filter(KINDS::contains));
    if (kind.isEmpty()) {
      issues.reject(
          "kind",
          row.osmTags().isEmpty()
              ? "kind is empty and the import has no default kind"
              : "the tags state no kind (surveillance:type=ALPR, surveillance:zone=traffic or"
                  + " surveillance=public) and the import has no default kind");
    }
    return kind;
  }

  private static List<ViewCone> cones(
      InventoryRow row, Optional<CameraKind> kind, RecordIssues issues) {
    Optional<StatedDirection> direction = direction(row, issues);
    OsmDirection.Reading reading =
        direction
            .map(d -> OsmDirection.read(d.field(), d.value()))
            .orElse(new OsmDirection.Reading(List.of(), List.of()));
    issues.addAll(reading.warnings());
    OptionalDouble fieldOfView = number(row, InventoryColumn.FIELD_OF_VIEW, issues);
    if (fieldOfView.isPresent()
        && !(fieldOfView.getAsDouble() > 0 && fieldOfView.getAsDouble() <= FULL_CIRCLE)) {
      issues.reject(
          "field_of_view",
          "field_of_view "
              + text(row, InventoryColumn.FIELD_OF_VIEW).orElseThrow()
              + " is not in (0, 360] degrees");
    }
    OptionalDouble range = number(row, InventoryColumn.RANGE, issues);
    if (range.isPresent()
        && !(range.getAsDouble() >= 0 && range.getAsDouble() <= MAX_RANGE_METERS)) {
      issues.reject(
          "range",
          "range " + text(row, InventoryColumn.RANGE).orElseThrow() + " is not in 0..5000 metres");
    }
    // The contract reads range 0 as unknown; the kind's typical reach is the better guess.
    double rangeMeters =
        range.isPresent() && range.getAsDouble() > 0
            ? range.getAsDouble()
            : kind.map(InventoryRecordMapper::typicalRangeMeters).orElse(0.0);
    List<ViewCone> cones = new ArrayList<>();
    for (OsmDirection.Heading heading : reading.headings()) {
      if (heading.fieldOfView().isPresent() && fieldOfView.isPresent()
          && heading.fieldOfView().getAsDouble() != fieldOfView.getAsDouble()) {
        // A range states its own width; the record's single field of view cannot override it unseen.
        issues.warn("field_of_view", "field_of_view " + OsmDirection.format(fieldOfView.getAsDouble())
            + " differs from the width of the direction range, " + OsmDirection.format(heading.fieldOfView().getAsDouble())
            + "°, centred on " + OsmDirection.format(heading.degrees()) + "°; the range's width is used for that cone");
      }
      cones.add(
          ViewCone.newBuilder()
              .setHeadingDegrees(heading.degrees())
              .setFieldOfViewDegrees(
                  heading.fieldOfView().orElse(fieldOfView.orElse(DEFAULT_FIELD_OF_VIEW)))
              .setRangeMeters(rangeMeters)
              .build());
    }
    if (direction.isEmpty() && (OsmTags.isDome(row.osmTags()) || range.isPresent())) {
      // A dome, or a reach without a direction: a cone with no heading, drawn as a circle.
      cones.add(
          ViewCone.newBuilder()
              .setFieldOfViewDegrees(FULL_CIRCLE)
              .setRangeMeters(rangeMeters)
              .build());
    }
    if (cones.size() > MAX_CONES) {
      StatedDirection stated = direction.orElseThrow();
      issues.warn(
          stated.field(),
          stated.field()
              + " \""
              + stated.value()
              + "\" gives "
              + cones.size()
              + " directions; kept the first "
              + MAX_CONES
              + ", the most a camera has");
      return cones.subList(0, MAX_CONES);
    }
    return cones;
  }

  /**
   * The direction to read: the direction column, else OSM's camera:direction, else direction. A
   * different value in a later source is reported, since only one can be right.
   */
  private static Optional<StatedDirection> direction(InventoryRow row, RecordIssues issues) {
    List<StatedDirection> stated = new ArrayList<>();
    text(row, InventoryColumn.DIRECTION)
        .ifPresent(v -> stated.add(new StatedDirection("direction", v)));
    for (String key : OsmTags.DIRECTION_KEYS) {
      Optional.ofNullable(row.osmTags().get(key))
          .map(String::strip)
          .filter(v -> !v.isEmpty())
          .ifPresent(v -> stated.add(new StatedDirection(key, v)));
    }
    if (stated.isEmpty()) {
      return Optional.empty();
    }
    StatedDirection used = stated.get(0);
    stated.stream()
        .filter(other -> !other.value().equals(used.value()))
        .forEach(
            other ->
                issues.warn(
                    other.field(),
                    other.field()
                        + " \""
                        + other.value()
                        + "\" differs from "
                        + used.field()
                        + " \""
                        + used.value()
                        + "\"; used "
                        + used.field()));
    return Optional.of(used);
  }

  /** How far a kind of camera usefully sees when the record does not say. */
  private static double typicalRangeMeters(CameraKind kind) {
    return switch (kind) {
      case CAMERA_KIND_LPR -> 40;
      case CAMERA_KIND_TRAFFIC -> 150;
      case CAMERA_KIND_CITY_CCTV -> 80;
      case CAMERA_KIND_PRIVATE_REGISTERED, CAMERA_KIND_PRIVATE_LIVE -> 30;
      case CAMERA_KIND_UNSPECIFIED, UNRECOGNIZED -> 0;
    };
  }

  private static void checkOwner(CameraKind kind, String ownerId, RecordIssues issues) {
    boolean isPrivate =
        kind == CameraKind.CAMERA_KIND_PRIVATE_REGISTERED
            || kind == CameraKind.CAMERA_KIND_PRIVATE_LIVE;
    if (isPrivate && ownerId.isEmpty()) {
      issues.reject("owner_id", "owner_id is required for a " + kindName(kind) + " camera");
    } else if (!isPrivate && !ownerId.isEmpty()) {
      issues.reject(
          "owner_id", "owner_id must be empty for a public camera (" + kindName(kind) + ")");
    }
  }

  private static boolean ptz(InventoryRow row, RecordIssues issues) {
    Optional<String> stated = text(row, InventoryColumn.PTZ);
    if (stated.isEmpty()) {
      return OsmTags.isPanning(row.osmTags());
    }
    if (stated.get().equalsIgnoreCase("true") || stated.get().equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(stated.get());
    }
    issues.reject("ptz", "ptz \"" + stated.get() + "\" is not true or false");
    return false;
  }

  /** Camera.tags: OSM's descriptive tags, overridden by explicit tag:<key> values. */
  private static Map<String, String> tags(InventoryRow row, RecordIssues issues) {
    Map<String, String> wanted = new TreeMap<>(OsmTags.cameraTags(row.osmTags()));
    wanted.putAll(row.cameraTags());
    Map<String, String> tags = new TreeMap<>();
    for (Map.Entry<String, String> tag : wanted.entrySet()) {
      String field = InventoryColumn.TAG_PREFIX + tag.getKey();
      if (!InventoryColumn.TAG_KEY.matcher(tag.getKey()).matches()) {
        issues.warn(
            field,
            "tag key \""
                + tag.getKey()
                + "\" is not 1 to 64 characters of A-Z, a-z, 0-9, ':', '_', '.', '-'; tag left"
                + " out");
      } else if (tag.getValue().length() > MAX_TAG_VALUE) {
        issues.warn(
            field,
            field + " is " + tag.getValue().length() + " characters long, over 512; tag left out");
      } else if (tags.size() == MAX_TAGS) {
        issues.warn(field, "a camera has at most 64 tags; " + field + " and later keys left out");
        break;
      } else {
        tags.put(tag.getKey(), tag.getValue());
      }
    }
    return tags;
  }

  private static Map<String, String> rawTags(InventoryRow row, RecordIssues issues) {
    Map<String, String> kept = new TreeMap<>();
    for (Map.Entry<String, String> tag : new TreeMap<>(row.rawTags()).entrySet()) {
      if (tag.getKey().length() > MAX_RAW_KEY || tag.getValue().length() > MAX_RAW_VALUE) {
        issues.warn(
            tag.getKey(),
            "attribute too long for provenance raw_tags (key at most 128, value at most 1024"
                + " characters); left out");
      } else {
        kept.put(tag.getKey(), tag.getValue());
      }
    }
    return kept;
  }

  private static void checkLength(String field, String value, int max, RecordIssues issues) {
    if (value.length() > max) {
      issues.reject(
          field, field + " is " + value.length() + " characters long; at most " + max + " fit");
    }
  }

  private static OptionalDouble number(
      InventoryRow row, InventoryColumn column, RecordIssues issues) {
    Optional<String> text = text(row, column);
    if (text.isEmpty()) {
      return OptionalDouble.empty();
    }
    OptionalDouble value = decimal(text.get());
    if (value.isEmpty()) {
      issues.reject(
          column.columnName(), column.columnName() + " \"" + text.get() + "\" is not a number");
    }
    return value;
  }

  private static OptionalDouble decimal(String text) {
    if (!DECIMAL.matcher(text).matches()) {
      return OptionalDouble.empty();
    }
    double value = Double.parseDouble(text);
    return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  private static Optional<String> text(InventoryRow row, InventoryColumn column) {
    return Optional.ofNullable(row.columns().get(column))
        .map(String::strip)
        .filter(value -> !value.isEmpty());
  }

  /** The contract's short kind name, e.g. "LPR" for CAMERA_KIND_LPR. */
  private static String kindName(CameraKind kind) {
    return kind.name().substring("CAMERA_KIND_".length());
  }
}
