package org.watchfloor.client.admin;

import java.util.function.Function;
import org.watchfloor.client.net.UserAccount;

/**
 * Another admin changed a user between this admin's reading it and their change: the broker
 * refused the change (nothing was lost); here is the user as it is now and the change, to keep
 * theirs or to apply this admin's change again on top of it.
 *
 * @param read the user as this admin had read it
 * @param theirs the user as it is now, with the other admin's change
 * @param yourChange what this admin asked for, in words
 * @param applyAgain sends this admin's change again, based on a given revision of the user
 */
public record UserConflict(UserAccount read, UserAccount theirs, String yourChange, Function<UserAccount, UserAccount> applyAgain) {}
