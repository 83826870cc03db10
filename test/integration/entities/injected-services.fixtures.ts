import { Entity, Exclude, inject, injectable } from 'durable-ts';

/** A service holding a secret: it must never reach entity storage. */
@injectable()
export class AuditTrail {
  readonly secret = 'audit-api-key';
  readonly recorded: string[] = [];

  record(id: string): number {
    this.recorded.push(id);
    return this.recorded.length;
  }
}

/** Another service, injected as a public parameter property. */
@injectable()
export class PriceList {
  readonly apiKey = 'price-api-key';

  priceOf(id: string): number {
    return id.length;
  }
}

/** A token for a plain object the app registers (not a class). */
export const WAREHOUSE_SETTINGS = Symbol('WarehouseSettings');
export interface WarehouseSettings {
  readonly site: string;
  readonly password: string;
}

/**
 * Every way a dependency can land on an entity: a private and a public parameter property, and a
 * field assigned from an `@inject(token)` parameter; next to a public, a private and an
 * `@Exclude()`d data field.
 */
@Entity('Inventory')
export class Inventory {
  onHand = 10;
  reservations: string[] = [];
  @Exclude()
  lookups = 0;
  private readonly settings: WarehouseSettings;
  private reservedAt: string[] = [];

  constructor(
    private readonly audit: AuditTrail,
    public readonly prices: PriceList,
    @inject(WAREHOUSE_SETTINGS) settings: WarehouseSettings,
  ) {
    this.settings = settings;
  }

  reserve(id: string): { audited: number; price: number } {
    this.onHand--;
    this.reservations.push(id);
    this.reservedAt.push(this.settings.site);
    this.lookups++;
    return { audited: this.audit.record(id), price: this.prices.priceOf(id) };
  }
}
