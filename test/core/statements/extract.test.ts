import { describe, expect, it } from 'vitest';
import { extractStatements } from '../../../src/core/statements/index.js';
import type { Statement } from '../../../src/core/statements/index.js';
import { articleFrom } from './article.js';
import { loadCoreConfig } from '../../../src/config/index.js';

/** The project's configuration (config/), as the bot reads it. */
const coreConfig = loadCoreConfig();

const extract = (paragraphs: string[], published: string | null = '2025-05-29') => extractStatements([articleFrom(paragraphs, { published })], { config: coreConfig });
const find = (statements: Statement[], words: string) => statements.find((s) => s.quote.includes(words));

describe('quotation styles', () => {
  it('reads a straight-quoted statement', () => {
    const s = find(extract(['"We will not give up our positions," Kremlin spokesman Dmitry Peskov said.']), 'will not give up');
    expect(s).toMatchObject({ speaker: 'Dmitry Peskov', kind: 'direct', quote: 'We will not give up our positions.' });
  });

  it('reads a curly-quoted statement', () => {
    const s = find(extract(['“The talks were useful,” Sergei Lavrov told reporters.']), 'talks were useful');
    expect(s).toMatchObject({ speaker: 'Sergey Lavrov', kind: 'direct' });
  });

  it('reads a statement in guillemets', () => {
    const s = find(extract(['«Nous ne reculerons pas devant la menace», French President Emmanuel Macron said.']), 'ne reculerons');
    expect(s?.speaker).toBe('Emmanuel Macron');
  });

  it('reads single curly marks used as quotation marks but not apostrophes', () => {
    const statements = extract(['‘Moscow’s position has not changed at all,’ said Maria Zakharova.']);
    expect(find(statements, 'position has not changed')).toMatchObject({ speaker: 'Maria Zakharova', quote: 'Moscow’s position has not changed at all.' });
  });

  it('recovers a quotation whose opening mark was lost', () => {
    const statements = extract([
      'When asked whether a call could take place, Kremlin spokesman Dmitry Peskov would neither confirm nor deny it.',
      'Putin is ready, we are waiting for signals. Everyone is ready,” he told reporters.',
    ]);
    expect(find(statements, 'we are waiting for signals')).toMatchObject({ speaker: 'Dmitry Peskov', kind: 'direct' });
  });

  it('joins a quotation that runs over two paragraphs', () => {
    const statements = extract([
      '“We have always been ready for talks,” Peskov said. “But the other side keeps changing its conditions,',
      '“and that makes any agreement impossible for now.”',
    ]);
    const s = find(statements, 'keeps changing its conditions');
    expect(s?.quote).toContain('and that makes any agreement impossible');
    expect(s?.speaker).toBe('Dmitry Peskov');
  });

  it('takes the speaker from the next paragraph when the attribution was pushed there', () => {
    const statements = extract([
      '"Overall, we remain committed to a serious effort toward a long-term peaceful resolution,"',
      'Peskov said, without confirming whether Putin would attend the proposed talks.',
    ]);
    expect(find(statements, 'we remain committed')?.speaker).toBe('Dmitry Peskov');
  });

  it('keeps a one-word quotation inside its sentence rather than as a statement of its own', () => {
    const statements = extract(['His comments came after US President Donald Trump stated that he would like to meet Putin “immediately.”']);
    expect(statements.some((s) => s.quote === 'immediately.')).toBe(false);
    expect(find(statements, 'would like to meet Putin')).toMatchObject({ speaker: 'Donald Trump', kind: 'reported' });
  });

  it('gives a quotation nobody is named for no speaker', () => {
    const statements = extract(['“This war must end with a just and lasting peace for everyone involved.”']);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.speaker).toBeNull();
  });
});

