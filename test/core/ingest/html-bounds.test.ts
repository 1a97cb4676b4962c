import { describe, expect, it } from 'vitest';
import { boundHtml, MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from '../../../src/core/ingest/html-bounds.js';
import { deepPage } from '../../fixtures/hostile/index.js';

describe('boundHtml', () => {
  it('leaves a page within the depth limit as it is', () => {
    const page = deepPage(MAX_HTML_DEPTH - 10);
    expect(boundHtml(page)).toEqual({ html: page, flattened: false });
  });

  it('drops the tags past the depth limit, keeping their text', () => {
    const result = boundHtml(deepPage(500));
    if (!('html' in result)) throw new Error(result.reason);
    expect(result.flattened).toBe(true);
    expect(result.html.match(/<div>/g)!.length).toBeLessThan(MAX_HTML_DEPTH);
    expect(result.html).toContain('forty metres');
  });

  it('does not count unclosed paragraphs and list items as nesting', () => {
    const page = `<html><body><ul>${'<li><p>item text'.repeat(300)}</ul></body></html>`;
    expect(boundHtml(page)).toMatchObject({ flattened: false });
  });

  it('does not count tags inside scripts and comments', () => {
    const page = `<html><body><script>var s = "${'<div>'.repeat(500)}";</script><!-- ${'<div>'.repeat(500)} --><p>text</p></body></html>`;
    expect(boundHtml(page)).toMatchObject({ flattened: false });
  });

  it('refuses a page with more elements than the limit', () => {
    const page = `<html><body>${'<span>x</span>'.repeat(MAX_HTML_ELEMENTS + 1)}</body></html>`;
    expect(boundHtml(page)).toEqual({ reason: expect.stringMatching(/more than 20,000 elements/) });
  });

  it('passes empty input and text without markup through unchanged', () => {
    expect(boundHtml('')).toEqual({ html: '', flattened: false });
    expect(boundHtml('a < b and c > d')).toEqual({ html: 'a < b and c > d', flattened: false });
  });

  it('does not count void and self-closed elements as nesting', () => {
    const page = `<html><body>${'<br><img src="x.png"><span/>'.repeat(MAX_HTML_DEPTH * 2)}<p>text</p></body></html>`;
    expect(boundHtml(page)).toEqual({ html: page, flattened: false });
  });

  it('stops scanning at an unterminated tag or comment instead of failing', () => {
    expect(boundHtml('<p>text<div')).toEqual({ html: '<p>text<div', flattened: false });
    expect(boundHtml('<p>text<!-- never closed <div>')).toEqual({ html: '<p>text<!-- never closed <div>', flattened: false });
  });

  it('counts end tags of dropped elements so the text after them is kept once', () => {
    const result = boundHtml(`${'<div>'.repeat(MAX_HTML_DEPTH + 5)}deep${'</div>'.repeat(MAX_HTML_DEPTH + 5)}after`);
    if (!('html' in result)) throw new Error(result.reason);
    expect(result.flattened).toBe(true);
    expect(result.html.match(/<div>/g)).toHaveLength(MAX_HTML_DEPTH);
    expect(result.html.match(/<\/div>/g)).toHaveLength(MAX_HTML_DEPTH);
    expect(result.html.match(/deep/g)).toHaveLength(1);
    expect(result.html.endsWith('after')).toBe(true);
  });
});
