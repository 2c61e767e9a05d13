package org.watchfloor.client.mapedit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import org.watchfloor.client.DemoBroker;
import org.watchfloor.client.map.CameraLayer;
import org.watchfloor.client.map.CameraMapModel;
import org.watchfloor.client.map.MapPane;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Camera;
import org.watchfloor.client.net.CameraField;
import org.watchfloor.client.net.CameraType;
import org.watchfloor.client.net.CameraUpdate;
import org.watchfloor.client.net.Layer;
import org.watchfloor.client.net.UserRole;
import org.watchfloor.server.store.AuditStore.AuditFilter;
import org.watchfloor.server.store.AuditStore.AuditRow;

/**
 * Edit mode on the map against a real broker over real gRPC: an admin drags a camera and turns its
 * cone while a second client watches, selects with a rectangle and assigns a layer in bulk, undoes
 * and redoes through the broker, and meets another admin's change as a conflict, never a silent loss.
 */
@ExtendWith(ApplicationExtension.class)
class MapEditTest {

  @TempDir Path dataDir;
  private DemoBroker broker;
  private BrokerConnection admin;
  private BrokerConnection watcher;
  private final CameraMapModel model = new CameraMapModel();
  private final CameraMapModel watched = new CameraMapModel();
  private MapPane map;
  private MapEditor editor;
  private MapEditing editing;
  private Stage stage;
  private final List<Propagation> propagations = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * One edit on its way to the watching client: when the broker's answer reached the admin's
   * editor, and when the watcher's own map first held the edit (timed where each happens).
   */
  private static final class Propagation {
    private final String what;
    private final Callable<Boolean> shows;
    private volatile long sentAt;
    private volatile long answeredAt;
    private volatile long shownAt;

    Propagation(String what, Callable<Boolean> shows) {
      this.what = what;
      this.shows = shows;
    }

    void sent() {
      if (sentAt == 0) {
        sentAt = System.nanoTime();
      }
    }

    void answered() {
      if (answeredAt == 0) {
        answeredAt = System.nanoTime();
      }
    }

    void check() {
      try {
        if (shownAt == 0 && shows.call()) {
          shownAt = System.nanoTime();
        }
      } catch (Exception e) {
        // Not there yet.
      }
    }
  }

  /** Watches for {@code shows} on the watching client from now on; see {@link #withinASecond}. */
  private Propagation expect(String what, Callable<Boolean> shows) {
    Propagation propagation = new Propagation(what, shows);
    propagations.add(propagation);
    return propagation;
  }

