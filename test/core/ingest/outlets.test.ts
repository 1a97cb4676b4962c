import { describe, expect, it } from 'vitest';
import { createOutletDirectory } from '../../../src/core/ingest/outlets.js';

const outlets = createOutletDirectory([
  { name: 'Reuters', domains: ['reuters.com'], aliases: [] },
  { name: 'The Moscow Times', domains: ['themoscowtimes.com'], aliases: ['Moscow Times'] },
  { name: 'Bloomberg', domains: ['bloomberg.com'], aliases: ['Bloomberg News', 'Bloomberg L.P.'] },
]);

describe('outlets', () => {
  it('resolve a host (with sub-domains) and a written name to one display name', () => {
    expect(outlets.byDomain('www.reuters.com')).toBe('Reuters');
    expect(outlets.byDomain('graphics.reuters.com')).toBe('Reuters');
    expect(outlets.byDomain('notreuters.com')).toBeNull();
    expect(outlets.byName('Bloomberg News')).toBe('Bloomberg');
    expect(outlets.byName('the moscow times')).toBe('The Moscow Times');
    expect(outlets.byName('Bloombergers Weekly')).toBeNull();
  });
});
