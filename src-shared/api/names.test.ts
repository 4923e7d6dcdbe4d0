import { describe, expect, expectTypeOf, it } from 'vitest';
import { commands, events, type CommandName, type EventName } from './contract';
import { commandNames, eventNames, methodName, type CommandNameLiteral, type EventNameLiteral } from './names';

describe('names.ts (the zod-free copy of the contract names the preload uses)', () => {
  it('lists exactly the commands of the contract, in order', () => {
    expect([...commandNames]).toEqual(Object.keys(commands));
  });

  it('lists exactly the events of the contract, in order', () => {
    expect([...eventNames]).toEqual(Object.keys(events));
  });

  it('has the same name types as the contract', () => {
    expectTypeOf<CommandNameLiteral>().toEqualTypeOf<CommandName>();
    expectTypeOf<EventNameLiteral>().toEqualTypeOf<EventName>();
  });

  it('maps channels to distinct method names that are not `on`', () => {
    const methods = commandNames.map(methodName);
    expect(methodName('designs:open')).toBe('designsOpen');
    expect(methodName('app:info')).toBe('appInfo');
    expect(new Set(methods).size).toBe(methods.length);
    expect(methods).not.toContain('on');
  });
});
