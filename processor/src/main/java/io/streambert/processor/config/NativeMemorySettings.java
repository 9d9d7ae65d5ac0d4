package io.streambert.processor.config;

/**
 * How the processor holds native memory: ONNX Runtime's per-model memory options, and whether the
 * native heap is trimmed once a swap's replaced model has closed.
 *
 * @param cpuMemoryArena {@code model.cpu.memory.arena}: CPU tensors come from ONNX Runtime's arena
 * @param memoryPattern {@code model.memory.pattern}: a pass's buffers are planned from earlier
 *     passes' shapes
 * @param weightPrepacking {@code model.weight.prepacking}: operators may keep prepacked copies of
 *     constant weights
 * @param trimAfterRetire {@code model.retire.trim.native.heap}: freed native memory goes back to
 *     the operating system once a replaced model has closed
 */
public record NativeMemorySettings(
    boolean cpuMemoryArena,
    boolean memoryPattern,
    boolean weightPrepacking,
    boolean trimAfterRetire) {}
