import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_MORE_SOURCES } from '../../../src/service/index.js';
import { makeHostileCorpus, OUTSIDE_MARKER, type HostileCorpus } from '../../fixtures/hostile/index.js';
import { assertBuilt, bin, root, runCli, seeds } from '../../support/cli.js';

// The reproductions of issue 13, run as a user would with the built CLI: every one exits 0,
// the other articles are served, the bad file is named with a reason, and nothing outside the
// corpus folder ever appears in any output or is copied.

let work: string;
let hostile: HostileCorpus;
let dataDir: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(path.join(tmpdir(), 'cli-hostile-'));
  hostile = makeHostileCorpus(work);
  dataDir = path.join(work, 'data');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const env = () => ({ CORPUS_DIR: hostile.corpus, DATA_DIR: dataDir });
const seedIds = readdirSync(seeds).map((n) => path.basename(n, '.txt'));

// Each test spawns the CLI one to three times; on a busy 2-core machine a spawn takes seconds.
const SPAWNING = { timeout: 120_000 };

describe('the CLI over a corpus folder of hostile files', SPAWNING, () => {
  it('lists the good articles, names each bad file with a reason, and shows nothing from outside', async () => {
    const run = await runCli(['articles', '--json'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const ids = (JSON.parse(run.stdout) as Array<{ article: string }>).map((a) => a.article);
    expect(ids).toEqual(expect.arrayContaining([...seedIds, 'windows-1252', 'utf16le-bom', 'deep-2000', 'deep-10000']));
    for (const [name, outcome] of Object.entries(hostile.expected)) {
      if (outcome !== 'article') expect(run.stderr).toContain(`coverage-bot: skipped ${name}: `);
    }
    for (const text of [run.stdout, run.stderr]) {
      expect(text).not.toContain(OUTSIDE_MARKER);
      expect(text).not.toContain('root:x:0:0');
    }
  });

  it('answers every command over it with exit 0 (ask, latest, speakers)', async () => {
    for (const args of [['ask', 'What did Peskov say about Istanbul?'], ['latest', '--limit', '3'], ['speakers']]) {
      const run = await runCli(args, { env: env() });
      expect(run.code, `${args[0]}: ${run.stderr}`).toBe(0);
      expect(run.stdout).not.toContain(OUTSIDE_MARKER);
    }
  });

  it('ingests a folder holding links: copies the regular files only, names the links', async () => {
    const inbox = path.join(work, 'inbox');
    const target = path.join(work, 'target');
    mkdirSync(inbox);
    mkdirSync(target);
    symlinkSync(path.join(hostile.outside, 'secret.txt'), path.join(inbox, 's.md'));
    if (existsSync('/etc/shadow')) symlinkSync('/etc/shadow', path.join(inbox, 'shadow.md'));
    copyFileSync(path.join(seeds, '000_4febd3ada957fb7c.txt'), path.join(inbox, 'good.txt'));
    const run = await runCli(['ingest', inbox, '--corpus', target], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/skipped {4}\S+s\.md: is a symbolic link; ingest copies regular files only/);
    expect(readdirSync(target).sort()).toEqual(['good.meta.json', 'good.txt']);
    for (const name of readdirSync(target)) {
      expect(lstatSync(path.join(target, name)).isFile()).toBe(true);
      expect(readFileSync(path.join(target, name), 'utf8')).not.toContain(OUTSIDE_MARKER);
    }
  });

  it('answers correctly, with a note, after a bit of the snapshot header flips', async () => {
    const data = path.join(work, 'data-flip');
    const question = 'What did Peskov say about Istanbul?';
    const first = await runCli(['ask', question, '--json', '--corpus', seeds], { env: { DATA_DIR: data } });
    const file = path.join(data, 'index', readdirSync(path.join(data, 'index'))[0]!);
    const bytes = readFileSync(file);
    const at = bytes.indexOf('index.postingStart') + 7;
    bytes[at] = bytes[at]! ^ 0x02;
    writeFileSync(file, bytes);
    const second = await runCli(['ask', question, '--json', '--corpus', seeds], { env: { DATA_DIR: data } });
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/note: index snapshot is unreadable; rebuilding it \(header checksum mismatch\)/);
    expect(second.stdout).toBe(first.stdout);
  });
});

describe('smaller CLI behaviours of issue 13', SPAWNING, () => {
  it('answers a question with a terminal escape sequence before it as the plain question', async () => {
    const plain = await runCli(['ask', 'What did Peskov say about Istanbul?', '--json']);
    const escaped = await runCli(['ask', '\u001b[31mWhat did Peskov say about Istanbul?\u001b[0m', '--json']);
    expect(JSON.parse(escaped.stdout).answer).toBe(JSON.parse(plain.stdout).answer);
    expect(JSON.parse(escaped.stdout).confident).toBe(true);
  });

  it('keeps to MAX_QUESTION_LENGTH (default 500)', async () => {
    const long = `${'What did the Kremlin say '.repeat(24)}?`;
    expect(long.length).toBeGreaterThan(500);
    const run = await runCli(['ask', long]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/at most 500 characters/);
    const short = await runCli(['ask', 'What did Peskov say about Istanbul?'], { env: { MAX_QUESTION_LENGTH: '20' } });
    expect(short.stderr).toMatch(/at most 20 characters/);
  });

  it('reports a configuration error once prefixed, with a pointer to .env.example', async () => {
    const run = await runCli(['articles'], { env: { RATE_LIMIT_PER_MINUTE: 'lots' } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('coverage-bot: invalid configuration:\n  - RATE_LIMIT_PER_MINUTE: must be a whole number\nSee .env.example for every variable and its format.\n');
  });

  it('lists `latest --topic` newest first, as documented', async () => {
    const run = await runCli(['latest', '--topic', 'Istanbul talks', '--limit', '8', '--json']);
    const days = (JSON.parse(run.stdout) as Array<{ said_on: string | null; published: string | null }>).map((s) => s.said_on ?? s.published ?? '');
    expect(days.length).toBeGreaterThan(2);
    expect(days).toEqual([...days].sort().reverse());
  });

  it('says there are no other sources when "more" runs out', async () => {
    const input = `What did Peskov say about Istanbul?\n${'more\n'.repeat(30)}`;
    const run = await runCli(['chat'], { input });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(NO_MORE_SOURCES);
  });

  it('ingests into DATA_DIR/corpus by default, never into seeds/, and serves the seeds plus it', async () => {
    const data = path.join(work, 'data-default');
    const seedsBefore = readdirSync(seeds).sort();
    const ingest = await runCli(['ingest', path.join(root, 'test/fixtures/hostile/windows-1252.html')], { env: { CORPUS_DIR: '', DATA_DIR: data } });
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(readdirSync(path.join(data, 'corpus')).sort()).toEqual(['windows-1252.html', 'windows-1252.meta.json']);
    expect(readdirSync(seeds).sort()).toEqual(seedsBefore);
    const articles = await runCli(['articles', '--json'], { env: { CORPUS_DIR: '', DATA_DIR: data } });
    expect((JSON.parse(articles.stdout) as Array<{ article: string }>).map((a) => a.article).sort()).toEqual([...seedIds, 'windows-1252'].sort());
    // A seed ingested again is already there.
    const again = await runCli(['ingest', path.join(seeds, `${seedIds[0]}.txt`), '--json'], { env: { CORPUS_DIR: '', DATA_DIR: data } });
    expect(JSON.parse(again.stdout)).toMatchObject({ added: [], duplicates: [{ existing: seedIds[0] }] });
  });

  it('picks up an article ingested while the terminal chat runs', async () => {
    const corpus = path.join(work, 'chat-corpus');
    mkdirSync(corpus);
    for (const name of readdirSync(seeds)) copyFileSync(path.join(seeds, name), path.join(corpus, name));
    const child = spawn(process.execPath, [bin, 'chat'], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', CORPUS_DIR: corpus, DATA_DIR: path.join(work, 'data-chat') },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const question = 'What will the new icebreaker be named?';
    const answered = async (pattern: RegExp, ms: number) => {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        const seen = stdout.length;
        child.stdin.write(`${question}\n`);
        while (stdout.length === seen && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
        if (pattern.test(stdout.slice(seen))) return true;
        await new Promise((r) => setTimeout(r, 300));
      }
      return false;
    };
    try {
      expect(await answered(/does not say/, 30_000)).toBe(true);
      const inbox = path.join(work, 'chat-inbox');
      mkdirSync(inbox);
      writeFileSync(
        path.join(inbox, 'icebreaker.txt'),
        'Tromsø names its new icebreaker\n\nThe harbour master of Tromsø said on Friday that the new icebreaker would be named Polar Lynx. It enters service in the autumn.\n',
      );
      const ingest = await runCli(['ingest', inbox, '--corpus', corpus]);
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(await answered(/Polar Lynx/, 45_000)).toBe(true);
    } finally {
      child.stdin.end();
      child.kill();
    }
  }, 150_000);
});
