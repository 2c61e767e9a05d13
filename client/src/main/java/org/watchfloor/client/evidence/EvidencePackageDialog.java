package org.watchfloor.client.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.watchfloor.client.replay.ReplayWindow;
import org.watchfloor.client.wall.PlayerPool;

/**
 * "Open evidence package…": verifies a package (folder or zip) offline with {@link ExportVerifier},
 * shows the verifier's own lines, and reopens its synchronized wall from its own files with no
 * broker. A package that verifies opens at once; one that does not stays here with what failed,
 * and opens only when the user chooses to look at it anyway, its replay marked NOT VERIFIED.
 */
public final class EvidencePackageDialog {

  private static final PseudoClass PROBLEM = PseudoClass.getPseudoClass("problem");
  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(EvidencePackageDialog.class.getName());

  private final Stage stage = new Stage();
  private final Optional<PlayerPool> pool;
  private final String videoProblem;
  private final String stylesheet;
  private final TextField path = new TextField();
  private final TextField publicKey = new TextField();
  private final Label verdict = new Label("Choose a package's folder or zip; it is verified before anything plays.");
  /** The verifier's lines, wrapped and selectable (a recipient may copy them into a report). */
  private final TextArea lines = new TextArea();
  private final Button verify = new Button("Verify and open");
  private final Button anyway = new Button("Look at it anyway (NOT VERIFIED)");
  private final ReadOnlyObjectWrapper<ExportVerifier.Report> report = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<ReplayWindow> opened = new ReadOnlyObjectWrapper<>();
  /** Every package replay opened from here, closed with {@link #close()}. */
  private final List<ReplayWindow> replays = new ArrayList<>();