describe('reported speech', () => {
  it('reads "X said <clause>"', () => {
    const s = find(extract(['Kremlin spokesman Dmitry Peskov said the Russian president has no plans to speak to Trump.']), 'no plans to speak');
    expect(s).toMatchObject({ speaker: 'Dmitry Peskov', kind: 'reported', quote: 'the Russian president has no plans to speak to Trump.' });
  });

  it('reads "<clause>, X said" with the statement before the speaker', () => {
    const s = find(extract(['Putin is ready to speak with his US counterpart, Kremlin spokesman Dmitry Peskov has said.']), 'ready to speak');
    expect(s).toMatchObject({ speaker: 'Dmitry Peskov', quote: 'Putin is ready to speak with his US counterpart.' });
  });

  it('reads "X noted that" and "X told reporters that"', () => {
    const statements = extract([
      'Secretary of the Russian Security Council Sergey Shoygu also noted that Istanbul is becoming the main platform for negotiations.',
      'Zelensky told reporters in Kyiv that Ukraine would send a delegation to the talks next week.',
    ]);
    expect(find(statements, 'Istanbul is becoming')?.speaker).toBe('Sergey Shoygu');
    expect(find(statements, 'Ukraine would send a delegation')?.speaker).toBe('Volodymyr Zelensky');
  });

  it('reads "according to X"', () => {
    const s = find(extract(['Putin and Trump spoke for over an hour on Thursday, according to Kremlin aide Yury Ushakov.']), 'spoke for over an hour');
    expect(s).toMatchObject({ speaker: 'Yury Ushakov', role: 'Kremlin aide' });
  });

  it('attributes ", adding that …" to the same speaker', () => {
    const statements = extract(['On Thursday, Trump said that he was ready for a meeting, adding that “from what I hear, Putin would like to see me.”']);
    expect(find(statements, 'Putin would like to see me')).toMatchObject({ speaker: 'Donald Trump', kind: 'direct' });
    expect(find(statements, 'he was ready for a meeting')?.speaker).toBe('Donald Trump');
  });

  it('never makes a statement of a sentence whose subject names nobody', () => {
    const statements = extract(['Earlier, media reports suggested that the team was eyeing a peace plan for the region.']);
    expect(statements).toEqual([]);
  });
});

describe('speaker attribution', () => {
  it('keeps the role the article gives with the canonical name', () => {
    const s = extract(['“We are ready,” Kremlin spokesman Dmitri Peskov said on Thursday, adding the talks should be well prepared.'])[0];
    expect(s).toMatchObject({ speaker: 'Dmitry Peskov', role: 'Kremlin spokesman' });
  });

  it('resolves a surname to the full name given earlier in the article', () => {
    const statements = extract([
      'Kremlin spokesman Dmitry Peskov spoke on Thursday.',
      '“As far as I know, no response has been received yet,” Peskov added.',
    ]);
    expect(find(statements, 'no response has been received')).toMatchObject({ speaker: 'Dmitry Peskov', role: 'Kremlin spokesman' });
  });

  it('resolves a surname spelled another way through the gazetteer', () => {
    const s = find(extract(['“We know that Ankara has made considerable efforts,” Shoigu was further quoted as saying.']), 'Ankara');
    expect(s?.speaker).toBe('Sergey Shoygu');
  });

  it('resolves "he" to the most recent speaker', () => {
    const statements = extract([
      'Peskov said Moscow is focused on its goals in the military operation.',
      'He noted that, for now, military actions will continue.',
    ]);
    expect(find(statements, 'military actions will continue')?.speaker).toBe('Dmitry Peskov');
  });

  it('resolves "the US president" to the person the article names in that role', () => {
    const statements = extract([
      'Russian President Vladimir Putin is ready to speak with his US counterpart Donald Trump.',
      '“Every day we don’t meet, soldiers are being killed on the battlefield,” the US president remarked.',
    ]);
    expect(find(statements, 'soldiers are being killed')?.speaker).toBe('Donald Trump');
  });

  it('adds a person the gazetteer does not know, from the role the article gives', () => {
    const statements = extract([
      'Türkiye’s National Security Council Secretary General Okay Memis said the meeting had been productive and friendly.',
      '“We will host the next round as well,” Memis added.',
    ]);
    expect(find(statements, 'meeting had been productive')).toMatchObject({ speaker: 'Okay Memis' });
    expect(find(statements, 'host the next round')?.speaker).toBe('Okay Memis');
  });

  it('gives an institution as the speaker, never a person', () => {
    const s = find(extract(['Dmitry Peskov spoke later.', 'The Kremlin said on Wednesday that President Putin prioritises Russia’s national interests.']), 'prioritises');
    expect(s).toMatchObject({ speaker: 'Kremlin', speaker_kind: 'organisation' });
  });

  it('leaves the speaker null for an unnamed official and keeps the role', () => {
    const s = find(extract(['An anonymous Ukrainian official told Axios that Zelensky plans to travel to Turkey this week.']), 'plans to travel');
    expect(s).toMatchObject({ speaker: null, role: 'anonymous Ukrainian official' });
  });

  it('does not resolve a role to a person the article never names', () => {
    const s = find(extract(['“We will respond firmly to any provocation,” the Kremlin spokesman said.']), 'respond firmly');
    expect(s?.speaker).toBeNull();
  });

  it('leaves a pronoun with no antecedent unresolved', () => {
    const s = find(extract(['“Nothing has been agreed with the other side so far,” he said.']), 'Nothing has been agreed');
    expect(s?.speaker).toBeNull();
  });

  it('reads the speaker of "Name, role, said"', () => {
    const s = find(extract(['“The alliance stands united,” Mark Rutte, the NATO secretary general, told reporters in Brussels.']), 'stands united');
    expect(s).toMatchObject({ speaker: 'Mark Rutte' });
  });

  it('reads the speaker of "said Name" after the quotation', () => {
    const s = find(extract(['“We are not going to wait forever,” said Marco Rubio.']), 'wait forever');
    expect(s?.speaker).toBe('Marco Rubio');
  });
});

