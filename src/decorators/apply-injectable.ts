import 'reflect-metadata';
import { injectable } from 'tsyringe';

/** Lets tsyringe construct `target`, resolving its constructor parameters from `design:paramtypes`. */
export function applyInjectable(target: Function): void {
  injectable()(target as new (...args: unknown[]) => unknown);
}
