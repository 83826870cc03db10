import { Entity } from 'durable-ts';
import { AuditTrail } from './audit-trail.js';

@Entity('Inventory')
export class Inventory {
  onHand = 10;
  reservations: string[] = [];

  constructor(private readonly audit: AuditTrail) {}

  reserve(orderId: string): number {
    this.audit.record(`reserve ${orderId}`);
    this.onHand -= 1;
    this.reservations.push(orderId);
    return this.onHand;
  }
}
