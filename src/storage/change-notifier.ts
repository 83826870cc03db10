import type { Logger } from '../model/logger';
import { storageLogs } from './storage-logs';
import type { StorageChange } from './storage-provider';
import type { WorkKind } from './storage-records';
import type { RuntimeStatus } from '../model/runtime-status';

type ChangeListener = (change: StorageChange) => void;

/**
 * In-process change subscriptions. Changes are collected while a transaction runs and delivered
 * only after it commits; a listener that throws is logged and skipped so it cannot break the
 * provider or the other listeners.
 */
export class ChangeNotifier {
  private readonly listeners = new Set<ChangeListener>();

  constructor(private readonly log: Logger) {}

  subscribe(listener: ChangeListener): () => void {
    // Wrap so that subscribing one function twice gives two independent subscriptions.
    const entry: ChangeListener = (change) => listener(change);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  emit(changes: ChangeSet | readonly StorageChange[]): void {
    for (const change of changes instanceof ChangeSet ? changes.toList() : changes) {
      for (const listener of [...this.listeners]) {
        try {
          listener(change);
        } catch (error) {
          // Storage has already committed: the listener's failure is reported, not passed on.
          storageLogs.changeListenerFailed(this.log, { kind: change.kind, error });
        }
      }
    }
  }
}

/** The changes made by one transaction, deduplicated, in a stable order: work first, then instances. */
export class ChangeSet {
  private readonly work = new Set<WorkKind>();
  /** Each changed instance, with the status the change left it in when that is known (one status for the whole set). */
  private readonly instances = new Map<string, RuntimeStatus | undefined>();

  addWork(kind: WorkKind): void {
    this.work.add(kind);
  }

  /** Records a changed instance; `runtimeStatus` when the writer knows the status it leaves (two different ones: unknown). */
  addInstance(instanceId: string, runtimeStatus?: RuntimeStatus): void {
    const known = this.instances.has(instanceId);
    this.instances.set(instanceId, !known || this.instances.get(instanceId) === runtimeStatus ? runtimeStatus : undefined);
  }

  /** Adds the changes of a part of this transaction that committed (e.g. one savepoint's). */
  addAll(other: ChangeSet): void {
    for (const kind of other.work) this.work.add(kind);
    for (const [instanceId, runtimeStatus] of other.instances) this.addInstance(instanceId, runtimeStatus);
  }

  get isEmpty(): boolean {
    return this.work.size === 0 && this.instances.size === 0;
  }

  toList(): StorageChange[] {
    return [
      ...[...this.work].map((work): StorageChange => ({ kind: 'work', work })),
      ...[...this.instances].map(
        ([instanceId, runtimeStatus]): StorageChange => ({ kind: 'instance', instanceId, ...(runtimeStatus !== undefined ? { runtimeStatus } : {}) }),
      ),
    ];
  }
}
