import { BackupActivities } from './backup-site-content/backup.activities';
import { BackupSiteContent } from './backup-site-content/backup-site-content.orchestrator';
import { Greetings } from './hello-sequence/greetings.activities';
import { HelloSequence } from './hello-sequence/hello-sequence.orchestrator';

/** Every decorated class of the samples app. */
export const sampleFunctions = [HelloSequence, Greetings, BackupSiteContent, BackupActivities];
