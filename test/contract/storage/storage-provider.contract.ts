import { describeActivityQueueContract } from './activity-queue.contract';
import { describeAtomicityContract } from './atomicity.contract';
import { describeClaimOrderContract } from './claim-order.contract';
import { describeLeasedStartContract } from './leased-start.contract';
import { describeFirstEpisodesContract } from './first-episodes.contract';
import { describeClientWriteBatchContract } from './client-write-batch.contract';
import { describeChangesAndStatsContract } from './changes-and-stats.contract';
import { describeEpisodeBatchContract } from './episode-batch.contract';
import { describeEpisodeBatchOrderContract } from './episode-batch-order.contract';
import { describeEpisodeCommitContract } from './episode-commit.contract';
import { describeHubBindingsContract } from './hub-bindings.contract';
import { describeInstanceContract } from './instances.contract';
import { describeLocalDispatchContract } from './local-dispatch.contract';
import { describeOrchestrationQueueContract } from './orchestration-queue.contract';
import { describePendingWorkContract } from './pending-work.contract';
import { describeInstanceQueriesContract } from './instance-queries.contract';
import { describeSendToInstanceContract } from './send-to-instance.contract';
import type { MakeStorageProvider } from './storage-fixtures';

/**
 * The storage contract every provider must pass. `makeProvider` must return a fresh, initialized
 * provider (a fresh hub or a fresh database) each time; every test closes the one it got.
 * Tests pass explicit `now` values and never sleep.
 */
export function describeStorageProviderContract(kind: string, makeProvider: MakeStorageProvider): void {
  describeInstanceContract(kind, makeProvider);
  describeOrchestrationQueueContract(kind, makeProvider);
  describeClaimOrderContract(kind, makeProvider);
  describeEpisodeCommitContract(kind, makeProvider);
  describeEpisodeBatchContract(kind, makeProvider);
  describeEpisodeBatchOrderContract(kind, makeProvider);
  describeAtomicityContract(kind, makeProvider);
  describeActivityQueueContract(kind, makeProvider);
  describeLocalDispatchContract(kind, makeProvider);
  describeChangesAndStatsContract(kind, makeProvider);
  describeSendToInstanceContract(kind, makeProvider);
  describeClientWriteBatchContract(kind, makeProvider);
  describeLeasedStartContract(kind, makeProvider);
  describeFirstEpisodesContract(kind, makeProvider);
  describeInstanceQueriesContract(kind, makeProvider);
  describeHubBindingsContract(kind, makeProvider);
  describePendingWorkContract(kind, makeProvider);
}
