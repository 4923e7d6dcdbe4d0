import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appCommands, appEvents } from './app';
import { commandNames, commands, eventNames, events, inDomain, methodName } from './contract';
import { command, emptyRequest } from './define';
import { designsCommands, designsEvents } from './designs';
import { eventBatchChannel } from './preload-api';
import { historyCommands, historyEvents } from './history';
import { searchCommands, searchEvents } from './search';
import { trainingCommands, trainingEvents } from './training-runs';

const domains = [
  ['app', appCommands, appEvents],
  ['designs', designsCommands, designsEvents],
  ['training', trainingCommands, trainingEvents],
  ['history', historyCommands, historyEvents],
  ['search', searchCommands, searchEvents],
] as const;

describe('the contract, composed from one module per domain', () => {
  it.each(domains)('names every command and event of the %s module <domain>:<action>', (domain, domainCommands, domainEvents) => {
    for (const name of [...Object.keys(domainCommands), ...Object.keys(domainEvents)]) {
      expect(name).toMatch(new RegExp(`^${domain}:[a-z][a-zA-Z-]*$`));
    }
  });

  it('holds exactly the commands and events of the domain modules, none lost or added', () => {
    expect([...commandNames].sort()).toEqual(domains.flatMap(([, c]) => Object.keys(c)).sort());
    expect([...eventNames].sort()).toEqual(domains.flatMap(([, , e]) => Object.keys(e)).sort());
    expect(Object.keys(commands)).toEqual(commandNames);
    expect(Object.keys(events)).toEqual(eventNames);
  });

  it("keeps the IPC channel for event batches apart from every command and event name", () => {
    expect([...commandNames, ...eventNames]).not.toContain(eventBatchChannel);
  });

  it('refuses, at compile time, a key outside its domain', () => {
    const stray = { 'app:info': command(emptyRequest, z.object({})) } as const;
    // @ts-expect-error -- 'app:info' is not a designs command (tsc -p tsconfig.node.json checks this line)
    expect(inDomain('designs', stray)).toBe(stray);
    expect(inDomain('app', stray)).toBe(stray);
  });

  it('maps commands to distinct preload method names that are not `on`', () => {
    const methods = commandNames.map(methodName);
    expect(methodName('designs:open')).toBe('designsOpen');
    expect(methodName('app:info')).toBe('appInfo');
    expect(new Set(methods).size).toBe(methods.length);
    expect(methods).not.toContain('on');
  });
});
