/**
 * The budget an HTML page must fit before it reaches the DOM and Readability, whose cost grows
 * with the cube of the nesting depth (measured: 400 nested <div>s 0.5 s, 800 3.4 s, 2,000 over two
 * minutes, 10,000 a stack overflow). A page nested deeper than MAX_HTML_DEPTH is flattened: tags
 * past that depth are dropped and their text kept, so the article is still read. A page with more
 * than MAX_HTML_ELEMENTS elements is refused. Within both limits the slowest page measured
 * (20,000 elements, 312 branches 64 deep) takes 1.5 s; at 38,000 elements the same shape took 7 s,
 * hence the element limit.
 */

/**
 * Deepest element nesting kept. Real news pages nest 15 to 40 deep; 64 leaves room for heavy
 * templates and keeps Readability under 0.1 s per branch.
 */
export const MAX_HTML_DEPTH = 64;

/** Most elements a page may have; a long live blog has about 10,000, a big news page 3,000 to 5,000. */
export const MAX_HTML_ELEMENTS = 20_000;

/** Elements without content or end tag. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen']);

/**
 * Elements whose start tag closes an open element of the same group (an unclosed <p> or <li>
 * does not nest), looking down the open elements as far as a container of that group.
 */
const SELF_CLOSING_GROUPS: Record<string, string> = { p: 'p', li: 'li', dt: 'd', dd: 'd', option: 'option', tr: 'tr', td: 'cell', th: 'cell' };
const GROUP_CONTAINERS = new Set(['ul', 'ol', 'dl', 'table', 'tbody', 'thead', 'tfoot', 'select', 'div', 'body', 'html', 'article', 'section', 'blockquote', 'td', 'th']);

/** Block elements whose start tag closes an open <p>, as the parser does. */
const CLOSES_P = new Set(['address', 'article', 'aside', 'blockquote', 'div', 'dl', 'fieldset', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul']);

/** Pops the open elements that the start tag of `name` closes implicitly. */
function closeImplied(stack: string[], name: string): void {
  if (CLOSES_P.has(name) && stack.at(-1) === 'p') stack.pop();
  const group = SELF_CLOSING_GROUPS[name];
  if (!group) return;
  for (let i = stack.length - 1; i >= 0; i--) {
    const open = stack[i]!;
    if (SELF_CLOSING_GROUPS[open] === group) {
      stack.length = i;
      return;
    }
    if (GROUP_CONTAINERS.has(open)) return;
  }
}

/** A tag's start: `<name` or `</name`. */
const TAG_START = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)/y;

/** Elements whose contents the parser reads as text, not markup, up to their end tag. */
const RAW_TEXT = new Map(['script', 'style', 'textarea', 'title'].map((name) => [name, new RegExp(`</${name}`, 'gi')]));

/**
 * The page within the budget (flattened when too deep), or why it is refused. One linear scan
 * with no backtracking, so a hostile page cannot make the check itself slow. Tags are found the
 * way the parser finds them, up to the next '>': a quoted '>' in an attribute makes the count
 * err on the high side, which only flattens more.
 */
export function boundHtml(html: string): { html: string; flattened: boolean } | { reason: string } {
  const stack: string[] = [];
  const dropped = new Map<string, number>();
  const out: string[] = [];
  let elements = 0;
  let flattened = false;
  let kept = 0;
  const drop = (from: number, to: number) => {
    out.push(html.slice(kept, from), ' ');
    kept = to;
    flattened = true;
  };
  let at = 0;
  for (;;) {
    const lt = html.indexOf('<', at);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) break;
      at = end + 3;
      continue;
    }
    TAG_START.lastIndex = lt;
    const match = TAG_START.exec(html);
    if (!match) {
      at = lt + 1;
      continue;
    }
    const gt = html.indexOf('>', lt + match[0].length);
    // No '>' anywhere after: no later tag can end either.
    if (gt < 0) break;
    at = gt + 1;
    const name = match[2]!.toLowerCase();
    if (!match[1]) {
      elements++;
      if (elements > MAX_HTML_ELEMENTS) {
        return { reason: `HTML page has more than ${MAX_HTML_ELEMENTS.toLocaleString('en')} elements, over the limit for one article` };
      }
      const rawTextEnd = RAW_TEXT.get(name);
      if (rawTextEnd) {
        rawTextEnd.lastIndex = at;
        const end = rawTextEnd.exec(html);
        at = end ? end.index : html.length;
        continue;
      }
      if (VOID.has(name) || html[gt - 1] === '/') continue;
      closeImplied(stack, name);
      if (stack.length >= MAX_HTML_DEPTH) {
        dropped.set(name, (dropped.get(name) ?? 0) + 1);
        drop(lt, at);
        continue;
      }
      stack.push(name);
    } else {
      const pending = dropped.get(name) ?? 0;
      if (pending > 0) {
        dropped.set(name, pending - 1);
        drop(lt, at);
        continue;
      }
      const open = stack.lastIndexOf(name);
      if (open >= 0) stack.length = open;
    }
  }
  if (!flattened) return { html, flattened };
  out.push(html.slice(kept));
  return { html: out.join(''), flattened };
}
