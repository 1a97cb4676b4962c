import { describe, expect, it } from 'vitest';
import { createOutletDirectory, hostOf } from '../../../src/core/ingest/outlets.js';

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

describe('outlet directory edge cases', () => {
  it('prefers the longest alias a name starts with', () => {
    const directory = createOutletDirectory([
      { name: 'TRT World', domains: ['trtworld.com'], aliases: ['TRT'] },
      { name: 'TRT Haber', domains: ['trthaber.com'], aliases: [] },
    ]);
    expect(directory.byName('TRT Haber and agencies')).toBe('TRT Haber');
    expect(directory.byName('TRT and agencies')).toBe('TRT World');
  });

  it('reads hosts in any case, with a trailing dot, and never a bare top-level domain', () => {
    expect(outlets.byDomain('WWW.Reuters.COM.')).toBe('Reuters');
    expect(outlets.byDomain('com')).toBeNull();
    expect(outlets.byDomain('')).toBeNull();
  });

  it('finds nothing for empty or punctuation-only names', () => {
    expect(outlets.byName('')).toBeNull();
    expect(outlets.byName('—')).toBeNull();
  });
});

describe('hostOf', () => {
  it('gives the lowercase host of an http(s) URL without "www."', () => {
    expect(hostOf('https://WWW.Reuters.com/world/a-b?x=1')).toBe('reuters.com');
    expect(hostOf('http://graphics.reuters.com:8080/')).toBe('graphics.reuters.com');
  });

  it('is null for other schemes and for text that is not a URL', () => {
    expect(hostOf('ftp://reuters.com/file')).toBeNull();
    expect(hostOf('javascript:alert(1)')).toBeNull();
    expect(hostOf('reuters.com')).toBeNull();
    expect(hostOf('')).toBeNull();
  });
});
