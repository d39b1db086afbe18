import { describe, expect, it } from 'vitest';
import { cannedQueryAt, fillCannedVariables, searchCanned } from './canned-variables';

const context = { visitorName: 'Ada', visitorEmail: 'ada@example.com', agentName: 'Mei', siteName: 'Acme' };
const item = (shortcut: string, title: string, body: string) => ({
  id: shortcut,
  shortcut,
  title,
  body,
  departmentId: null,
  siteId: null,
});

describe('canned responses', () => {
  it('fills every variable, with or without spaces inside the braces', () => {
    expect(
      fillCannedVariables(
        'Hi {{visitor.name}}, I am {{ agent.name }} from {{site.name}}. We will write to {{visitor.email}}.',
        context,
      ),
    ).toBe('Hi Ada, I am Mei from Acme. We will write to ada@example.com.');
  });

  it('drops an unknown value with its leading space instead of showing braces', () => {
    expect(fillCannedVariables('Hi {{visitor.name}}, welcome!', { ...context, visitorName: null })).toBe(
      'Hi, welcome!',
    );
    expect(fillCannedVariables('Keep {{other.thing}}', context)).toBe('Keep {{other.thing}}');
  });

  it('finds the `/query` before the caret only at the start of a word', () => {
    expect(cannedQueryAt('/ref', 4)).toEqual({ query: 'ref', start: 0 });
    expect(cannedQueryAt('hello /th', 9)).toEqual({ query: 'th', start: 6 });
    expect(cannedQueryAt('and/or', 6)).toBeNull();
    expect(cannedQueryAt('/ref done', 9)).toBeNull();
  });

  it('ranks shortcut prefixes before title and body matches', () => {
    const items = [
      item('thanks', 'Thank you', 'Thanks for waiting'),
      item('refund', 'Refund policy', 'Refunds take 5 days'),
      item('hours', 'Opening hours', 'We answer refund questions 9-5'),
    ];
    expect(searchCanned(items, 'ref').map((i) => i.shortcut)).toEqual(['refund', 'hours']);
    expect(searchCanned(items, '').map((i) => i.shortcut)).toEqual(['hours', 'refund', 'thanks']);
  });
});
