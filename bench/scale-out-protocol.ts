import { Greetings } from '../samples/hello-sequence/greetings.activities';
import { HelloSequence } from '../samples/hello-sequence/hello-sequence.orchestrator';
import { BenchActivities, BenchFanOutFanIn } from './bench-functions';
import type { LoggedProblem } from './counting-logger';
import { BenchWaitingActivities, BenchWaitingFanOut } from './waiting-functions';

/** What the scale-out scenario and its worker processes (scale-out-worker.ts) share. */

/** The command-line argument of a worker process (as JSON). */
export interface ScaleOutWorkerArgs {
  readonly hubName: string;
  readonly connectionString: string;
  readonly schema: string;
  /** The worker's maxConcurrentActivityFunctions. */
  readonly activitySlots: number;
}

/** Counters of one worker process since it started. */
export interface WorkerStats {
  readonly pid: number;
  /** Storage write transactions of this process. */
  readonly commits: number;
  readonly episodes: number;
  readonly episodesFromCache: number;
  /** Claim statements (orchestration and activity) this process ran, and how many found nothing. */
  readonly claims: number;
  readonly emptyClaims: number;
  readonly problemCount: number;
  readonly problems: readonly LoggedProblem[];
}

/** The functions every scale-out worker (and the bench's client) registers. */
export const scaleOutFunctions = [HelloSequence, Greetings, BenchFanOutFanIn, BenchActivities, BenchWaitingFanOut, BenchWaitingActivities];