describe('when it was said', () => {
  it('resolves "on Thursday" to the latest Thursday on or before publication', () => {
    const s = extract(['Kremlin spokesman Dmitry Peskov said on Thursday that there were no plans for a call.'], '2025-05-29')[0];
    expect(s).toMatchObject({ said_on: '2025-05-29', published: '2025-05-29' });
  });

  it('resolves a bare weekday before publication', () => {
    const s = extract(['“Truth be told, this is unlikely to happen soon,” Peskov said Tuesday.'], '2025-06-03')[0];
    expect(s?.said_on).toBe('2025-06-03');
    const earlier = extract(['“Truth be told, this is unlikely to happen soon,” Peskov said Monday.'], '2025-06-03')[0];
    expect(earlier?.said_on).toBe('2025-06-02');
  });

  it('resolves "yesterday" and explicit dates', () => {
    expect(extract(['Peskov said yesterday that the talks would resume in Istanbul.'], '2025-05-12')[0]?.said_on).toBe('2025-05-11');
    expect(extract(['Peskov said on May 3 that the talks would resume in Istanbul.'], '2025-05-12')[0]?.said_on).toBe('2025-05-03');
  });

  it('resolves "earlier this month" to the first day of the month', () => {
    expect(extract(['Peskov said earlier this month that the talks would resume in Istanbul.'], '2025-05-29')[0]?.said_on).toBe('2025-05-01');
  });

  it('does not take a date from the statement itself', () => {
    const s = extract(['Peskov said Kyiv had not answered the proposal for talks in Istanbul on Monday.'], '2025-05-29')[0];
    expect(s?.said_on).toBe('2025-05-29');
  });

  it('carries the date to the same speaker’s next statement', () => {
    const statements = extract(['Dmitry Peskov said on Tuesday that no call was planned this week.', '“We need to wait for a response,” Peskov added.'], '2025-05-29');
    expect(find(statements, 'wait for a response')?.said_on).toBe('2025-05-27');
  });

  it('has no date when the article has none and the text gives no explicit one', () => {
    const s = extract(['“Truth be told, this is unlikely to happen soon,” Peskov said Tuesday.'], null)[0];
    expect(s).toMatchObject({ said_on: null, published: null });
  });
});

describe('merging', () => {
  it('merges the same words quoted by two outlets into one statement citing both', () => {
    const a = articleFrom(['“The language of ultimatums is unacceptable to Russia,” Peskov said.'], { id: 'a', outlet: 'A', published: '2025-05-12' });
    const b = articleFrom(['Kremlin spokesman Dmitry Peskov said: "The language of ultimatums is unacceptable to Russia. It is not appropriate."'], { id: 'b', outlet: 'B', published: '2025-05-13' });
    const statements = extractStatements([a, b], { config: coreConfig });
    expect(statements).toHaveLength(1);
    expect(statements[0]!.citations.map((c) => c.article)).toEqual(['a', 'b']);
    expect(statements[0]!.quote).toContain('It is not appropriate');
    expect(statements[0]!.published).toBe('2025-05-12');
  });

  it('keeps different statements of the same speaker apart', () => {
    const a = articleFrom(['“We are ready for talks in Istanbul next week,” Peskov said.'], { id: 'a' });
    const b = articleFrom(['“We are not ready to sign anything this year,” Peskov said.'], { id: 'b' });
    expect(extractStatements([a, b], { config: coreConfig })).toHaveLength(2);
  });
});

