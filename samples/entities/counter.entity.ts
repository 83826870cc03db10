import { Entity } from 'durable-ts';

/** The documented Counter entity: its `value` field is the state; its methods are operations. */
@Entity('Counter')
export class Counter {
  value = 0;

  add(amount: number): void {
    this.value += amount;
  }

  reset(): void {
    this.value = 0;
  }

  get(): number {
    return this.value;
  }
}
