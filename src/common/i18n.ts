import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../../config/configuration.js';
import type { Params } from './errors.js';
import { PROJECT_ROOT } from './project-root.js';

export const LOCALES: readonly Locale[] = ['id', 'en'];
type Tree = { [key: string]: string | Tree };

/** Each feature keeps its own file: src/i18n/locales/<locale>/<namespace>.json, keys read as `namespace.key`. */
function loadLocale(locale: Locale): Map<string, string> {
  const flat = new Map<string, string>();
  const dir = join(PROJECT_ROOT, 'src/i18n/locales', locale);
  const walk = (prefix: string, tree: Tree) => {
    for (const [key, value] of Object.entries(tree)) {
      if (typeof value === 'string') flat.set(`${prefix}${key}`, value);
      else walk(`${prefix}${key}.`, value);
    }
  };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    walk(`${file.slice(0, -5)}.`, JSON.parse(readFileSync(join(dir, file), 'utf8')) as Tree);
  }
  return flat;
}

const catalogs = new Map<Locale, Map<string, string>>(LOCALES.map((l) => [l, loadLocale(l)]));

export function hasTranslation(locale: Locale, key: string): boolean {
  return catalogs.get(locale)!.has(key);
}

/** Translates `key` with `{name}` placeholders; falls back to Indonesian, then to the key itself. */
export function translate(locale: Locale, key: string, params: Params = {}): string {
  const template = catalogs.get(locale)!.get(key) ?? catalogs.get('id')!.get(key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'object' && value !== null ? String(value[locale] ?? value.id) : String(value);
  });
}

export type Translator = (key: string, params?: Params) => string;

export const translator = (locale: Locale): Translator => (key, params) => translate(locale, key, params);

export function isLocale(value: unknown): value is Locale {
  return value === 'id' || value === 'en';
}

/** Picks the first supported language of an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | null {
  if (!header) return null;
  const ranked = header.split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { lang: tag.toLowerCase().slice(0, 2), q: q === undefined ? 1 : Number(q) };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  const match = ranked.find((entry) => isLocale(entry.lang));
  return match ? (match.lang as Locale) : null;
}
