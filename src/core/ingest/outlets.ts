import type { OutletConfig } from '../config.js';
import { comparableText } from './normalize.js';

/** Known news outlets: how to recognise them by domain or by the name a page writes. */
export interface OutletDirectory {
  /** Display name for a host name (sub-domains included), or null if unknown. */
  byDomain(host: string): string | null;
  /** Display name for a name written on a page ("Bloomberg News", "TRT World and Agencies"), or null. */
  byName(text: string): string | null;
}

/** Builds a directory from a list of outlets (CoreConfig's `outlets`; see config/outlets.json). */
export function createOutletDirectory(outlets: readonly OutletConfig[]): OutletDirectory {
  const domains = new Map<string, string>();
  const names: Array<[string, string]> = [];
  for (const outlet of outlets) {
    for (const domain of outlet.domains) domains.set(domain.toLowerCase().replace(/^www\./, ''), outlet.name);
    for (const alias of [outlet.name, ...outlet.aliases]) {
      const key = comparableText(alias);
      if (key) names.push([key, outlet.name]);
    }
  }
  // Longest alias first so "trt haber" wins over a shorter alias that is its prefix.
  names.sort((a, b) => b[0].length - a[0].length);
  return {
    byDomain(host) {
      let h = host.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
      for (;;) {
        const hit = domains.get(h);
        if (hit) return hit;
        const dot = h.indexOf('.');
        if (dot < 0 || h.indexOf('.', dot + 1) < 0) return null;
        h = h.slice(dot + 1);
      }
    },
    byName(text) {
      const key = comparableText(text);
      if (!key) return null;
      for (const [alias, name] of names) {
        if (key === alias || key.startsWith(alias + ' ')) return name;
      }
      return null;
    },
  };
}

/** Host name of a URL without "www.", or null when it is not an http(s) URL. */
export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.hostname.toLowerCase().replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