  private EvidencePackageDialog(Optional<PlayerPool> pool, String videoProblem, String stylesheet) {
    this.pool = pool;
    this.videoProblem = videoProblem;
    this.stylesheet = stylesheet;
    path.setPromptText("the package's folder or .zip");
    path.setPrefColumnCount(48);
    publicKey.setPromptText("optional: the broker's published key (file or https://…/evidence/public-key)");
    Button folder = new Button("Folder…");
    folder.setOnAction(event -> Optional.ofNullable(new DirectoryChooser().showDialog(stage)).ifPresent(chosen -> path.setText(chosen.toString())));
    Button zip = new Button("Zip…");
    zip.setOnAction(event -> {
      FileChooser chooser = new FileChooser();
      chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Evidence package (zip)", "*.zip"));
      Optional.ofNullable(chooser.showOpenDialog(stage)).ifPresent(chosen -> path.setText(chosen.toString()));
    });
    verify.setDefaultButton(true);
    verify.setOnAction(event -> verifyAndOpen());
    anyway.setId("open-not-verified");
    anyway.setVisible(false);
    anyway.managedProperty().bind(anyway.visibleProperty());
    anyway.setOnAction(event -> openAnyway());
    verdict.getStyleClass().add("package-verdict");
    verdict.setWrapText(true);
    lines.setPrefHeight(240);
    lines.setEditable(false);
    lines.setWrapText(true);
    lines.setFocusTraversable(false);

    GridPane form = new GridPane();
    form.setHgap(8);
    form.setVgap(8);
    form.addRow(0, new Label("Package"), path, folder, zip);
    form.addRow(1, new Label("Trusted key"), publicKey);
    // Labels and buttons keep their words; the fields take what width is left.
    form.getChildren().stream().filter(node -> node instanceof Label || node instanceof Button)
        .forEach(node -> ((javafx.scene.layout.Region) node).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE));
    GridPane.setColumnSpan(publicKey, 3);
    GridPane.setHgrow(path, Priority.ALWAYS);
    HBox buttons = new HBox(8, verify, anyway);
    buttons.setAlignment(Pos.CENTER_RIGHT);
    VBox root = new VBox(10, form, verdict, lines, buttons);
    root.setPadding(new Insets(14));
    root.getStyleClass().addAll("command-center", "evidence-package");
    VBox.setVgrow(lines, Priority.ALWAYS);
    Scene scene = new Scene(root, 900, 460);
    scene.getStylesheets().add(stylesheet);
    stage.setScene(scene);
    stage.setTitle("Watchfloor — Open evidence package");
  }

  /** Opens the window; with {@code preset} it verifies that package at once. FX thread. */
  public static EvidencePackageDialog open(Optional<PlayerPool> pool, String videoProblem, String stylesheet, Optional<Path> preset) {
    EvidencePackageDialog dialog = new EvidencePackageDialog(pool, videoProblem, stylesheet);
    dialog.stage.show();
    preset.ifPresent(package_ -> {
      dialog.path.setText(package_.toString());
      dialog.verifyAndOpen();
    });
    return dialog;
  }

  public Stage stage() {
    return stage;
  }

  /** The last verification's report; null until one finished. */
  public ReadOnlyObjectProperty<ExportVerifier.Report> reportProperty() {
    return report.getReadOnlyProperty();
  }

  /** The replay window of the package opened last; null until one opened. */
  public ReadOnlyObjectProperty<ReplayWindow> openedProperty() {
    return opened.getReadOnlyProperty();
  }

  /** What the window says now: the verdict line and the verifier's lines. */
  public List<String> shownLines() {
    List<String> shown = new ArrayList<>(List.of(verdict.getText()));
    lines.getText().lines().forEach(shown::add);
    return shown;
  }

  /** Verifies the package named in the field off the FX thread; opens it when it passes. */
  public void verifyAndOpen() {
    Path chosen = Path.of(path.getText().strip());
    String keySource = publicKey.getText().strip();
    verify.setDisable(true);
    anyway.setVisible(false);
    lines.clear();
    say("Verifying " + chosen.getFileName() + "… (every file's SHA-256 and the signature)", false);
    Thread check = new Thread(() -> {
      try {
        Optional<String> trusted = keySource.isEmpty() ? Optional.empty() : Optional.of(VerifyExportCommand.readKey(keySource));
        ExportVerifier.Report checked = EvidencePackage.verify(chosen, trusted);
        Platform.runLater(() -> verified(chosen, checked));
      } catch (IOException | InterruptedException | RuntimeException e) {
        Platform.runLater(() -> {
          verify.setDisable(false);
          say("Not checked: " + e.getMessage(), true);
        });
      }
    }, "package-verify");
    check.setDaemon(true);
    check.start();
  }

  private void verified(Path chosen, ExportVerifier.Report checked) {
    verify.setDisable(false);
    report.set(checked);
    lines.setText(String.join("\n", checked.lines()));
    if (checked.passed()) {
      say("Verified. Opening the package's replay…", false);
      open(chosen, checked);
    } else {
      say("NOT VERIFIED: this package is not as it was exported and signed. It is not played; you may still look at it, marked NOT VERIFIED.", true);
      anyway.setVisible(true);
    }
  }

  private void openAnyway() {
    if (report.get() != null && !report.get().passed()) {
      open(Path.of(path.getText().strip()), report.get());
    }
  }

  private void open(Path chosen, ExportVerifier.Report checked) {
    try {
      EvidencePackage evidence = EvidencePackage.open(chosen);
      PackageRecordings recordings = PackageRecordings.serve(evidence);
      String mark = checked.passed() ? "verified" : "NOT VERIFIED";
      String said = checked.passed()
          ? "Verified package " + chosen.getFileName() + " (signature " + checked.signature() + "). Played from its own files; no broker is contacted."
          : "NOT VERIFIED: " + String.join("; ", checked.problems()) + ". What plays may not be what was exported.";
      ReplayWindow replay = ReplayWindow.openPackage(recordings, evidence.timeline(), evidence.caseNumber(), evidence.grid(), evidence.clockStart(),
          pool, videoProblem, "Evidence package — " + evidence.caseNumber() + " · " + mark, said, !checked.passed(), ZoneId.systemDefault(),
          stylesheet, recordings, evidence);
      replays.add(replay);
      opened.set(replay);
      LOG.info("Evidence package " + evidence.caseNumber() + " (" + mark + ") reopened from " + chosen + "; its recordings are served to this machine only on "
          + recordings.address());
      if (checked.passed()) {
        stage.close();
      }
    } catch (IOException e) {
      say("The package cannot be replayed: " + e.getMessage(), true);
    }
  }

  /**
   * Closes this window and every package replay opened from it: their players go back to the pool,
   * their loopback servers stop (an HTTP server's dispatcher thread would keep the JVM alive) and
   * their copies of the packages are removed. FX thread.
   */
  public void close() {
    replays.forEach(ReplayWindow::close);
    replays.clear();
    stage.close();
  }

  private void say(String text, boolean problem) {
    verdict.setText(text);
    verdict.pseudoClassStateChanged(PROBLEM, problem);
  }
}
