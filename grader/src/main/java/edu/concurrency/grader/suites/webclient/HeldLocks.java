package edu.concurrency.grader.suites.webclient;

import java.lang.reflect.Field;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The run-time half of "no future is completed while a lock is held": which locks of an object
 * the current thread holds, called from inside a callback that the object's code ran. A
 * {@code synchronized} monitor and a {@code java.util.concurrent.locks} lock count alike:
 * <ul>
 *   <li>the monitor of the object itself and of its class ({@code synchronized} methods,
 *       {@code synchronized (this)}), by {@link Thread#holdsLock};</li>
 *   <li>for every field of the object (its own class and superclasses, static fields included):
 *       a {@link ReentrantLock} by {@link ReentrantLock#isHeldByCurrentThread}, a
 *       {@link ReentrantReadWriteLock} by its write or read hold count, a
 *       {@link ReentrantReadWriteLock.WriteLock} by {@code isHeldByCurrentThread}, and any other
 *       object's monitor ({@code synchronized (lock)} on a private {@code Object}) by
 *       {@link Thread#holdsLock}.</li>
 * </ul>
 * Locks the object keeps elsewhere (in another object) are not found here; the cross-thread check
 * of {@code LimiterSuite} covers those by their effect.
 */
final class HeldLocks {

    private HeldLocks() {
    }

    /**
     * @param owner the object whose locks are looked for, for example the {@code AsyncLimiter}
     * @return the locks of {@code owner} the current thread holds, described for feedback (for
     *     example {@code ReentrantLock in field lock}); empty if none
     */
    static List<String> heldBy(Object owner) {
        List<String> held = new ArrayList<>();
        String type = owner.getClass().getSimpleName();
        if (Thread.holdsLock(owner)) {
            held.add("the monitor of the " + type + " (synchronized method or synchronized (this))");
        }
        if (Thread.holdsLock(owner.getClass())) {
            held.add("the monitor of " + type + ".class (static synchronized)");
        }
        for (Class<?> c = owner.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (field.getType().isPrimitive()) {
                    continue;
                }
                Object value = read(field, owner);
                String name = "field " + field.getName();
                if (value instanceof ReentrantLock lock) {
                    if (lock.isHeldByCurrentThread()) {
                        held.add("the ReentrantLock in " + name);
                    }
                } else if (value instanceof ReentrantReadWriteLock lock) {
                    if (lock.isWriteLockedByCurrentThread() || lock.getReadHoldCount() > 0) {
                        held.add("the ReentrantReadWriteLock in " + name);
                    }
                } else if (value instanceof ReentrantReadWriteLock.WriteLock lock) {
                    if (lock.isHeldByCurrentThread()) {
                        held.add("the write lock in " + name);
                    }
                }
                if (value != null && value != owner && Thread.holdsLock(value)) {
                    held.add("the monitor of " + name + " (synchronized (" + field.getName() + "))");
                }
            }
        }
        return held;
    }

    private static Object read(Field field, Object owner) {
        try {
            field.setAccessible(true);
            return field.get(Modifier.isStatic(field.getModifiers()) ? null : owner);
        } catch (IllegalAccessException | InaccessibleObjectException | SecurityException e) {
            return null;
        }
    }
}
