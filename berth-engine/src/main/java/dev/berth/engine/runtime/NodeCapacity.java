package dev.berth.engine.runtime;

/**
 * Capacity of one node. Allocatable = total minus a reserve for the system and the control plane;
 * admission never places requests beyond it.
 *
 * @param name node name ({@code local} for this machine)
 * @param cpuMillis total CPU in millicores
 * @param memoryBytes total memory in bytes
 * @param allocatableCpuMillis CPU available to replicas
 * @param allocatableMemoryBytes memory available to replicas
 */
public record NodeCapacity(
    String name,
    long cpuMillis,
    long memoryBytes,
    long allocatableCpuMillis,
    long allocatableMemoryBytes) {}
