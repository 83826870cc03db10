import { Activities, Activity } from 'durable-ts';

@Activities()
export class Greetings {
  @Activity('E1_SayHello')
  sayHello(name: string): string {
    return `Hello ${name}!`;
  }
}
