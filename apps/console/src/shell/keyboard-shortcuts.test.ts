import { describe, expect, it } from 'vitest';
import { stepSelection } from './keyboard-shortcuts';

describe('stepSelection', () => {
  const ids = ['a', 'b', 'c'];
  it('starts at the top (j) or the bottom (k) when nothing is selected', () => {
    expect(stepSelection(ids, null, 1)).toBe('a');
    expect(stepSelection(ids, null, -1)).toBe('c');
  });
  it('moves one row and stops at the ends', () => {
    expect(stepSelection(ids, 'a', 1)).toBe('b');
    expect(stepSelection(ids, 'c', 1)).toBe('c');
    expect(stepSelection(ids, 'a', -1)).toBe('a');
  });
  it('restarts from the top when the selection left the list (claimed by a colleague)', () => {
    expect(stepSelection(ids, 'gone', 1)).toBe('a');
    expect(stepSelection([], 'a', 1)).toBeNull();
  });
});
