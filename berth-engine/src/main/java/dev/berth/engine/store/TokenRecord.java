package dev.berth.engine.store;

import java.time.Instant;

/**
 * An API token, stored only as its SHA-256 hash: a copy of the database does not grant access.
 *
 * @param id store-assigned id
 * @param name what it is for ({@code admin}, {@code ci})
 * @param sha256Hex lower-case hex SHA-256 of the token
 * @param createdAt when it was issued
 */
public record TokenRecord(long id, String name, String sha256Hex, Instant createdAt) {}
