import { describe, expect, it } from 'vitest';
import { COLLEAGUE, ME, summary } from '../test-support/fixtures';
import { classifyActivity } from './activity';

const mineActive = { status: 'ACTIVE' as const, assignee: { ...ME, avatarUrl: null } };
const visitorSays = (createdAt: number) => ({
  text: 'hi',
  authorKind: 'VISITOR' as const,
  kind: 'TEXT' as const,
  createdAt,
});

describe('classifyActivity', () => {
  it('announces a chat entering the queue, once', () => {
    const queued = summary('a', { lastSeq: 1 });
    expect(classifyActivity(undefined, queued, ME.id)?.kind).toBe('newChat');
    expect(classifyActivity(queued, { ...queued, lastSeq: 2 }, ME.id)).toBeNull();
  });

  it('announces a chat transferred back to the queue', () => {
    const active = summary('a', { ...mineActive, lastSeq: 4 });
    expect(classifyActivity(active, summary('a', { lastSeq: 5 }), ME.id)?.kind).toBe('newChat');
  });

  it('announces a visitor message in my chat but not in a colleague’s', () => {
    const before = summary('a', { ...mineActive, lastSeq: 3, lastMessage: visitorSays(1) });
    const after = { ...before, lastSeq: 4, lastMessage: visitorSays(2) };
    expect(classifyActivity(before, after, ME.id)?.kind).toBe('newMessage');
    const theirs = { ...after, assignee: COLLEAGUE };
    expect(classifyActivity({ ...before, assignee: COLLEAGUE }, theirs, ME.id)).toBeNull();
  });

  it('stays quiet for my own replies and for stale updates', () => {
    const before = summary('a', { ...mineActive, lastSeq: 3, lastMessage: visitorSays(1) });
    const myReply = {
      ...before,
      lastSeq: 4,
      lastMessage: { text: 'ok', authorKind: 'AGENT' as const, kind: 'TEXT' as const, createdAt: 2 },
    };
    expect(classifyActivity(before, myReply, ME.id)).toBeNull();
    expect(classifyActivity(myReply, before, ME.id)).toBeNull();
  });
});
