import { describe, expect, it } from 'vitest';
import { queueUrlProblem, redactQueueUrl, RunOn } from './queue';

describe('queue URLs', () => {
  it('takes redis:// and rediss:// URLs with a host, an optional port, user, password and database number', () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://user:secret@redis.lab.example:6380', 'redis://:secret@10.0.0.5', 'redis://host:6379/2']) expect(queueUrlProblem(url)).toBeNull();
  });

  it('says what is wrong with anything else, in a sentence', () => {
    expect(queueUrlProblem('http://host:6379')).toMatch(/starts with redis:\/\/ or rediss:\/\//);
    expect(queueUrlProblem('redis://host:6379/x')).toMatch(/database number/);
    expect(queueUrlProblem('redis://host:6379?x=1')).toMatch(/no \?query/);
    expect(queueUrlProblem('localhost')).toMatch(/not a URL/);
  });

  it('never repeats a password, even in the message for text that is not a URL', () => {
    const problem = queueUrlProblem('redis://:hunter2@host:99999');
    expect(problem).not.toBeNull();
    expect(problem).not.toContain('hunter2');
    expect(problem).toContain('//***@host');
    const parsed = RunOn.safeParse({ kind: 'queue', url: 'redis://admin:hunter2@host:99999' });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).not.toContain('hunter2');
  });

  it('redacts the password and keeps the rest', () => {
    expect(redactQueueUrl('rediss://user:secret@host:6380')).toBe('rediss://user:***@host:6380');
    expect(redactQueueUrl('redis://host:6379')).toBe('redis://host:6379');
  });
});
