package org.watchfloor.server.portal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.watchfloor.proto.v1.GeoPoint;
import org.watchfloor.proto.v1.Owner;
import org.watchfloor.proto.v1.OwnerType;
import org.watchfloor.proto.v1.RegisteredCameraDraft;
import org.watchfloor.server.consent.OwnerRegistry;
import org.watchfloor.server.enrollment.RegisteredCameras;
import org.watchfloor.server.enrollment.ServiceArea;

/**
 * The owner and camera fields of the registration and manage pages, exactly as typed (so a page
 * shown again keeps them), their checks (each problem named beside its field), and the map clicks
 * and buttons that change the form without sending it.
 */
final class RegistrationForm {

  /** Directions a camera can face, as the page offers them; "" is all around or not known. */
  static final List<Map<String, String>> FACINGS = List.of(
      option("", "All around / not sure"), option("0", "North"), option("45", "North-east"), option("90", "East"),
      option("135", "South-east"), option("180", "South"), option("225", "South-west"), option("270", "West"),
      option("315", "North-west"));
  static final List<Map<String, String>> DEVICES =
      java.util.Arrays.stream(RegisteredCameras.Device.values()).map(device -> option(device.value(), device.label())).toList();
  /** More cameras than this in one post are not from our page; reading stops there. */
  private static final int MOST_CAMERAS_READ = 100;
  private static final Pattern POSITION = Pattern.compile("\\s*(-?[0-9]{1,3}(?:\\.[0-9]+)?)\\s*[,;\\s]\\s*(-?[0-9]{1,3}(?:\\.[0-9]+)?)\\s*");
  private static final String[] CAMERA_FIELDS = {"name", "position", "zoom", "address", "facing", "covers", "device", "retention"};

  final Map<String, String> owner = new HashMap<>();
  final List<Map<String, String>> cameras = new ArrayList<>();
  final Map<String, String> errors = new LinkedHashMap<>();

  private static Map<String, String> option(String value, String label) {
    return Map.of("value", value, "label", label);
  }

  static RegistrationForm blank() {
    RegistrationForm form = new RegistrationForm();
    form.owner.put("type", "resident");
    form.cameras.add(blankCamera());
    return form;
  }

  static Map<String, String> blankCamera() {
    Map<String, String> camera = new HashMap<>();
    for (String field : CAMERA_FIELDS) {
      camera.put(field, "");
    }
    camera.put("zoom", "0");
    camera.put("device", "");
    return camera;
  }

  /** The owner fields and every camera block ({@code c0_…}, {@code c1_…}) of a posted form. */
  static RegistrationForm read(Map<String, List<String>> posted) {
    RegistrationForm form = new RegistrationForm();
    for (String field : new String[] {"name", "type", "organization", "email", "phone", "policy"}) {
      form.owner.put(field, PortalExchange.first(posted, field));
    }
    for (int i = 0; i < MOST_CAMERAS_READ && posted.containsKey("c" + i + "_name"); i++) {
      form.cameras.add(readCamera(posted, "c" + i + "_"));
    }
    return form;
  }

  static Map<String, String> readCamera(Map<String, List<String>> posted, String prefix) {
    Map<String, String> camera = new HashMap<>();
    for (String field : CAMERA_FIELDS) {
      camera.put(field, PortalExchange.first(posted, prefix + field));
    }
    return camera;
  }

  /**
   * Applies a click on a camera's map ({@code <prefix>map.x} and {@code .y}): the position becomes
   * the clicked point and the map zooms in around it. False when the post held no map click.
   */
  static boolean applyMapClick(Map<String, List<String>> posted, String prefix, Map<String, String> camera, CountyMap map) {
    String x = PortalExchange.first(posted, prefix + "map.x");
    String y = PortalExchange.first(posted, prefix + "map.y");
    if (!x.matches("[0-9]{1,4}") || !y.matches("[0-9]{1,4}")) {
      return false;
    }
    CountyMap.View view = view(camera, map);
    GeoPoint clicked = map.pointAt(view, Integer.parseInt(x), Integer.parseInt(y));
    camera.put("position", format(clicked));
    camera.put("zoom", Integer.toString(Math.min(view.zoom() + 1, CountyMap.MAX_ZOOM)));
    return true;
  }

