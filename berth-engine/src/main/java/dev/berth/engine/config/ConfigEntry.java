package dev.berth.engine.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One config var as {@code berth config list} shows it.
 *
 * @param name the variable
 * @param secret whether it is a secret: its value is then masked unless revealed
 * @param value the value, or {@code null} for a masked secret
 * @param updatedAt when it was last set
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConfigEntry(String name, boolean secret, String value, Instant updatedAt) {}
