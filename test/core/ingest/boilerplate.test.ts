import { describe, expect, it } from 'vitest';
import { isForeignScriptSnippet, isFurnitureLine, isGluedListItem, isIconJunk, isImageCredit, isLabel, isListMarker } from '../../../src/core/ingest/boilerplate.js';

describe('page furniture', () => {
  it.each([
    '0:00',
    '24:43',
    '2 min read',
    '/',
    'Podcasts',
    'Advertisement',
    '©2025 Bloomberg L.P. Visit bloomberg.com. Distributed by Tribune Content Agency, LLC.',
    'blog comments powered by Disqus',
    'Dear readers! Thank you for your vibrant engagement with our content. Please note that we have switched to a new commenting system.',
    'Trump criticised Putin for refusing ceasefire negotiations. / Reuters',
    'Dmitry Peskov and Vladimir Putin. Sergei Ilnitsky / pool photo via AP',
    'Related article: Russia Launches Drone Strikes Across Ukraine',
    'READ MORE: Kremlin says talks are on hold',
    'Image caption, Freed soldiers arrive in Chernihiv',
    'Sign up to our Europe newsletter for the latest news every morning',
    'Published in News & Features',
    'icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon chevron lefticon',
    'https://example.org/a/b',
  ])('%j is furniture', (line) => {
    expect(isFurnitureLine(line)).toBe(true);
  });

  it.each([
    'Russian President Vladimir Putin currently has no plans to speak to US President Donald Trump, Kremlin spokesman Dmitry Peskov said on Thursday.',
    '“Putin is ready, we are waiting for signals,” he told reporters.',
    'Istanbul ‘main platform’ for diplomatic talks',
    'Support for the plan grew after the vote, officials said.',
    'More than 100 people were evacuated from the area, the governor said.',
  ])('%j is article text', (line) => {
    expect(isFurnitureLine(line)).toBe(false);
  });

  it('knows headline-list markers, alone or glued to the first headline', () => {
    expect(isListMarker('Explore')).toBe(true);
    expect(isListMarker('Recommended')).toBe(true);
    expect(isListMarker('You may also like')).toBe(true);
    expect(isListMarker('Explore more on these topics')).toBe(true);
    expect(isListMarker('Explorers found the wreck in 1985.')).toBe(false);
    expect(isGluedListItem('RelatedTRT Global - NATO commander: Türkiye a pillar of alliance')).toBe(true);
    expect(isGluedListItem('Related talks are planned for next week.')).toBe(false);
  });
});

describe('furniture detectors', () => {
  it('isImageCredit takes a short credit after " / ", and leaves a sentence with a slash alone', () => {
    expect(isImageCredit('Dmitry Peskov and Vladimir Putin. Sergei Ilnitsky / pool photo via AP')).toBe(true);
    expect(isImageCredit('The ratio rose to 3 / 4 of the fleet, officials said.')).toBe(false);
  });

  it('isIconJunk needs several icon names making up the line', () => {
    expect(isIconJunk('icon bookmark-bicon bookmarkicon cameraicon checkicon')).toBe(true);
    expect(isIconJunk('The icon of the city, its harbour, drew crowds of visitors every summer for decades.')).toBe(false);
    expect(isIconJunk('')).toBe(false);
  });

  it('isLabel knows labels whatever their case and closing mark', () => {
    expect(isLabel('Advertisement')).toBe(true);
    expect(isLabel('ADVERTISEMENT:')).toBe(true);
    expect(isLabel('Podcasts »')).toBe(true);
    expect(isLabel('Advertisements for the new ferry')).toBe(false);
  });

  it('isForeignScriptSnippet flags a short line without Latin letters on a Latin page only', () => {
    expect(isForeignScriptSnippet('عربي', true)).toBe(true);
    expect(isForeignScriptSnippet('Русский', true)).toBe(true);
    expect(isForeignScriptSnippet('Русский', false)).toBe(false);
    expect(isForeignScriptSnippet('Русская служба новостей сообщила сегодня утром', true)).toBe(false);
    expect(isForeignScriptSnippet('2025 — 12', true)).toBe(false);
    expect(isForeignScriptSnippet('English', true)).toBe(false);
  });

  it('isFurnitureLine keeps an empty line and long running text out', () => {
    expect(isFurnitureLine('')).toBe(false);
    expect(isFurnitureLine(`${'The harbour council met again. '.repeat(20)}Advertisement`)).toBe(false);
  });
});
