package org.watchfloor.client.ui;

import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import org.watchfloor.client.net.Camera;

/** Dragging a camera from the map or a list onto a wall tile: what the drag carries. */
public final class CameraTransfer {

  /** The camera's id. */
  public static final DataFormat CAMERA = new DataFormat("application/x-watchfloor-camera");

  private CameraTransfer() {}

  /** Starts dragging {@code camera} from {@code source}; call from a DRAG_DETECTED handler. */
  public static void offer(Node source, Camera camera) {
    source.startDragAndDrop(TransferMode.COPY_OR_MOVE).setContent(content(camera));
  }

  /** What a drag of {@code camera} carries: its id, and its name for other applications. */
  public static ClipboardContent content(Camera camera) {
    ClipboardContent content = new ClipboardContent();
    content.put(CAMERA, camera.id());
    content.putString(camera.name());
    return content;
  }

  /** The dragged camera's id, if the drag carries one. */
  public static Optional<String> cameraId(Dragboard board) {
    return board.hasContent(CAMERA) ? Optional.of((String) board.getContent(CAMERA)) : Optional.empty();
  }
}
