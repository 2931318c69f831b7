// The language loader: English is always here (every other language falls back to it); another language's file is
// loaded on first use. The choice is remembered in localStorage; the first visit follows the browser.

import en from '../i18n/en.js';

const LOADERS = { 'zh-TW': () => import('../i18n/zh-TW.js') };
const STORAGE_KEY = 'cm.lang';
const loaded = { en };

function storage() {
  try {
    return globalThis.localStorage || null;
  } catch {
    return null;
  }
}

export function pickLanguage(saved, browserLanguages = []) {
  if (saved && (saved === 'en' || LOADERS[saved])) return saved;
  for (const lang of browserLanguages) if (/^zh\b/i.test(lang)) return 'zh-TW';
  return 'en';
}

export function format(template, params) {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, key) => (params[key] == null ? m : String(params[key])));
}

/** A message is a string, or {one, other, ...} chosen by params.count with the language's plural rules. */
export function resolve(message, params, language) {
  if (message == null || typeof message === 'string') return message;
  const count = Number(params?.count ?? 0);
  const rule = new Intl.PluralRules(language).select(count);
  return message[rule] ?? message.other;
}

export const i18n = {
  languages: [
    ['en', 'English'],
    ['zh-TW', '繁體中文'],
  ],
  language: 'en',
  /** Loads the language's messages (once), then makes it current and remembers it. */
  async use(lang, { remember = true } = {}) {
    const code = pickLanguage(lang);
    if (!loaded[code]) loaded[code] = (await LOADERS[code]()).default;
    this.language = code;
    if (remember) storage()?.setItem(STORAGE_KEY, code);
  },
  /** The language of the first visit or the one remembered, loaded. */
  start() {
    const code = pickLanguage(storage()?.getItem(STORAGE_KEY), globalThis.navigator?.languages || []);
    return this.use(code, { remember: false });
  },
};

/** The message for key in the current language (English, then the fallback or key, when missing). */
export function t(key, params, fallback) {
  const messages = loaded[i18n.language] || en;
  const message = resolve(messages[key], params, i18n.language) ?? resolve(en[key], params, 'en');
  return format(message ?? fallback ?? key, params);
}

/** Whether a key exists (for values from the server that may or may not have a translation). */
export function has(key) {
  return key in en;
}

/** A value from the server (a state, a job type, an audit action ...) in words, or as it came when unknown. */
export function term(prefix, value) {
  if (value == null || value === '') return '';
  return t(`${prefix}.${value}`, null, String(value));
}
