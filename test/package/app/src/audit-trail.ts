import { injectable } from 'durable-ts';

/** A service the entity gets injected; it holds a secret that must never reach storage. */
@injectable()
export class AuditTrail {
  readonly apiKey = 'audit-api-key-0d1e';
  readonly entries: string[] = [];

  record(entry: string): void {
    this.entries.push(entry);
  }
}
