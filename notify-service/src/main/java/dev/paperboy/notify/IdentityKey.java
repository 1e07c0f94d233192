package dev.paperboy.notify;

/**
 * A map key equal only to the very object it holds. A run's digests share their papers' entry objects, and a
 * record's own hashCode and equals go through every field (lists included) at each lookup; an equal entry in
 * another object is simply a miss.
 */
public record IdentityKey<T>(T value) {

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityKey<?> key && key.value == value;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(value);
    }
}
