/** The slash commands as data: what deploy-commands registers and the bot handles. */
import { describe, expect, test } from 'vitest';
import { COMMAND_NAMES, commandDefinitions } from '../../../src/adapters/discord/commands.js';
import { OPTION_STRING_MAX_LENGTH } from '../../../src/adapters/discord/limits.js';

describe('command definitions', () => {
  const byName = new Map(commandDefinitions.map((c) => [c.name, c]));

  test('define every command the bot handles', () => {
    expect([...byName.keys()].sort()).toEqual(['ask', 'forget', 'help', 'latest', 'report', 'sources', 'subscribe', 'subscriptions', 'unsubscribe']);
  });

  test('/ask requires a question; /latest offers speaker autocomplete, a topic and a limit of 1 to 10', () => {
    expect(byName.get('ask')!.options).toMatchObject([{ name: 'question', required: true }]);
    expect(byName.get('latest')!.options).toMatchObject([
      { name: 'speaker', autocomplete: true },
      { name: 'topic' },
      { name: 'limit', min_value: 1, max_value: 10 },
    ]);
  });

  test('/subscribe and /unsubscribe default to members with Manage Channels', () => {
    expect(byName.get('subscribe')!.default_member_permissions).toBe('16');
    expect(byName.get('unsubscribe')!.default_member_permissions).toBe('16');
  });
});

describe('command definitions, more', () => {
  const byName = new Map(commandDefinitions.map((c) => [c.name, c]));

  test('are exactly the names the bot routes on, each with a description Discord accepts (1 to 100 characters)', () => {
    expect([...byName.keys()].sort()).toEqual(Object.values(COMMAND_NAMES).sort());
    for (const c of commandDefinitions) expect(c.description.length, c.name).toBeGreaterThan(0);
    for (const c of commandDefinitions) expect(c.description.length, c.name).toBeLessThanOrEqual(100);
  });

  test('cap /ask’s question at our own limit, and /report at members with Manage Server, in servers only', () => {
    expect(byName.get('ask')!.options).toMatchObject([{ max_length: OPTION_STRING_MAX_LENGTH }]);
    expect(byName.get('report')).toMatchObject({ default_member_permissions: '32', contexts: [0] });
  });

  test('let every other command be used in servers, DMs with the bot and private channels', () => {
    for (const c of commandDefinitions.filter((d) => d.name !== 'report')) expect(c.contexts, c.name).toEqual([0, 1, 2]);
  });
});
