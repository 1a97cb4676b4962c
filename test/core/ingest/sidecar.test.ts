import { describe, expect, it } from 'vitest';
import { parseSidecar, SIDECAR_SUFFIX } from '../../../src/core/ingest/sidecar.js';

const errorOf = (text: string) => {
  const result = parseSidecar(text);
  if (!('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result.overrides)}`);
  return result.error;
};

describe('parseSidecar', () => {
  it('returns the fields a sidecar names, and only those', () => {
    expect(parseSidecar('{"outlet": "Harbour News", "author": null}')).toEqual({ overrides: { outlet: 'Harbour News', author: null } });
    expect(parseSidecar('{}')).toEqual({ overrides: {} });
  });

  it('trims text fields and ignores unknown keys such as notes', () => {
    expect(parseSidecar('{"title": "  Pier to be extended  ", "note": "checked by hand"}')).toEqual({ overrides: { title: 'Pier to be extended' } });
  });

  it('normalises a machine date to YYYY-MM-DD and keeps null', () => {
    expect(parseSidecar('{"published": "2025-03-14T08:30:00+01:00"}')).toEqual({ overrides: { published: '2025-03-14' } });
    expect(parseSidecar('{"published": null}')).toEqual({ overrides: { published: null } });
  });

  it('accepts http(s) URLs and refuses other schemes', () => {
    expect(parseSidecar('{"url": "https://example.org/a"}')).toEqual({ overrides: { url: 'https://example.org/a' } });
    expect(errorOf('{"url": "javascript:alert(1)"}')).toMatch(/^url: must be an http\(s\) URL/);
    expect(errorOf('{"url": "file:///etc/passwd"}')).toMatch(/^url: /);
  });

  it('names each field with a wrong type or value', () => {
    expect(errorOf('{"title": 12}')).toBe('title: must be text');
    expect(errorOf('{"title": "   "}')).toBe('title: must not be empty');
    expect(errorOf('{"title": null}')).toBe('title: must be text');
    expect(errorOf('{"published": "last Tuesday"}')).toBe('published: must be a date such as 2025-05-12, or null');
    const both = errorOf('{"outlet": 1, "author": ""}');
    expect(both).toContain('outlet: must be text or null');
    expect(both).toContain('author: must not be empty');
  });

  it('refuses text that is not JSON, and JSON that is not an object', () => {
    expect(errorOf('')).toMatch(/^not valid JSON \(/);
    expect(errorOf('{"title": "unterminated')).toMatch(/^not valid JSON \(/);
    for (const text of ['null', '[]', '"title"', '42']) expect(errorOf(text)).toBe('must be a JSON object');
  });

  it('keeps odd Unicode in text fields as written', () => {
    expect(parseSidecar('{"author": "Renée Dupré 李雷 🚢"}')).toEqual({ overrides: { author: 'Renée Dupré 李雷 🚢' } });
  });

  it('names sidecars NAME.meta.json', () => {
    expect(SIDECAR_SUFFIX).toBe('.meta.json');
  });
});
