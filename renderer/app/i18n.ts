import { createI18n } from 'vue-i18n';
import { dateEnUS, dateZhCN, enUS, zhCN as naiveZhCN } from 'naive-ui';
import { en } from './locales/en';
import { zhCN, type MessageSchema } from './locales/zh-CN';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const MESSAGES: Record<Locale, MessageSchema> = { 'zh-CN': zhCN, en };

const STORAGE_KEY = 'skyfort.locale';

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: MESSAGES,
  // A missing key is a bug the translation test catches; at run time show the key, never crash.
  missingWarn: false,
  fallbackWarn: false,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Persisted per machine, so a wall keeps its language across reloads. */
export function setLocale(locale: Locale, persist = true): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  if (persist) globalThis.localStorage?.setItem(STORAGE_KEY, locale);
}

/** Naive UI's own strings and date formats follow the console's locale. */
export function naiveLocaleOf(locale: Locale) {
  return locale === 'en' ? { locale: enUS, dateLocale: dateEnUS } : { locale: naiveZhCN, dateLocale: dateZhCN };
}

/** Wall time shown in the reader's locale (Asia/Shanghai for zh-CN, product.md). */
export function formatClock(ms: number, locale: Locale = currentLocale()): string {
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    ...(locale === 'zh-CN' ? { timeZone: 'Asia/Shanghai' } : {}),
  }).format(ms);
}
