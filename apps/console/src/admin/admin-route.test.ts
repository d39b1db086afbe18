import { describe, expect, it } from 'vitest';
import { offInboxHash, readInviteToken, readOffInboxRoute } from './admin-route';

describe('admin routes in the hash', () => {
  it('reads admin pages, the profile and leaves conversation views alone', () => {
    expect(readOffInboxRoute('#/admin/sites')).toEqual({ kind: 'admin', page: 'sites' });
    expect(readOffInboxRoute('#/admin/nonsense')).toEqual({ kind: 'admin', page: 'departments' });
    expect(readOffInboxRoute('#/profile')).toEqual({ kind: 'profile' });
    expect(readOffInboxRoute('#/queue/c-1')).toBeNull();
    expect(offInboxHash({ kind: 'admin', page: 'reports' })).toBe('#/admin/reports');
  });

  it('finds the invite token', () => {
    expect(readInviteToken('#/invite/abc%2Fdef-0123456789')).toBe('abc/def-0123456789');
    expect(readInviteToken('#/queue')).toBeNull();
  });
});
