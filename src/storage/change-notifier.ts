import type { Logger } from '../model/logger';
import type { RuntimeStatus } from '../model/runtime-status';
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
  /** Each instance changed, with the status its episode commit left when that is all the transaction did to it. */
  private readonly instances = new Map<string, RuntimeStatus | undefined>();

  addWork(kind: WorkKind): void {
    this.work.add(kind);
  }

  /** `runtimeStatus`: only from an orchestration episode's commit, the status it wrote. */
  addInstance(instanceId: string, runtimeStatus?: RuntimeStatus): void {
    // A second change to one instance (a child start replacing it, an entity row) makes the status unsure: none is given.
    this.instances.set(instanceId, this.instances.has(instanceId) ? undefined : runtimeStatus);
  }

  get isEmpty(): boolean {
    return this.work.size === 0 && this.instances.size === 0;
  }

  toList(): StorageChange[] {
    return [
      ...[...this.work].map((work): StorageChange => ({ kind: 'work', work })),
      ...[...this.instances].map(
        ([instanceId, runtimeStatus]): StorageChange => (runtimeStatus === undefined ? { kind: 'instance', instanceId } : { kind: 'instance', instanceId, runtimeStatus }),
      ),
    ];
  }
}
