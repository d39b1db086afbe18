import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { VisitorTyping } from '@livechat/protocol';
import { TYPING_IDLE_MS, createTypingSender } from './typing-sender';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('sends at most one typing frame a second with the latest preview, and isTyping false on stop', () => {
  const frames: VisitorTyping[] = [];
  const typing = createTypingSender((frame) => frames.push(frame) > 0, Date.now);
  typing.input('h');
  typing.input('he');
  typing.input('hel');
  expect(frames).toEqual([{ type: 'typing', isTyping: true, preview: 'h' }]);
  vi.advanceTimersByTime(1000);
  expect(frames[1]).toEqual({ type: 'typing', isTyping: true, preview: 'hel' });
  typing.stop();
  expect(frames[2]).toEqual({ type: 'typing', isTyping: false });
  typing.stop();
  expect(frames).toHaveLength(3);
});

it('says it stopped after a quiet while', () => {
  const frames: VisitorTyping[] = [];
  const typing = createTypingSender((frame) => frames.push(frame) > 0, Date.now);
  typing.input('hi');
  vi.advanceTimersByTime(TYPING_IDLE_MS);
  expect(frames).toEqual([
    { type: 'typing', isTyping: true, preview: 'hi' },
    { type: 'typing', isTyping: false },
  ]);
});