describe('attribution phrasing of other outlets', () => {
  it('reads "told <listeners> that"', () => {
    const s = find(extract(['Kremlin spokesman Dmitry Peskov told the state news agency TASS that the proposals were being studied.']), 'proposals were being studied');
    expect(s).toMatchObject({ speaker: 'Dmitry Peskov', quote: 'the proposals were being studied.' });
  });

  it('reads "wrote on <platform>:" followed by the quotation', () => {
    const s = find(extract(['Zelensky wrote on Telegram: “Ukraine is ready for a full ceasefire from tomorrow.”']), 'full ceasefire');
    expect(s).toMatchObject({ speaker: 'Volodymyr Zelensky', kind: 'direct' });
  });

  it('reads a title abbreviation before the name', () => {
    const s = find(extract(['“The odds are against confirmation,” said Sen. Lindsey Graham.']), 'odds are against');
    expect(s).toMatchObject({ speaker: 'Lindsey Graham' });
  });

  it('does not take a leading participle clause for the statement', () => {
    const statements = extract(['Appearing on a Sunday news program, the Kansas senator said.']);
    expect(statements).toEqual([]);
  });
});

describe('people who are not the speaker', () => {
  it('does not give the statement of "a spokesman for X" to X', () => {
    const s = find(extract(['A spokesman for Zelensky said the delegation would arrive in Istanbul on Thursday.']), 'delegation would arrive');
    expect(s?.speaker).toBeNull();
    expect(s?.role).toBe('spokesman for Zelensky');
  });

  it('does not give the statement of "aides to X" to X', () => {
    const s = find(extract(['Aides to Trump said the meeting with Putin could take place in Budapest.']), 'could take place');
    expect(s?.speaker ?? null).toBeNull();
  });
});

describe('straight single quotation marks', () => {
  it('reads a statement in straight single marks', () => {
    const s = find(extract(["Peskov said: 'There are no such plans at the moment.'"]), 'no such plans');
    expect(s).toMatchObject({ speaker: 'Dmitry Peskov', kind: 'direct' });
  });

  it('does not take apostrophes for quotation marks', () => {
    const statements = extract(["Peskov said the 'Istanbul format' and Kiev's proposals were being studied by the Kremlin's experts."]);
    expect(statements).toHaveLength(1);
    expect(statements[0]!.kind).toBe('reported');
  });
});

describe('verbs that take a noun phrase', () => {
  it('keeps the verb when what follows is not a clause', () => {
    const s = find(extract(['Kremlin spokesman Dmitry Peskov emphasized Russia’s firm commitment to achieving its objectives in Ukraine.']), 'firm commitment');
    expect(s?.quote).toBe('emphasized Russia’s firm commitment to achieving its objectives in Ukraine.');
  });

  it('drops the verb when a clause follows', () => {
    const s = find(extract(['Peskov stressed Russia would continue its operation until its goals were met.']), 'continue its operation');
    expect(s?.quote).toBe('Russia would continue its operation until its goals were met.');
  });
});

describe('proposals, promises and threats', () => {
  it('reports "X proposed to …" with the verb', () => {
    const s = find(extract(['On Sunday, Putin proposed to resume direct negotiations in Istanbul.'], '2025-05-12'), 'resume direct negotiations');
    expect(s).toMatchObject({ speaker: 'Vladimir Putin', quote: 'proposed to resume direct negotiations in Istanbul.', said_on: '2025-05-11' });
  });

  it('ends a statement inside a subordinate clause at its comma', () => {
    const s = find(extract(['While Trump has threatened to impose more sanctions on Russia, he has held off on taking that step.']), 'sanctions');
    expect(s?.quote).toBe('threatened to impose more sanctions on Russia.');
  });

  it('does not report "is said to be"', () => {
    expect(extract(['Putin is said to be considering a new proposal for talks in Istanbul.'])).toEqual([]);
  });
});

