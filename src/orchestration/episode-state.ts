import { deterministicGuid } from './deterministic-guid';

/** Set by `ctx.continueAsNew`; takes effect when the orchestrator function returns. */
export interface Continuation {
  readonly input: string | undefined;
  readonly preserveUnprocessedEvents: boolean;
}

/**
 * What the orchestration context may see of the running episode, and the two things it may ask
 * of it. The executor owns the state behind it and is the only one that changes it, so what
 * the code sees (replaying or not, the current time) is always what the executor decided.
 */
export interface EpisodeView {
  readonly instanceId: string;
  readonly executionId: string;
  readonly name: string;
  readonly version: string;
  readonly input: string | undefined;
  /** True while the executor runs an episode: the only time the orchestration API may be used. */
  readonly isActive: boolean;
  readonly isReplaying: boolean;
  /** The time of the episode being replayed or run (its OrchestratorStarted event). */
  readonly currentUtc: Date;
  /** A GUID that is the same on every replay of the same step. */
  newGuid(): string;
  setCustomStatus(json: string): void;
  continueAsNew(continuation: Continuation): void;
}

/** The executor's private episode state; others see it as an EpisodeView. */
export class EpisodeState implements EpisodeView {
  executionId = '';
  name = '';
  version = '';
  input: string | undefined;
  isActive = false;
  isReplaying = false;
  currentUtc = new Date(0);
  /** JSON of the custom status, and whether code changed it in the current episode. */
  customStatus: string | undefined;
  customStatusChanged = false;
  continuation: Continuation | undefined;
  private guidCounter = 0;

  constructor(readonly instanceId: string) {}

  newGuid(): string {
    return deterministicGuid(this.instanceId, this.currentUtc, this.guidCounter++);
  }

  setCustomStatus(json: string): void {
    this.customStatus = json;
    this.customStatusChanged = true;
  }

  continueAsNew(continuation: Continuation): void {
    this.continuation = continuation;
  }
}
