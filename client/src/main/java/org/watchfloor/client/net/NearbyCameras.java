package org.watchfloor.client.net;

import java.util.List;

/**
 * Cameras near a place, as the broker found them for one purpose, nearest first: those it would
 * give a live ticket now, and the registered (Level 1) ones whose owners can be asked for footage.
 */
public record NearbyCameras(List<Camera> viewable, List<Camera> registered) {}
