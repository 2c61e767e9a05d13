package org.watchfloor.client.net;

/** A camera layer of the map: a named, coloured group an analyst can show or hide. */
public record Layer(String id, String name, String description, String color, boolean visibleByDefault, int order, int cameraCount) {}
