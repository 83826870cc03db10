import type { Logger } from '../model/logger';
import { storageLogs } from './storage-logs';
import type { StorageChange } from './storage-provider';
import type { WorkKind } from './storage-records';

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
  private readonly instances = new Set<string>();

  addWork(kind: WorkKind): void {
    this.work.add(kind);
  }

  addInstance(instanceId: string): void {
    this.instances.add(instanceId);
  }

  /** Adds the changes of a part of this transaction that committed (e.g. one savepoint's). */
  addAll(other: ChangeSet): void {
    for (const kind of other.work) this.work.add(kind);
    for (const instanceId of other.instances) this.instances.add(instanceId);
  }

  get isEmpty(): boolean {
    return this.work.size === 0 && this.instances.size === 0;
  }

  toList(): StorageChange[] {
    return [
      ...[...this.work].map((work): StorageChange => ({ kind: 'work', work })),
      ...[...this.instances].map((instanceId): StorageChange => ({ kind: 'instance', instanceId })),
    ];
  }
}
