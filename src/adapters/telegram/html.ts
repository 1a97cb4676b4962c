import { MESSAGE_MAX_LENGTH } from './limits.js';

/**
 * Makes any text safe to put in a Telegram HTML message, as element text or as an attribute value.
 * Escapes `&`, `<`, `>` and `"`, replaces lone UTF-16 surrogates (Telegram rejects text that is not
 * valid UTF-8) with U+FFFD and drops control characters other than tab and newline.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `<a href="…">text</a>` for an http(s) URL; just the escaped text for anything else (or no URL). */
export function htmlLink(text: string, url: string | null | undefined): string {
  if (!url || !/^https?:\/\/\S+$/i.test(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;
}

/** The smallest pieces of Telegram HTML a split may fall between. */
interface Atom {
  raw: string;
  kind: 'open' | 'close' | 'newline' | 'space' | 'text';
  /** Tag name, for open and close tags. */
  name?: string;
}

const ATOM_PATTERN =
  /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?>|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);|\n|[ \t]|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;

function atomsOf(html: string): Atom[] {
  const atoms: Atom[] = [];
  for (const [raw] of html.matchAll(ATOM_PATTERN)) {
    if (raw.length > 1 && raw.startsWith('<')) {
      const name = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(raw)![1]!.toLowerCase();
      atoms.push({ raw, kind: raw.startsWith('</') ? 'close' : 'open', name });
    } else if (raw === '\n') atoms.push({ raw, kind: 'newline' });
    else if (raw === ' ' || raw === '\t') atoms.push({ raw, kind: 'space' });
    else atoms.push({ raw, kind: 'text' });
  }
  return atoms;
}

/** A place the current chunk could end: before atom `index`, which is dropped (a newline or space). */
interface BreakPoint {
  index: number;
  open: Atom[];
}

const closers = (open: readonly Atom[]) => open.map((a) => `</${a.name}>`).reverse().join('');
const openers = (open: readonly Atom[]) => open.map((a) => a.raw).join('');

/**
 * Splits a Telegram HTML message into messages of at most `limit` characters. Splits at the last
 * line break that fits; a single line longer than the limit is split at its last space that fits,
 * or between two characters when it has none. Never splits inside a tag, an entity or a surrogate
 * pair; elements open at a split are closed at the end of one part and reopened at the start of the
 * next, so every part is valid HTML on its own. Parts with no visible text are dropped.
 */
export function splitTelegramHtml(html: string, limit: number = MESSAGE_MAX_LENGTH): string[] {
  const parts: string[] = [];
  const pending = atomsOf(html);
  let start: Atom[] = [];
  let atoms: Atom[] = [];
  let open: Atom[] = [];
  let length = 0;
  let lineBreaks: BreakPoint[] = [];
  let spaces: BreakPoint[] = [];

  const emit = (text: string) => {
    if (text.replace(/<[^>]*>/g, '').trim() !== '') parts.push(text);
  };

  let next = 0;
  while (next < pending.length) {
    const atom = pending[next]!;
    const after = atom.kind === 'open' ? [...open, atom] : atom.kind === 'close' ? withoutLast(open, atom.name!) : open;
    const prefix = openers(start);
    const needed = prefix.length + length + atom.raw.length + closers(after).length;
    if (needed > limit && atoms.length > 0) {
      const cut = lineBreaks.at(-1) ?? spaces.at(-1) ?? { index: atoms.length, open };
      const dropsBreak = cut.index < atoms.length;
      emit(prefix + atoms.slice(0, cut.index).map((a) => a.raw).join('') + closers(cut.open));
      const rest = atoms.slice(dropsBreak ? cut.index + 1 : cut.index);
      pending.splice(next, 0, ...rest);
      pending.splice(0, next);
      next = 0;
      start = cut.open;
      open = cut.open;
      atoms = [];
      length = 0;
      lineBreaks = [];
      spaces = [];
      continue;
    }
    if (atom.kind === 'newline') lineBreaks.push({ index: atoms.length, open });
    if (atom.kind === 'space') spaces.push({ index: atoms.length, open });
    atoms.push(atom);
    length += atom.raw.length;
    open = after;
    next += 1;
  }
  emit(openers(start) + atoms.map((a) => a.raw).join('') + closers(open));
  return parts;
}

/** The open elements after closing `name`: the innermost open element of that name is removed. */
function withoutLast(open: readonly Atom[], name: string): Atom[] {
  const at = open.map((a) => a.name).lastIndexOf(name);
  return at === -1 ? [...open] : [...open.slice(0, at), ...open.slice(at + 1)];
}
