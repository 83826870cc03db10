/** Where the host reads the time; tests give a virtual clock they advance by hand. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * For clocks that jump (virtual clocks): calls `listener` after each jump, so workers look
   * for work that just became due. Returns an unsubscribe function.
   */
  onAdvance?(listener: () => void): () => void;
}

export const systemClock: Clock = { now: () => Date.now() };
