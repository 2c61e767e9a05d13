package org.watchfloor.client.admin;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.watchfloor.client.net.BrokerConnection;
import org.watchfloor.client.net.Layer;

/**
 * The map's layers as an admin manages them, and the admin's pending input: a new layer's name,
 * colour and icon, and the selected layer's edited name, colour, icon, order and whether it is
 * shown by default. Changes are based on the layer as read; another admin's change in between is
 * shown as a conflict ({@link StaleEdits}). Deleting a layer leaves its cameras in the directory.
 */
public final class LayerAdministration {


  private final BrokerConnection broker;
  private final ObservableList<Layer> layers = FXCollections.observableArrayList();
  private final ObjectProperty<Layer> selected = new SimpleObjectProperty<>();
  private final StringProperty newName = new SimpleStringProperty("");
  private final StringProperty newColor = new SimpleStringProperty("#1E88E5");
  private final StringProperty newIcon = new SimpleStringProperty("cctv");
  private final StringProperty editName = new SimpleStringProperty("");
  private final StringProperty editColor = new SimpleStringProperty("");
  private final StringProperty editIcon = new SimpleStringProperty("");
  private final ObjectProperty<Integer> editOrder = new SimpleObjectProperty<>(0);
  private final BooleanProperty editShownByDefault = new SimpleBooleanProperty(true);
  private final BrokerTasks tasks = new BrokerTasks();
  private final StaleEdits<Layer> edits;

  public LayerAdministration(BrokerConnection broker) {
    this.broker = broker;
    this.edits = new StaleEdits<>(tasks,
        read -> broker.listLayers().stream().filter(layer -> layer.id().equals(read.id())).findFirst(),
        layer -> {
          put(layer);
          fillEdit(layer);
        },
        Layer::name);
    selected.addListener((observable, before, layer) -> fillEdit(layer));
  }

  public ObservableList<Layer> layers() {
    return layers;
  }

  public ObjectProperty<Layer> selectedProperty() {
    return selected;
  }

  public StringProperty newNameProperty() {
    return newName;
  }

  /** "#RRGGBB". */
  public StringProperty newColorProperty() {
    return newColor;
  }

  public StringProperty newIconProperty() {
    return newIcon;
  }

  public StringProperty editNameProperty() {
    return editName;
  }

  public StringProperty editColorProperty() {
    return editColor;
  }

  public StringProperty editIconProperty() {
    return editIcon;
  }

  /** Drawing order: lower draws first, underneath. */
  public ObjectProperty<Integer> editOrderProperty() {
    return editOrder;
  }

  public BooleanProperty editShownByDefaultProperty() {
    return editShownByDefault;
  }

  public ReadOnlyObjectProperty<EditConflict<Layer>> conflictProperty() {
    return edits.conflictProperty();
  }

  public BrokerTasks tasks() {
    return tasks;
  }

  /** Reads every layer again from the broker. */
  public void refresh() {
    tasks.run(broker::listLayers, list -> {
      layers.setAll(list);
      tasks.report(false, list.size() + " layers");
    });
  }

  /** Adds a layer from the new-layer fields, drawn above the others; they clear once the broker accepted it. */
  public void addLayer() {
    String name = newName.get().trim();
    String color = newColor.get();
    String icon = newIcon.get();
    int order = layers.stream().mapToInt(Layer::order).max().orElse(0) + 1;
    tasks.run(() -> broker.createLayer(name, "", color, icon, true, order), layer -> {
      put(layer);
      selected.set(layer);
      newName.set("");
      tasks.report(false, "Added the layer " + layer.name() + ".");
    });
  }

  /** Saves the selected layer's edited fields (only those changed), based on the layer as read. */
  public void saveSelected() {
    Layer read = selected.get();
    if (read == null) {
      tasks.report(true, "Choose a layer first.");
      return;
    }
    Layer wanted = new Layer(read.id(), editName.get().trim(), read.description(), editColor.get(), editIcon.get(),
        editShownByDefault.get(), Optional.ofNullable(editOrder.get()).orElse(read.order()), read.cameraCount(), read.revision());
    String change = describeChange(read, wanted);
    if (change.isEmpty()) {
      tasks.report(false, "Nothing changed.");
      return;
    }
    // Applied again on another admin's version, only the fields this admin changed replace theirs.
    edits.change(read, change, base -> broker.updateLayer(base, new Layer(base.id(),
            read.name().equals(wanted.name()) ? base.name() : wanted.name(), base.description(),
            read.color().equalsIgnoreCase(wanted.color()) ? base.color() : wanted.color(),
            read.icon().equals(wanted.icon()) ? base.icon() : wanted.icon(),
            read.visibleByDefault() == wanted.visibleByDefault() ? base.visibleByDefault() : wanted.visibleByDefault(),
            read.order() == wanted.order() ? base.order() : wanted.order(), base.cameraCount(), base.revision())),
        stored -> "Saved " + stored.name() + ": " + change + ".");
  }

  /** Deletes the selected layer; its cameras stay in the directory and in their other layers. */
  public void deleteSelected() {
    Layer layer = selected.get();
    if (layer == null) {
      return;
    }
    tasks.run(() -> {
      broker.deleteLayer(layer.id());
      return layer;
    }, deleted -> {
      layers.removeIf(each -> each.id().equals(deleted.id()));
      selected.set(null);
      tasks.report(false, "Deleted the layer " + deleted.name() + "; its " + deleted.cameraCount() + " camera(s) stay in the directory.");
    });
  }

  public void keepTheirs() {
    edits.keepTheirs();
  }

  public void applyMineAgain() {
    edits.applyMineAgain();
  }

  /** The changed fields in words, e.g. "name Downtown, colour #E53935"; empty when nothing changed. */
  static String describeChange(Layer read, Layer wanted) {
    List<String> words = new java.util.ArrayList<>();
    if (!read.name().equals(wanted.name())) {
      words.add("name " + wanted.name());
    }
    if (!read.color().equalsIgnoreCase(wanted.color())) {
      words.add("colour " + wanted.color());
    }
    if (!read.icon().equals(wanted.icon())) {
      words.add("icon " + wanted.icon());
    }
    if (read.order() != wanted.order()) {
      words.add("order " + wanted.order());
    }
    if (read.visibleByDefault() != wanted.visibleByDefault()) {
      words.add(wanted.visibleByDefault() ? "shown by default" : "hidden by default");
    }
    return String.join(", ", words);
  }

  private void fillEdit(Layer layer) {
    editName.set(layer == null ? "" : layer.name());
    editColor.set(layer == null ? "" : layer.color());
    editIcon.set(layer == null ? "" : layer.icon());
    editOrder.set(layer == null ? 0 : layer.order());
    editShownByDefault.set(layer == null || layer.visibleByDefault());
  }

  /** Replaces or adds one layer, keeping the list in drawing order and the selection on it. */
  private void put(Layer layer) {
    boolean wasSelected = selected.get() != null && selected.get().id().equals(layer.id());
    layers.removeIf(each -> each.id().equals(layer.id()));
    layers.add(layer);
    FXCollections.sort(layers, Comparator.comparingInt(Layer::order).thenComparing(Layer::name));
    if (wasSelected || selected.get() == null) {
      selected.set(layer);
    }
  }
}
