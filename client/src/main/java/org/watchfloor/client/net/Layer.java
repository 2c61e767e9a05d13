package org.watchfloor.client.net;

/**
 * A camera layer of the map: a named, coloured group an analyst can show or hide. {@code icon}
 * names the icon its cameras are drawn with; {@code revision} is what an admin's change is based on.
 */
public record Layer(String id, String name, String description, String color, String icon, boolean visibleByDefault, int order,
    int cameraCount, long revision) {}