  /** The map view a camera block shows: around its position at its zoom, or the whole area. */
  static CountyMap.View view(Map<String, String> camera, CountyMap map) {
    Optional<GeoPoint> position = position(camera.get("position"));
    int zoom = camera.getOrDefault("zoom", "0").matches("[0-9]") ? Integer.parseInt(camera.get("zoom")) : 0;
    return position.map(point -> map.around(point, zoom)).orElse(map.overview());
  }

  static String format(GeoPoint point) {
    return String.format(Locale.ROOT, "%.6f, %.6f", point.getLatitude(), point.getLongitude());
  }

  /** "38.0406, -84.5037" (a comma, semicolon or space between), latitude first. */
  static Optional<GeoPoint> position(String typed) {
    Matcher matcher = POSITION.matcher(typed == null ? "" : typed);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    double latitude = Double.parseDouble(matcher.group(1));
    double longitude = Double.parseDouble(matcher.group(2));
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      return Optional.empty();
    }
    return Optional.of(GeoPoint.newBuilder().setLatitude(latitude).setLongitude(longitude).build());
  }

  /** Checks the owner fields and every camera, noting each problem under its field's name. */
  void check(ServiceArea area, int maxCameras) {
    checkOwner();
    if (cameras.isEmpty()) {
      errors.put("cameras", "Add at least one camera.");
    } else if (cameras.size() > maxCameras) {
      errors.put("cameras", "At most " + maxCameras + " cameras can be registered at once; remove "
          + (cameras.size() - maxCameras) + " and add them later from your manage page.");
    }
    for (int i = 0; i < cameras.size(); i++) {
      checkCamera(cameras.get(i), "c" + i + "_", area, errors);
    }
    if (!owner.get("policy").equals("accepted")) {
      errors.put("policy", "Please read the use policy and tick the box to accept it.");
    }
  }

  void checkOwner() {
    String name = owner.get("name").strip();
    if (name.isEmpty() || name.length() > 200) {
      errors.put("name", "Give your name (1 to 200 characters).");
    }
    if (!owner.get("type").equals("resident") && !owner.get("type").equals("business")) {
      errors.put("type", "Say whether you register as a resident or for a business.");
    }
    String organization = owner.get("organization").strip();
    if (owner.get("type").equals("business") && organization.isEmpty()) {
      errors.put("organization", "Give the business's name.");
    } else if (organization.length() > 200) {
      errors.put("organization", "The business's name can be at most 200 characters.");
    }
    if (!OwnerRegistry.isEmail(owner.get("email").strip())) {
      errors.put("email", "Give an e-mail address such as name@example.org; the confirmation link is sent there.");
    }
    if (!owner.get("phone").isBlank() && phone(owner.get("phone")).isEmpty()) {
      errors.put("phone", "Give a phone number such as (859) 555-0123 or +18595550123, or leave it empty.");
    }
  }

  static void checkCamera(Map<String, String> camera, String prefix, ServiceArea area, Map<String, String> errors) {
    String name = camera.get("name").strip();
    if (name.isEmpty() || name.length() > 200) {
      errors.put(prefix + "name", "Give the camera a name such as \"Front door\" (1 to 200 characters).");
    }
    Optional<GeoPoint> position = position(camera.get("position"));
    if (camera.get("position").isBlank()) {
      errors.put(prefix + "position", "Click the map where the camera is, or type its coordinates such as 38.0406, -84.5037.");
    } else if (position.isEmpty()) {
      errors.put(prefix + "position", "Type the coordinates as latitude, longitude, such as 38.0406, -84.5037.");
    } else if (!area.contains(position.get())) {
      errors.put(prefix + "position", "This position is outside the area the center serves (the outlined county); "
          + "only cameras inside it can be registered.");
    }
    if (camera.get("address").length() > 300) {
      errors.put(prefix + "address", "The address can be at most 300 characters.");
    }
    if (FACINGS.stream().noneMatch(option -> option.get("value").equals(camera.get("facing")))) {
      errors.put(prefix + "facing", "Pick the direction the camera faces.");
    }
    if (camera.get("covers").length() > 300) {
      errors.put(prefix + "covers", "Describe what it covers in at most 300 characters.");
    }
    if (RegisteredCameras.Device.of(camera.get("device")).isEmpty()) {
      errors.put(prefix + "device", "Pick the kind of camera.");
    }
    String retention = camera.get("retention").strip();
    if (!retention.matches("[0-9]{1,3}") || Integer.parseInt(retention) < 1 || Integer.parseInt(retention) > 365) {
      errors.put(prefix + "retention", "Give the number of days it keeps recordings, from 1 to 365.");
    }
  }

  /** A US number as E.164: "(859) 555-0123" and "859.555.0123" become "+18595550123". */
  static Optional<String> phone(String typed) {
    String digits = typed.replaceAll("[\\s().-]", "");
    if (digits.matches("[0-9]{10}")) {
      digits = "+1" + digits;
    } else if (digits.matches("1[0-9]{10}")) {
      digits = "+" + digits;
    }
    return OwnerRegistry.isPhone(digits) ? Optional.of(digits) : Optional.empty();
  }

  /** The owner as checked (call only when there are no errors). */
  Owner contact() {
    boolean business = owner.get("type").equals("business");
    return Owner.newBuilder()
        .setDisplayName(owner.get("name").strip())
        .setOrganization(business ? owner.get("organization").strip() : "")
        .setEmail(owner.get("email").strip())
        .setPhone(owner.get("phone").isBlank() ? "" : phone(owner.get("phone")).orElseThrow())
        .setType(business ? OwnerType.OWNER_TYPE_BUSINESS : OwnerType.OWNER_TYPE_RESIDENT)
        .build();
  }

  List<RegisteredCameraDraft> drafts() {
    return cameras.stream().map(RegistrationForm::draft).toList();
  }

  /** A camera block as checked (call only when it has no errors). */
  static RegisteredCameraDraft draft(Map<String, String> camera) {
    RegisteredCameraDraft.Builder draft =
        RegisteredCameraDraft.newBuilder()
            .setName(camera.get("name").strip())
            .setLocation(position(camera.get("position")).orElseThrow())
            .setAddress(camera.get("address").strip())
            .setCovers(camera.get("covers").strip())
            .setDevice(camera.get("device"))
            .setRetentionDays(Integer.parseInt(camera.get("retention").strip()));
    if (!camera.get("facing").isEmpty()) {
      draft.setHeadingDegrees(Double.parseDouble(camera.get("facing")));
    }
    return draft.build();
  }

  /** A camera block showing what the owner described before (the manage page's edit form). */
  static Map<String, String> fields(RegisteredCameraDraft draft) {
    Map<String, String> camera = blankCamera();
    camera.put("name", draft.getName());
    camera.put("position", format(draft.getLocation()));
    camera.put("zoom", "2");
    camera.put("address", draft.getAddress());
    camera.put("facing", draft.hasHeadingDegrees() ? Long.toString(Math.round(draft.getHeadingDegrees() / 45.0) * 45 % 360) : "");
    camera.put("covers", draft.getCovers());
    camera.put("device", draft.getDevice());
    camera.put("retention", draft.getRetentionDays() > 0 ? Integer.toString(draft.getRetentionDays()) : "");
    return camera;
  }

  /** The owner fields showing an owner's current contact details (the manage page's contact form). */
  static Map<String, String> fields(Owner contact) {
    Map<String, String> fields = new HashMap<>();
    fields.put("name", contact.getDisplayName());
    fields.put("type", contact.getType() == OwnerType.OWNER_TYPE_RESIDENT ? "resident" : "business");
    fields.put("organization", contact.getOrganization());
    fields.put("email", contact.getEmail());
    fields.put("phone", contact.getPhone());
    fields.put("policy", "accepted");
    return fields;
  }
}