describe('attribution in the middle', () => {
  const whole = 'The door to peace is open, but Moscow has to walk through it.';
  it.each([
    '“The door to peace is open,” Rutte said, “but Moscow has to walk through it.”',
    '“The door to peace is open,” said Rutte, “but Moscow has to walk through it.”',
    '“The door to peace is open,” said Mark Rutte, the NATO secretary general, “but Moscow has to walk through it.”',
    '“The door to peace is open,” Mark Rutte, the NATO secretary general, said, “but Moscow has to walk through it.”',
  ])('joins both halves of %s', (paragraph) => {
    const statements = extract(['NATO chief Mark Rutte spoke in Brussels.', paragraph]);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatchObject({ speaker: 'Mark Rutte', kind: 'direct', quote: whole });
  });

  it('ends the first part with a full stop when the second opens a new sentence', () => {
    const s = find(extract(['“We did not come here for a quick deal,” Zelensky said, “We came for a just peace.”']), 'just peace');
    expect(s?.quote).toBe('We did not come here for a quick deal. We came for a just peace.');
  });

  it('reads a quotation opened with a doubled mark', () => {
    const s = find(extract(['“We drew back from the brink that time,” Lavrov said, ""it does not mean we would do so again."']), 'do so again');
    expect(s?.quote).toBe('We drew back from the brink that time, it does not mean we would do so again.');
  });

  it('joins reported speech around ", X added,"', () => {
    const s = find(extract(['The Russian side, Erdogan added, had signalled it was open to a meeting in Istanbul.']), 'signalled');
    expect(s).toMatchObject({ speaker: 'Recep Tayyip Erdogan', kind: 'reported', quote: 'The Russian side had signalled it was open to a meeting in Istanbul.' });
  });

  it('does not join an adjunct after ", X said,"', () => {
    const s = find(extract(['The talks in Istanbul are over for now, Lavrov said, in remarks broadcast on state television.']), 'talks');
    expect(s?.quote).toBe('The talks in Istanbul are over for now.');
  });
});

describe('more attribution phrasing', () => {
  it('reads "told <listeners>: ‘…’" as the quotation alone', () => {
    const s = find(extract(['British Prime Minister Keir Starmer told the Commons: ‘We will stand with Ukraine for as long as it takes.’']), 'stand with');
    expect(s).toMatchObject({ speaker: 'Keir Starmer', kind: 'direct', quote: 'We will stand with Ukraine for as long as it takes.' });
  });

  it('reads "according to a statement from X"', () => {
    const s = find(extract(['Russia’s position on the talks had not changed, according to a statement from the Kremlin.']), 'position');
    expect(s).toMatchObject({ speaker: 'Kremlin', quote: 'Russia’s position on the talks had not changed.' });
  });

  it('reads "X, the Y, told reporters on Tuesday that…" with the role and the day', () => {
    const s = find(
      extract(['Radoslaw Sikorski, the Polish foreign minister, told reporters on Tuesday that Warsaw would keep supplying Kyiv.'], '2025-09-18'),
      'keep supplying',
    );
    expect(s).toMatchObject({ speaker: 'Radoslaw Sikorski', role: 'Polish foreign minister', said_on: '2025-09-16', quote: 'Warsaw would keep supplying Kyiv.' });
  });
});

describe('speakers named by a title and surname only', () => {
  it('takes "President Reagan" for a person, so "he said" does not fall to someone merely mentioned', () => {
    const statements = extract([
      'Welcoming Soviet leader Mikhail Gorbachev’s offer, President Reagan said the United States would present a draft treaty in Geneva.',
      '“I remain firmly committed to these objectives,” he said.',
    ]);
    expect(find(statements, 'draft treaty')?.speaker).toBe('Reagan');
    expect(find(statements, 'firmly committed')?.speaker).toBe('Reagan');
  });

  it('does not take the last word of a longer role for a surname', () => {
    const statements = extract(['Nine African countries will meet on March 11 to discuss the debt crisis, Egypt’s Minister of State for Foreign Affairs said.']);
    expect(statements.every((s) => s.speaker !== 'Affairs')).toBe(true);
  });

  it('gives "one official said" no speaker but keeps the role', () => {
    const s = find(extract(['“This is a dark day for Europe and for all of us,” said one diplomat, who asked not to be named.']), 'dark day');
    expect(s).toMatchObject({ speaker: null, role: 'diplomat' });
  });
});
