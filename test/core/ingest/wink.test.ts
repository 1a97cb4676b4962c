import { createRequire } from 'node:module';
import type WinkFn from 'wink-nlp';
import type { Model } from 'wink-eng-lite-web-model';
import { describe, expect, it } from 'vitest';
import { createWink } from '../../../src/core/ingest/wink.js';

const HEADLINE = 'LONDON, April 13 - U.K. Producer price data for March were as expected, analysts said.';
/** Text that teaches a wink instance the unknown word "U.K" (from "U.K's"). */
const TEACHES = "It repackaged 137 mln dlrs of the U.K's note.";

describe('createWink', () => {
  it('cuts a text into the same tokens and sentences whatever the instance read before', () => {
    const wink = createWink(['sbd']);
    const taught = createWink(['sbd']);
    taught.readDoc(TEACHES);
    expect(taught.readDoc(HEADLINE).tokens().out()).toEqual(wink.readDoc(HEADLINE).tokens().out());
    const tokens = wink.readDoc(HEADLINE).tokens().out();
    const sentences = wink.readDoc(HEADLINE).sentences().out();
    expect(tokens.slice(4, 7)).toEqual(['-', 'U.K.', 'Producer']);
    expect(sentences).toEqual([HEADLINE]);
    wink.readDoc(TEACHES);
    expect(wink.readDoc(HEADLINE).tokens().out()).toEqual(tokens);
    expect(wink.readDoc(HEADLINE).sentences().out()).toEqual(sentences);
  });

  it('still knows the properties of words it has met (the part of speech of an unknown name)', () => {
    const wink = createWink(['sbd', 'pos']);
    const tags = (text: string) => wink.readDoc(text).tokens().out(wink.its.pos);
    const first = tags('Voutilainen told a news conference on Wednesday.');
    expect(tags('Voutilainen told a news conference on Wednesday.')).toEqual(first);
    expect(first[0]).toBe('PROPN');
  });

  // wink-nlp 2.4 as it comes: the reason createWink exists (in a plain Node process the sentences
  // differ too: "LONDON, April 13 - U.K." becomes a sentence of its own). When this fails, wink no
  // longer lets what an instance read change how it tokenizes later text, and createWink's change can go.
  it('is needed: a plain wink-nlp instance tokenizes the same text differently after reading another', () => {
    const require = createRequire(import.meta.url);
    const plain = (require('wink-nlp') as typeof WinkFn)(require('wink-eng-lite-web-model') as Model, ['sbd']);
    // (Which form an instance meets first decides: had it read the headline first, "U.K." would
    // stay whole.)
    plain.readDoc(TEACHES);
    expect(plain.readDoc(HEADLINE).tokens().out().slice(4, 8)).toEqual(['-', 'U.K', '.', 'Producer']);
  });

  it('can make more instances than the model alone allows (it fails at the 21st)', () => {
    const sentences = Array.from({ length: 22 }, () => createWink(['sbd']).readDoc(HEADLINE).sentences().out());
    expect(new Set(sentences.map((s) => JSON.stringify(s))).size).toBe(1);
  }, 20_000);
});
