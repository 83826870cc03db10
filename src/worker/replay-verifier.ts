import type { HistoryEvent } from '../model/history-event';
import type { InputValidator } from '../model/input-schemas';
import { silentLogger } from '../model/logger';
import type { NonDeterministicOrchestrationError } from '../model/errors/non-deterministic-orchestration-error';
import { compareEpisodes } from '../orchestration/episode-comparison';
import type { OrchestratorFunction } from '../orchestration/orchestration-context';
import { OrchestrationExecutor, type EpisodeResult } from '../orchestration/orchestration-executor';

/** `always`: every cached episode; `sample`: a fraction of them; `off`: none. */
export type ReplayVerificationMode = 'always' | 'sample' | 'off';

/** A cached episode to check: what the live executor did and the history it did it on. */
export interface CachedEpisode {
  readonly instanceId: string;
  readonly orchestrator: OrchestratorFunction;
  /** The stored history before this episode. */
  readonly past: readonly HistoryEvent[];
  readonly newEvents: readonly HistoryEvent[];
  readonly result: EpisodeResult;
  readonly durableCalls: number;
  /** The live executor's input checks: the replay must make the same ones. */
  readonly inputValidator?: InputValidator;
}

/**
 * Replay verification: the instance cache runs each episode on a live executor, so code that is
 * not deterministic (branching on Math.random(), Date.now(), the environment) goes unnoticed
 * until the instance is replayed after a restart or an eviction — in production. The verifier
 * replays the same episode from history on a fresh executor and compares, so such code fails on
 * its first run instead. It costs a history read and a full replay per verified episode, hence
 * the modes.
 */
export class ReplayVerifier {
  constructor(
    private readonly mode: ReplayVerificationMode,
    private readonly sampleRate: number,
    /** Draws the sample; injectable for tests. */
    private readonly random: () => number = Math.random,
    /** The live executors' payload limit: a replay under another limit could take another path. */
    private readonly maxPayloadBytes?: number,
  ) {}

  get enabled(): boolean {
    return this.mode !== 'off';
  }

  /** Whether to verify the next cached episode. */
  shouldVerify(): boolean {
    if (this.mode === 'always') return true;
    return this.mode === 'sample' && this.random() < this.sampleRate;
  }

  /** Replays the episode on a fresh executor; the first difference from the cached run, if any. */
  async verify(episode: CachedEpisode): Promise<NonDeterministicOrchestrationError | undefined> {
    // Silent: the replayed part of the episode would otherwise log the code's messages twice.
    const fresh = new OrchestrationExecutor({
      instanceId: episode.instanceId,
      orchestrator: episode.orchestrator,
      logger: silentLogger,
      replayingThroughout: true,
      maxPayloadBytes: this.maxPayloadBytes,
      ...(episode.inputValidator !== undefined ? { inputValidator: episode.inputValidator } : {}),
    });
    const replay = await fresh.execute(episode.past, episode.newEvents);
    return compareEpisodes(
      episode.instanceId,
      { result: episode.result, durableCalls: episode.durableCalls },
      { result: replay, durableCalls: fresh.durableCalls },
    );
  }
}
