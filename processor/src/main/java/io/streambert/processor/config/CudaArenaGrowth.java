package io.streambert.processor.config;

/** How the CUDA memory arena grows ({@code model.cuda.arena.strategy}). */
public enum CudaArenaGrowth {
  /** Fewer allocations, more memory held. */
  NEXT_POWER_OF_TWO,
  /** Only what is requested; pairs with a memory limit. */
  SAME_AS_REQUESTED
}
