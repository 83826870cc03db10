import { Account } from './account.entity';
import { Counter } from './counter.entity';
import { MilestoneActivities, MilestoneMonitor, MilestoneReached, MonitoredCounter } from './milestone';
import { TransferFunds } from './transfer-funds.orchestrator';

/** The entity samples: Counter, the bank transfer with a critical section, and the milestone counter. */
export const entitySamples = [Counter, Account, TransferFunds, MonitoredCounter, MilestoneMonitor, MilestoneActivities, MilestoneReached];
