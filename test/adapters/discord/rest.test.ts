import { describe, expect, test } from 'vitest';
import { restApiBase } from '../../../src/adapters/discord/rest.js';

describe('restApiBase', () => {
  test('drops trailing slashes and the API version, which @discordjs/rest adds itself', () => {
    expect(restApiBase('http://127.0.0.1:4000/api/v10')).toBe('http://127.0.0.1:4000/api');
    expect(restApiBase('http://127.0.0.1:4000/api/v9/')).toBe('http://127.0.0.1:4000/api');
    expect(restApiBase('https://discord.example/api///')).toBe('https://discord.example/api');
  });

  test('leaves a base without a version as it is, and keeps "v" words that are not a version', () => {
    expect(restApiBase('http://127.0.0.1:4000/api')).toBe('http://127.0.0.1:4000/api');
    expect(restApiBase('http://127.0.0.1:4000/api/vnext')).toBe('http://127.0.0.1:4000/api/vnext');
    expect(restApiBase('http://127.0.0.1:4000/v10/api')).toBe('http://127.0.0.1:4000/v10/api');
  });

  test('is undefined when DISCORD_API_URL is not set (Discord’s own API is used)', () => {
    expect(restApiBase(undefined)).toBeUndefined();
  });
});
