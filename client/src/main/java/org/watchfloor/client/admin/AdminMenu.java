package org.watchfloor.client.admin;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.collections.ObservableMap;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.watchfloor.client.evidence.EvidenceExportDialog;
import org.watchfloor.client.evidence.EvidencePackageDialog;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Incident;
import org.watchfloor.client.net.UserAccount;
import org.watchfloor.client.net.UserRole;
import org.watchfloor.client.wall.LiveVideo;

/**
 * The admin and supervisor screens, each in a window of its own, offered only to users whose roles
 * allow them (the broker checks again on every call). Hidden until the broker said who is signed in.
 */
public final class AdminMenu extends MenuButton {

  private final BrokerConnection broker;
  /** The players an evidence package's replay takes. */
  private final LiveVideo video;
  private final String[] stylesheets;
  private final Map<String, Stage> open = new HashMap<>();
  private final ObservableMap<String, Incident> incidents;
  private final Supplier<String> wallIncidentId;

  /**
   * Offers the screens {@code signedIn}'s roles allow once the broker has said who signed in;
   * {@code incidents} and the wall's incident ({@code wallIncidentId}, empty for none) preset the evidence export.
   */
  public AdminMenu(BrokerConnection broker, CompletableFuture<UserAccount> signedIn, LiveVideo video, ObservableMap<String, Incident> incidents, Supplier<String> wallIncidentId,
      String... stylesheets) {
    super("Admin");
    this.broker = broker;
    this.video = video;
    this.incidents = incidents;
    this.wallIncidentId = wallIncidentId;
    this.stylesheets = stylesheets;
    setId("admin-menu");
    setVisible(false);
    managedProperty().bind(visibleProperty());
    signedIn.thenAccept(user -> Platform.runLater(() -> offer(user)));
  }

  private void offer(UserAccount user) {
    if (user.holds(UserRole.ADMIN)) {
      MenuItem users = new MenuItem("Users…");
      users.setOnAction(event -> show("Users", () -> {
        UserAdministration model = new UserAdministration(broker);
        model.refresh();
        return new UserAdminView(model);
      }));
      getItems().add(users);
      MenuItem importCameras = new MenuItem("Import cameras…");
      importCameras.setOnAction(event -> show("Import cameras", () -> {
        ImportWizard model = new ImportWizard(broker);
        model.loadLayers();
        return new ImportWizardView(model);
      }));
      getItems().add(importCameras);
      MenuItem reviews = new MenuItem("Owner reviews…");
      reviews.setOnAction(event -> show("Owner reviews", () -> {
        OwnerReviewQueue model = new OwnerReviewQueue(broker);
        model.start();
        return new OwnerReviewView(model);
      }));
      getItems().add(reviews);
      MenuItem layers = new MenuItem("Layers…");
      layers.setOnAction(event -> show("Layers", () -> {
        LayerAdministration model = new LayerAdministration(broker);
        model.refresh();
        return new LayerAdminView(model);
      }));
      getItems().add(layers);
    }
    if (user.holds(UserRole.SUPERVISOR) || user.holds(UserRole.ADMIN)) {
      MenuItem audit = new MenuItem("Audit log…");
      audit.setOnAction(event -> show("Audit log", () -> {
        AuditReview model = new AuditReview(broker, ZoneId.systemDefault());
        model.search();
        return new AuditView(model);
      }));
      getItems().add(audit);
    }
    if (user.holds(UserRole.SUPERVISOR)) {
      MenuItem export = new MenuItem("Export evidence…");
      export.setId("export-evidence");
      export.setOnAction(event -> EvidenceExportDialog.openFor(broker, incidents, incidents.get(wallIncidentId.get()), stylesheets));
      getItems().add(export);
      MenuItem reopen = new MenuItem("Open evidence package…");
      reopen.setId("open-evidence-package");
      // Offline by design: the package verifies and plays from its own files, never through this broker.
      reopen.setOnAction(event -> EvidencePackageDialog.open(video.pool(), video.videoProblem(), stylesheets[0], Optional.empty()));
      getItems().add(reopen);
    }
    setVisible(!getItems().isEmpty());
  }

  /** Brings the screen's window to the front, opening it the first time. */
  private void show(String title, Supplier<Parent> screen) {
    Stage stage = open.computeIfAbsent(title, key -> {
      Stage window = new Stage();
      window.setTitle("Watchfloor — " + title);
      Parent content = screen.get();
      // Most of the screen it opens on, up to a size where tables and maps stop gaining from more.
      Rectangle2D screenArea = Screen.getPrimary().getVisualBounds();
      Scene scene = new Scene(content, Math.min(1600, screenArea.getWidth() * 0.9), Math.min(1000, screenArea.getHeight() * 0.9));
      scene.getStylesheets().addAll(stylesheets);
      scene.getStylesheets().add(AdminMenu.class.getResource("admin.css").toExternalForm());
      window.setScene(scene);
      window.setOnHidden(event -> {
        open.remove(title);
        // A screen that follows the broker live stops following it when its window closes.
        if (content instanceof AutoCloseable following) {
          try {
            following.close();
          } catch (Exception e) {
            java.util.logging.Logger.getLogger(AdminMenu.class.getName()).log(java.util.logging.Level.FINE, "closing " + title, e);
          }
        }
      });
      return window;
    });
    stage.show();
    stage.toFront();
  }
}
