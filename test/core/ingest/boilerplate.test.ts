import { describe, expect, it } from 'vitest';
import { isFurnitureLine, isGluedListItem, isListMarker } from '../../../src/core/ingest/boilerplate.js';

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
