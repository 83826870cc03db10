import { injectable } from 'durable-ts';

/** A service the activity class gets injected. */
@injectable()
export class Greeter {
  greet(name: string): string {
    return `Hello ${name}!`;
  }
}