  /**
   * The bound: every change appears on every other client within 1 s of the broker's
   * answer. A watcher that showed it before the answer reached the editor counts as 0.
   */
  private void withinASecond(Propagation propagation) throws Exception {
    // Checked on each batch the watcher applies, and here too in case the batch came before the edit was expected.
    waitFor(propagation.what + " is answered and shown", () -> {
      propagation.check();
      return propagation.answeredAt != 0 && propagation.shownAt != 0;
    });
    propagations.remove(propagation);
    double millis = Math.max(0, propagation.shownAt - propagation.answeredAt) / 1e6;
    System.out.printf(java.util.Locale.ROOT, "%s: the broker answered %.1f ms after the editor sent it; the second client showed it %.1f ms"
        + " after the sending and %.1f ms after the answer%n", propagation.what, (propagation.answeredAt - propagation.sentAt) / 1e6,
        (propagation.shownAt - propagation.sentAt) / 1e6, millis);
    assertTrue(millis < 1000, propagation.what + " took " + millis + " ms to reach the second client");
  }

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closing : new AutoCloseable[] {admin, watcher, broker}) {
      if (closing != null) {
        closing.close();
      }
    }
    FxToolkit.cleanupStages();
  }

  /** The admin's map with edit mode installed, and an analyst's client following the same broker. */
  private void open() throws Exception {
    broker = DemoBroker.start(dataDir);
    admin = broker.connect("ada");
    // The map hears the camera list from its first batch on, as in the client: built before the feed starts.
    WaitForAsyncUtils.asyncFx(() -> {
      map = new MapPane(model);
      editor = new MapEditor(admin, model, map.cameraLayer()::camerasIn);
      editing = MapEditing.install(editor, map);
      editor.offerToAdmins();
      Scene scene = new Scene(map, 1400, 900);
      editing.installShortcuts(scene);
      stage.setScene(scene);
      stage.show();
      stage.requestFocus();
    }).get(30, TimeUnit.SECONDS);
    admin.watchCameras(model.cameraFeed());
    admin.watchLayers(model.layerFeed());
    watcher = broker.following("ana", watched);
    watched.onCameraChanges(changes -> propagations.forEach(Propagation::check));
    editor.tasks().busyProperty().addListener((observable, wasBusy, busy) -> propagations.forEach(busy ? Propagation::sent : Propagation::answered));
    waitFor("the admin's list is current", () -> model.camerasCurrentProperty().get() && model.cameras().size() == watched.cameras().size());
    waitFor("the admin is offered edit mode", () -> editor.allowedProperty().get());
    waitFor("the layers arrive", () -> !model.layers().isEmpty());
  }

  /** A city camera that looks somewhere, shown close up at the map's centre. */
  private Camera showCityCamera() throws Exception {
    Camera camera = model.cameras().stream()
        // Not a PTZ camera: the form test switches PTZ on.
        .filter(candidate -> candidate.type() == CameraType.CITY_CCTV && candidate.cones().size() == 1 && candidate.cones().get(0).hasHeading()
            && candidate.cones().get(0).fieldOfViewDegrees() < 180 && !candidate.equipment().ptz())
        .min(java.util.Comparator.comparing(Camera::id)).orElseThrow();
    WaitForAsyncUtils.asyncFx(() -> map.mapView().setZoom(18)).get(10, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitForFxEvents();
    WaitForAsyncUtils.asyncFx(() -> map.show(camera)).get(10, TimeUnit.SECONDS);
    waitFor("the camera's marker is drawn", () -> marker(camera.id()).isPresent() && map.cameraLayer().upToDateProperty().get());
    return camera;
  }

  private Optional<CameraLayer.Drawn> marker(String id) {
    return map.cameraLayer().drawn().stream().filter(drawn -> drawn.camera() != null && drawn.camera().id().equals(id)).findFirst();
  }

  private Point2D onScreen(double x, double y) {
    return map.mapView().localToScreen(x, y);
  }

  @Test
  void editModeMovesACameraByDragAndTurnsItsConeASecondClientSeesBothAndUndoRedoGoThroughTheBroker(FxRobot robot) throws Exception {
    open();
    Camera before = showCityCamera();
    CameraLayer.Drawn drawn = marker(before.id()).orElseThrow();

    robot.clickOn("#edit-mode");
    assertTrue(editor.editingProperty().get());
    Point2D target = onScreen(drawn.x() + 120, drawn.y() + 60);
    var expected = map.mapView().getMapPosition(drawn.x() + 120, drawn.y() + 60);
    Propagation move = expect("a camera move", () -> watched.camera(before.id()).orElseThrow().revision() > before.revision());
    robot.drag(onScreen(drawn.x(), drawn.y()), MouseButton.PRIMARY).moveTo(target).release(MouseButton.PRIMARY);

    withinASecond(move);
    Camera moved = watched.camera(before.id()).orElseThrow();
    assertEquals(expected.getLatitude(), moved.latitude(), 1e-5, "dropped where the pointer let go");
    assertEquals(expected.getLongitude(), moved.longitude(), 1e-5);
    assertEquals(before.cones(), moved.cones(), "a move leaves the cone alone");
    waitFor("the admin's own map has it too", () -> model.camera(before.id()).orElseThrow().revision() == moved.revision());

    // Turn the cone by dragging its tip a quarter turn clockwise, around the camera where it is now.
    waitFor("the moved camera's handles are drawn", () -> tip(before.id()).isPresent());
    EditOverlay.Handle tip = tip(before.id()).orElseThrow();
    Point2D centre = editing.overlay().screen(moved.latitude(), moved.longitude());
    double dx = tip.x() - centre.getX();
    double dy = tip.y() - centre.getY();
    Point2D turned = new Point2D(centre.getX() - dy, centre.getY() + dx);
    Propagation turn = expect("a cone turn", () -> watched.camera(before.id()).orElseThrow().revision() > moved.revision());
    robot.drag(onScreen(tip.x(), tip.y()), MouseButton.PRIMARY).moveTo(onScreen(turned.getX(), turned.getY())).release(MouseButton.PRIMARY);
    double wantedHeading = (before.cones().get(0).headingDegrees() + 90) % 360;
    withinASecond(turn);
    Camera aimed = watched.camera(before.id()).orElseThrow();
    assertEquals(0, angleBetween(wantedHeading, aimed.cones().get(0).headingDegrees()), 2, "turned a quarter, as dragged");
    assertEquals(before.cones().get(0).rangeMeters(), aimed.cones().get(0).rangeMeters(), before.cones().get(0).rangeMeters() * 0.05);
    assertEquals(moved.latitude(), aimed.latitude(), 1e-9, "turning leaves the place alone");

    List<AuditRow> updates = audit("CAMERA_UPDATED", "camera:" + before.id());
    assertEquals(List.of("changed location", "changed cones"), updates.stream().map(AuditRow::detail).toList());
    assertTrue(updates.stream().allMatch(row -> row.username().equals("ada")));

    waitFor("both steps can be undone", () -> editor.undoCountProperty().get() == 2);
    robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    waitFor("undo turns the cone back", () -> Math.abs(angleBetween(before.cones().get(0).headingDegrees(),
        watched.camera(before.id()).orElseThrow().cones().get(0).headingDegrees())) < 1e-6);
    robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    waitFor("undo puts the camera back", () -> watched.camera(before.id()).orElseThrow().latitude() == before.latitude()
        && watched.camera(before.id()).orElseThrow().longitude() == before.longitude());
    waitFor("both steps can be redone", () -> editor.redoCountProperty().get() == 2);
    robot.press(KeyCode.CONTROL, KeyCode.SHIFT).type(KeyCode.Z).release(KeyCode.SHIFT, KeyCode.CONTROL);
    waitFor("redo moves it again", () -> watched.camera(before.id()).orElseThrow().latitude() == moved.latitude());
    assertEquals(before.cones(), watched.camera(before.id()).orElseThrow().cones(), "redo takes one step, not two");
    assertEquals(5, audit("CAMERA_UPDATED", "camera:" + before.id()).size(), "undo and redo are audited as edits");
  }

  @Test
  void theDetailsFormSetsPlaceConeAndNameAndNamesANumberItCannotRead(FxRobot robot) throws Exception {
    open();
    Camera before = showCityCamera();
    robot.clickOn("#edit-mode");
    WaitForAsyncUtils.asyncFx(() -> editor.select(List.of(before.id()))).get(5, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitForFxEvents();
    replace(robot, "#form-heading-0", "north-east");
    robot.clickOn("#form-save");
    assertEquals("cone 1 heading: 'north-east' is not a number", robot.lookup("#form-problem").queryAs(Label.class).getText());

    replace(robot, "#form-heading-0", "45");
    replace(robot, "#form-range-0", "80");
    replace(robot, "#form-name", "Main St at Vine (north)");
    robot.clickOn("#form-save");
    waitFor("the watching client sees the typed values", () -> watched.camera(before.id()).orElseThrow().revision() > before.revision());
    Camera typed = watched.camera(before.id()).orElseThrow();
    assertEquals("Main St at Vine (north)", typed.name());
    assertEquals(new Camera.ViewCone(45, before.cones().get(0).fieldOfViewDegrees(), 80), typed.cones().get(0));
    assertEquals(before.latitude(), typed.latitude(), 0, "the place was not touched");
    assertEquals(List.of("changed name, cones"), audit("CAMERA_UPDATED", "camera:" + before.id()).stream().map(AuditRow::detail).toList());
  }

  @Test
  void theDetailsFormMakesWayForItsCameraInTheBottomLeftCornerWhichCanThenBeDragged(FxRobot robot) throws Exception {
    open();
    Camera camera = showCityCamera();
    robot.clickOn("#edit-mode");
    WaitForAsyncUtils.asyncFx(() -> editor.select(List.of(camera.id()))).get(5, TimeUnit.SECONDS);
    javafx.scene.Node form = robot.lookup("#form-name").query().getParent().getParent();
    waitFor("the form shows in the bottom-left corner", () -> form.isVisible() && form.getBoundsInParent().getMinX() < 50);

    // Pan so that the camera lands where the form stood: 100 px from the left and the bottom.
    CameraLayer.Drawn drawn = marker(camera.id()).orElseThrow();
    double width = map.mapView().getWidth();
    double height = map.mapView().getHeight();
    WaitForAsyncUtils.asyncFx(() -> map.mapView().setCenter(
        map.mapView().getMapPosition(width / 2 + drawn.x() - 100, height / 2 + drawn.y() - (height - 100)))).get(5, TimeUnit.SECONDS);
    waitFor("the camera is drawn in the bottom-left corner", () -> map.cameraLayer().upToDateProperty().get()
        && marker(camera.id()).filter(at -> Math.hypot(at.x() - 100, at.y() - (height - 100)) < 3).isPresent());
    Point2D corner = map.mapView().localToScene(100, height - 100);
    waitFor("the form has moved off the camera", () -> !form.localToScene(form.getBoundsInLocal()).contains(corner));
    assertTrue(form.getBoundsInParent().getMaxX() > width - 50, "it stands in the bottom-right corner now");

    Propagation move = expect("a drag of the camera from the corner", () -> watched.camera(camera.id()).orElseThrow().revision() > camera.revision());
    var expected = map.mapView().getMapPosition(width / 2, height / 2);
    robot.drag(onScreen(100, height - 100), MouseButton.PRIMARY).moveTo(onScreen(width / 2, height / 2)).release(MouseButton.PRIMARY);
    withinASecond(move);
    assertEquals(expected.getLatitude(), watched.camera(camera.id()).orElseThrow().latitude(), 1e-5, "grabbed and dropped, not covered");
    waitFor("with its camera out of the corner the form goes back there", () -> form.getBoundsInParent().getMinX() < 50);
  }

  @Test
  void theDetailsFormSetsPtzRecordingProfilesAndTagsShowsTheBrokersRuleAndUndoTakesThemBack(FxRobot robot) throws Exception {
    open();
    Camera before = showCityCamera();
    robot.clickOn("#edit-mode");
    WaitForAsyncUtils.asyncFx(() -> editor.select(List.of(before.id()))).get(5, TimeUnit.SECONDS);
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn("Video and tags");
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn("#form-ptz");
    robot.clickOn("#form-add-profile");
    int added = before.equipment().streams().size();
    replace(robot, "#form-profile-name-" + added, "Main HD");
    replace(robot, "#form-profile-size-" + added, "1920x1080");
    replace(robot, "#form-tags", "mount=pole\nbad key=1");
    robot.clickOn("#form-save");
    waitFor("the broker's rule for the profile name is shown", () -> robot.lookup("#form-problem").queryAs(Label.class).getText()
        .contains("streams[" + added + "].name: must be 1 to 32 characters of a-z, 0-9, _ and -, got 'Main HD'"));

    replace(robot, "#form-profile-name-" + added, "archive");
    robot.clickOn("#form-save");
    waitFor("the broker's rule for tag keys is shown", () -> robot.lookup("#form-problem").queryAs(Label.class).getText()
        .contains("tags: key 'bad key' must be 1 to 64 characters"));
    assertEquals(before.revision(), admin.camera(before.id()).orElseThrow().revision(), "nothing was stored");

    replace(robot, "#form-tags", "mount=pole\nview:side=north");
    robot.clickOn("#form-save");
    waitFor("the watching client sees the equipment", () -> watched.camera(before.id()).orElseThrow().revision() > before.revision());
    Camera.Equipment typed = watched.camera(before.id()).orElseThrow().equipment();
    assertTrue(typed.ptz());
    assertEquals(java.util.Map.of("mount", "pole", "view:side", "north"), typed.tags());
    assertEquals(added + 1, typed.streams().size());
    Camera.StreamProfile archive = typed.streams().get(added);
    assertEquals(List.of("archive", 1920, 1080, before.equipment().streams().isEmpty()), List.of(archive.name(), archive.width(),
        archive.height(), archive.main()));
    assertEquals(before.equipment().streams(), typed.streams().subList(0, added), "the profiles there before stay as they were");
    assertEquals(List.of("changed streams, tags, ptz"), audit("CAMERA_UPDATED", "camera:" + before.id()).stream().map(AuditRow::detail).toList());

    robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
    waitFor("undo takes profiles, tags and PTZ back", () -> watched.camera(before.id()).orElseThrow().equipment().equals(before.equipment()));
  }

  @Test
  void aBulkDeleteOfAThousandCamerasIsOneAuditedStepAndUndoMakesThemAgain(FxRobot robot) throws Exception {
    open();
    Set<String> demo = Set.copyOf(model.cameras().stream().map(Camera::id).toList());
    broker.importSynthetic(org.watchfloor.server.sim.SyntheticInventory.LEXINGTON, 1000);
    waitFor("the imported cameras arrive", () -> model.cameras().size() == demo.size() + 1000);
    List<String> imported = model.cameras().stream().map(Camera::id).filter(id -> !demo.contains(id)).toList();
    robot.clickOn("#edit-mode");
    Propagation deletion = expect("a deletion of 1,000 cameras", () -> imported.stream().noneMatch(id -> watched.camera(id).isPresent()));
    WaitForAsyncUtils.asyncFx(() -> {
      editor.select(imported);
      editor.deleteSelection("duplicates of the city inventory");
    }).get(5, TimeUnit.SECONDS);
    waitFor("the step is done", () -> editor.undoCountProperty().get() == 1);
    withinASecond(deletion);
    assertEquals(1000, broker.broker().audit().query(new AuditFilter("", "", "CAMERA_DELETED", "", "", Optional.empty(), Optional.empty()),
        0, false, 2000).size(), "one audit row per camera");

    robot.clickOn("#undo");
    waitFor(120, "undo makes them again with their ids", () -> imported.stream().allMatch(id -> watched.camera(id).isPresent()));
    waitFor("the undo can be redone", () -> editor.redoCountProperty().get() == 1);
  }

  @Test
  void aPlacedCameraIsTakenBackByUndoAndPlacedAgainByRedoWithItsId(FxRobot robot) throws Exception {
    open();
    robot.clickOn("#edit-mode");
    int before = watched.cameras().size();
    WaitForAsyncUtils.asyncFx(() -> editor.place(CameraType.TRAFFIC, 38.0410, -84.5030)).get(5, TimeUnit.SECONDS);
    waitFor("the new camera is selected", () -> editor.selectionProperty().get().size() == 1);
    String id = editor.selectionProperty().get().iterator().next();
    waitFor("the watching client sees it", () -> watched.camera(id).isPresent());
    Camera placed = watched.camera(id).orElseThrow();
    assertEquals("New Traffic camera", placed.name());
    assertEquals(38.0410, placed.latitude(), 1e-9);

    robot.clickOn("#undo");
    waitFor("undo takes it off the map", () -> watched.camera(id).isEmpty() && watched.cameras().size() == before);
    robot.clickOn("#redo");
    waitFor("redo places it again, with the same id", () -> watched.camera(id).isPresent());
    assertEquals(List.of("CAMERA_CREATED", "CAMERA_DELETED", "CAMERA_CREATED"), java.util.stream.Stream.of("CAMERA_CREATED", "CAMERA_DELETED")
        .flatMap(action -> audit(action, "camera:" + id).stream()).sorted(java.util.Comparator.comparingLong(AuditRow::sequence))
        .map(AuditRow::action).toList());
  }

  private static void replace(FxRobot robot, String field, String text) {
    robot.doubleClickOn(field).press(KeyCode.CONTROL).type(KeyCode.A).release(KeyCode.CONTROL).write(text);
  }

  @Test
  void outOfEditModeADragNeverMovesACamera(FxRobot robot) throws Exception {
    open();
    Camera before = showCityCamera();
    CameraLayer.Drawn drawn = marker(before.id()).orElseThrow();
    WaitForAsyncUtils.asyncFx(() -> editor.select(List.of(before.id()))).get(5, TimeUnit.SECONDS);
    robot.press(KeyCode.ALT).type(KeyCode.UP).release(KeyCode.ALT);
    robot.drag(onScreen(drawn.x() + 200, drawn.y() + 200), MouseButton.PRIMARY).moveBy(80, 40).release(MouseButton.PRIMARY);
    WaitForAsyncUtils.waitForFxEvents();
    assertEquals(before.revision(), admin.camera(before.id()).orElseThrow().revision(), "nothing was sent");
    assertTrue(editor.selectionProperty().get().isEmpty() || !editor.editingProperty().get());

    // A locked layer's cameras stay where they are in edit mode too.
    String layer = before.layerIds().iterator().next();
    robot.clickOn("#edit-mode");
    WaitForAsyncUtils.asyncFx(() -> {
      editor.lockedLayers().add(layer);
      editor.select(List.of(before.id()));
    }).get(5, TimeUnit.SECONDS);
    robot.press(KeyCode.ALT).type(KeyCode.UP).release(KeyCode.ALT);
    waitFor("the editor says why", () -> robot.lookup("#edit-message").queryAs(Label.class).getText().contains("locked layer"));
    assertEquals(before.revision(), admin.camera(before.id()).orElseThrow().revision(), "a locked camera was not sent");
  }

  @Test
  void aRectangleSelectsTheCamerasInsideAndTheyJoinALayerInOneStepThenLeaveItOnUndo(FxRobot robot) throws Exception {
    open();
    WaitForAsyncUtils.asyncFx(() -> {
      map.mapView().setZoom(15);
      map.mapView().setCenter(38.0406, -84.5037);
    }).get(10, TimeUnit.SECONDS);
    waitFor("cameras are drawn one by one", () -> map.cameraLayer().drawn().stream().filter(drawn -> drawn.camera() != null).count() > 5);
    robot.clickOn("#edit-mode");
    double left = 300;
    double top = 250;
    double right = 1100;
    double bottom = 700;
    WaitForAsyncUtils.waitForFxEvents();
    robot.press(KeyCode.CONTROL).drag(onScreen(left, top), MouseButton.PRIMARY).moveTo(onScreen(right, bottom))
        .release(MouseButton.PRIMARY).release(KeyCode.CONTROL);
    waitFor("the rectangle selects the cameras inside it", () -> !editor.selectionProperty().get().isEmpty());
    var northWest = map.mapView().getMapPosition(left, top);
    var southEast = map.mapView().getMapPosition(right, bottom);
    Set<String> inside = new java.util.HashSet<>();
    for (Camera camera : model.cameras()) {
      // What the map shows: cameras of hidden layers are not selected.
      if (model.visibility().shows(camera) && camera.latitude() <= northWest.getLatitude() && camera.latitude() >= southEast.getLatitude()
          && camera.longitude() >= northWest.getLongitude() && camera.longitude() <= southEast.getLongitude()) {
        inside.add(camera.id());
      }
    }
    assertTrue(inside.size() > 5, "the rectangle holds a few cameras: " + inside.size());
    assertEquals(inside, editor.selectionProperty().get());
    assertEquals(inside.size() + " selected", robot.lookup("#selection-count").queryAs(Label.class).getText());

    Layer layer = model.layers().stream().filter(candidate -> inside.stream()
        .anyMatch(id -> !model.camera(id).orElseThrow().layerIds().contains(candidate.id()))).findFirst().orElseThrow();
    Set<String> alreadyIn = inside.stream().filter(id -> model.camera(id).orElseThrow().layerIds().contains(layer.id()))
        .collect(java.util.stream.Collectors.toSet());
    @SuppressWarnings("unchecked")
    ComboBox<Layer> layers = robot.lookup("#bulk-layer").queryAs(ComboBox.class);
    WaitForAsyncUtils.asyncFx(() -> layers.getSelectionModel().select(layer)).get(5, TimeUnit.SECONDS);
    Propagation assignment = expect("a layer assignment of " + inside.size() + " cameras", () -> inside.stream()
        .allMatch(id -> watched.camera(id).orElseThrow().layerIds().contains(layer.id())));
    robot.clickOn("#add-to-layer");
    withinASecond(assignment);
    List<AuditRow> assigned = audit("LAYER_CHANGED", "layer:" + layer.id()).stream().filter(row -> row.username().equals("ada")).toList();
    assertEquals(1, assigned.size(), "one step, one audit row: " + assigned);

    robot.clickOn("#undo");
    waitFor("undo takes out exactly the cameras it added", () -> inside.stream()
        .allMatch(id -> watched.camera(id).orElseThrow().layerIds().contains(layer.id()) == alreadyIn.contains(id)));
    robot.clickOn("#redo");
    waitFor("redo puts them back", () -> inside.stream().allMatch(id -> watched.camera(id).orElseThrow().layerIds().contains(layer.id())));
  }

  @Test
  void twoAdminsRacingOnOneCameraAndOneLayerLoseNoUpdateSilently(FxRobot robot) throws Exception {
    open();
    admin.createUser("bea", "Bea Admin", UserRole.ADMIN, "Lexington Police Department", "bea's long password");
    Camera read = showCityCamera();
    robot.clickOn("#edit-mode");
    WaitForAsyncUtils.asyncFx(() -> editor.select(List.of(read.id()))).get(5, TimeUnit.SECONDS);
    try (BrokerConnection bea = new BrokerConnection(broker.address(), "")) {
      bea.signIn("bea", "bea's long password");
      // Bea renames the camera and turns it after Ada read it; Ada's map may not have heard yet.
      Camera renamed = new Camera(read.id(), "Main St & Vine (Bea)", read.type(), read.latitude(), read.longitude(),
          List.of(new Camera.ViewCone(10, 70, 60)), read.address(), read.operator(), read.ownerId(), read.layerIds(), read.badge(),
          read.online(), read.equipment(), read.revision());
      Camera theirs = bea.updateCameras(List.of(new CameraUpdate(read, renamed, Set.of(CameraField.NAME, CameraField.CONES)))).get(0);
      // Ada's edit was made on the camera as she read it, before Bea's change reached her.
      Camera north = MapEditor.at(read, GroundOffset.latitude(read.latitude(), 10), read.longitude());
      WaitForAsyncUtils.asyncFx(() -> editor.edit(read, north, Set.of(CameraField.LOCATION), "move " + read.name() + " 10 m north"))
          .get(5, TimeUnit.SECONDS);

      waitFor("the stale nudge is refused and shown as a conflict", () -> editor.conflictProperty().get() != null);
      WaitForAsyncUtils.waitForFxEvents();
      String shown = robot.lookup("#conflict-text").queryAs(Label.class).getText();
      assertTrue(shown.contains("Theirs now: Main St & Vine (Bea)"), shown);
      assertTrue(shown.contains("cone 10° 70° wide 60 m"), shown);
      assertTrue(shown.contains("Your change: move " + read.name() + " 10 m north."), shown);
      assertEquals(theirs.revision(), admin.camera(read.id()).orElseThrow().revision(), "nothing of Ada's was saved");

      robot.clickOn("#apply-mine-again");
      waitFor("Ada's nudge lands on top of Bea's change", () -> admin.camera(read.id()).orElseThrow().revision() > theirs.revision());
      Camera both = admin.camera(read.id()).orElseThrow();
      assertEquals("Main St & Vine (Bea)", both.name());
      assertEquals(List.of(new Camera.ViewCone(10, 70, 60)), both.cones());
      assertEquals(10, GroundOffset.distance(read.latitude(), read.longitude(), both.latitude(), both.longitude()), 0.05);
      assertTrue(both.latitude() > read.latitude(), "north");

      // Now Ada keeps Bea's version: Bea moves it, Ada's stale turn is dropped on her word only.
      Camera beaMoved = bea.updateCameras(List.of(new CameraUpdate(both, MapEditor.at(both, both.latitude() + 0.0001, both.longitude()),
          Set.of(CameraField.LOCATION)))).get(0);
      WaitForAsyncUtils.asyncFx(() -> editor.edit(both, MapEditor.withCones(both, List.of(new Camera.ViewCone(200, 40, 80))),
          Set.of(CameraField.CONES), "turn " + both.name())).get(5, TimeUnit.SECONDS);
      waitFor("the second stale edit is shown too", () -> editor.conflictProperty().get() != null);
      robot.clickOn("#keep-theirs");
      WaitForAsyncUtils.waitForFxEvents();
      assertEquals(beaMoved.revision(), admin.camera(read.id()).orElseThrow().revision(), "Bea's move stands");
      assertTrue(robot.lookup("#edit-message").queryAs(Label.class).getText().startsWith("Kept the other admin's change"));

      // One layer, two admins assigning at once: both assignments stand.
      Layer layer = model.layers().get(0);
      List<String> adas = model.cameras().stream().filter(camera -> !camera.layerIds().contains(layer.id())).map(Camera::id).limit(3).toList();
      List<String> beas = model.cameras().stream().filter(camera -> !camera.layerIds().contains(layer.id()) && !adas.contains(camera.id()))
          .map(Camera::id).limit(3).toList();
      WaitForAsyncUtils.asyncFx(() -> {
        editor.select(adas);
        editor.addSelectionToLayer(layer.id());
      }).get(5, TimeUnit.SECONDS);
      bea.assignCameras(layer.id(), beas, List.of());
      waitFor("both admins' cameras are in the layer", () -> java.util.stream.Stream.concat(adas.stream(), beas.stream())
          .allMatch(id -> watched.camera(id).orElseThrow().layerIds().contains(layer.id())));
    }
    List<AuditRow> changes = audit("CAMERA_UPDATED", "camera:" + read.id());
    assertEquals(List.of("bea", "ada", "bea"), changes.stream().map(AuditRow::username).toList(), "every stored change is audited");
    assertFalse(changes.stream().anyMatch(row -> row.username().equals("ada") && row.detail().contains("cones")), "the dropped turn was never stored");
  }

  private Optional<EditOverlay.Handle> tip(String cameraId) throws Exception {
    return WaitForAsyncUtils.asyncFx(() -> editing.overlay().handles().stream()
        .filter(handle -> handle.cameraId().equals(cameraId) && handle.kind() == EditOverlay.HandleKind.TIP).findFirst())
        .get(5, TimeUnit.SECONDS);
  }

  private List<AuditRow> audit(String action, String target) {
    return broker.broker().audit().query(new AuditFilter("", "", action, target, "", Optional.empty(), Optional.empty()), 0, false, 100);
  }

  private static double angleBetween(double a, double b) {
    return ((a - b) % 360 + 540) % 360 - 180;
  }

  private static void waitFor(String what, Callable<Boolean> condition) throws Exception {
    waitFor(20, what, condition);
  }

  private static void waitFor(int seconds, String what, Callable<Boolean> condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
        try {
          return condition.call();
        } catch (Exception e) {
          return false;
        }
      });
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting: " + what, e);
    }
  }
}
