import { Entity } from 'durable-ts';

export class InsufficientFundsError extends Error {
  override name = 'InsufficientFundsError';
}

/** A bank account for the transfer sample: withdrawing more than the balance throws. */
@Entity('Account')
export class Account {
  balance = 0;

  deposit(amount: number): number {
    this.balance += amount;
    return this.balance;
  }

  withdraw(amount: number): number {
    if (amount > this.balance) throw new InsufficientFundsError(`balance ${this.balance} is less than ${amount}`);
    this.balance -= amount;
    return this.balance;
  }

  get(): number {
    return this.balance;
  }
}
