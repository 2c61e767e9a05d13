package org.watchfloor.client.admin;

import java.util.function.Function;

/**
 * Another admin changed something (a user, cameras) between this admin's reading it and their
 * change: the broker refused the change (nothing was lost); here is the object as it is now and
 * the change, to keep theirs or to apply this admin's change again on top of it.
 *
 * @param read the object as this admin had read it
 * @param theirs the object as it is now, with the other admin's change
 * @param yourChange what this admin asked for, in words
 * @param applyAgain sends this admin's change again, based on a given version of the object
 */
public record EditConflict<T>(T read, T theirs, String yourChange, Function<T, T> applyAgain) {}
