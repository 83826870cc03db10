import 'reflect-metadata';
import { container } from 'tsyringe';
import { describe, expect, it } from 'vitest';
import { Activities } from '../../../src/decorators/activities.decorator';
import { Activity } from '../../../src/decorators/activity.decorator';

class Mailer {
  readonly sent: string[] = [];
  send(text: string): void {
    this.sent.push(text);
  }
}

@Activities()
class Greetings {
  constructor(readonly mailer: Mailer) {}

  @Activity('SayHello')
  sayHello(name: string): string {
    this.mailer.send(name);
    return `Hello ${name}!`;
  }
}

// Guards the test set-up itself: vitest's default esbuild transform drops design:paramtypes,
// the swc transform in vitest.config.ts keeps it, exactly as tsc does for the build.
describe('decorator metadata under vitest', () => {
  it('a decorated class with a class-typed constructor parameter carries design:paramtypes', () => {
    expect(Reflect.getMetadata('design:paramtypes', Greetings)).toEqual([Mailer]);
  });

  it('a child container resolves the class and injects its constructor parameter', () => {
    const child = container.createChildContainer();
    const greetings = child.resolve(Greetings);
    expect(greetings.mailer).toBeInstanceOf(Mailer);
    expect(greetings.sayHello('Tokyo')).toBe('Hello Tokyo!');
    expect(greetings.mailer.sent).toEqual(['Tokyo']);
  });
});
