import { Activities, Activity } from 'durable-ts';
import { Greeter } from './greeter.js';

@Activities()
export class Greetings {
  constructor(private readonly greeter: Greeter) {}

  @Activity('SayHello')
  sayHello(name: string): string {
    return this.greeter.greet(name);
  }
}
