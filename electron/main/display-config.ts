import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from './logger.js';

/** Lives in the app's user-data folder (e.g. ~/.config/skyfort on Linux). */
export const DISPLAY_CONFIG_FILE = 'skyfort-displays.json';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const Locale = z.enum(['zh-CN', 'en']);
/** A wall view's route name (`#/wall/<view>`); null puts the operator desk on that display. */
const View = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a wall view name such as "overview"');

/**
 * The control-room sound on this display (issue #6): whether it rings and how loud. Unset means
 * the console's own default (on, at 0.7); a wall in a room with several screens usually rings on
 * one of them only.
 */
const Sound = z.strictObject({
  enabled: z.boolean().default(true),
  volume: z.number().min(0).max(1).default(0.7),
});

const ScreenFields = {
  view: View.nullable(),
  locale: Locale.nullable(),
  /** Kiosk: full screen with no way out through the window manager (a wall nobody sits at). */
  kiosk: z.boolean(),
  fullscreen: z.boolean(),
};

const Defaults = z.strictObject({
  view: ScreenFields.view.default('overview'),
  locale: ScreenFields.locale.default(null),
  kiosk: ScreenFields.kiosk.default(false),
  fullscreen: ScreenFields.fullscreen.default(true),
  sound: Sound.optional(),
});

/** A physical display picked by Electron's display id, its label (the monitor's name), or its index. */
const Match = z.union([
  z.strictObject({ id: z.number().int() }),
  z.strictObject({ label: z.string().min(1) }),
  z.strictObject({ index: z.number().int().min(0) }),
]);

const DisplayEntry = z.strictObject({
  match: Match,
  view: ScreenFields.view.optional(),
  locale: ScreenFields.locale.optional(),
  kiosk: ScreenFields.kiosk.optional(),
  fullscreen: ScreenFields.fullscreen.optional(),
  sound: Sound.optional(),
});

const RemoteUrl = z
  .url({ protocol: /^https?$/ })
  .refine((u) => new URL(u).protocol === 'https:' || LOOPBACK.has(new URL(u).hostname), {
    // Electron security checklist #1, Only load secure content: plain http only on this machine.
    message: 'a remote aggregator must use https (http only on 127.0.0.1 / localhost)',
  })
  .transform((u) => new URL(u).origin);

const Aggregator = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('bundled'), simulate: z.boolean().default(true) }),
  z.strictObject({
    mode: z.literal('remote'),
    url: RemoteUrl,
    /** A display credential issued by that aggregator (`sfd_…`), read-only and revocable. */
    displayToken: z.string().regex(/^sfd_[A-Za-z0-9_-]{43}$/, 'a display credential (sfd_ followed by 43 characters)'),
  }),
]);

export const DisplayConfigSchema = z.strictObject({
  version: z.literal(1).default(1),
  aggregator: Aggregator.prefault({ mode: 'bundled' }),
  /** What a display shows when no entry below matches it. */
  defaults: Defaults.prefault({}),
  displays: z.array(DisplayEntry).max(64).default([]),
});

export type DisplayConfig = z.infer<typeof DisplayConfigSchema>;
export type AggregatorChoice = DisplayConfig['aggregator'];
export type ScreenAssignment = DisplayConfig['defaults'];

export const DEFAULT_DISPLAY_CONFIG: DisplayConfig = DisplayConfigSchema.parse({});

/** What the shell knows of a physical display when matching it to an entry. */
export interface PhysicalDisplay {
  id: number;
  label: string;
  /** Position in screen.getAllDisplays(). */
  index: number;
}

/**
 * Reads the display configuration. A missing file is written with the defaults so there is
 * something to edit; a file that cannot be read or does not validate is logged with the reason
 * and left alone for a person to fix, and the wall runs on the defaults: never a crash.
 */
export function loadDisplayConfig(file: string, logger: Logger): DisplayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger.error('display config unreadable; using defaults', { file, reason: (err as Error).message });
      return DEFAULT_DISPLAY_CONFIG;
    }
    writeDefaults(file, logger);
    return DEFAULT_DISPLAY_CONFIG;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    logger.error('display config is not valid JSON; using defaults', { file, reason: (err as Error).message });
    return DEFAULT_DISPLAY_CONFIG;
  }
  const parsed = DisplayConfigSchema.safeParse(json);
  if (!parsed.success) {
    logger.error('display config is invalid; using defaults', { file, reason: z.prettifyError(parsed.error) });
    return DEFAULT_DISPLAY_CONFIG;
  }
  return parsed.data;
}

function writeDefaults(file: string, logger: Logger): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(DEFAULT_DISPLAY_CONFIG, null, 2)}\n`, { flag: 'wx' });
    logger.info('display config written with defaults', { file });
  } catch (err) {
    logger.warn('display config could not be written; using defaults', { file, reason: (err as Error).message });
  }
}

/**
 * The entry for a display, most specific match first (id, then label, then index), merged over
 * the defaults field by field.
 */
export function assignmentFor(config: DisplayConfig, display: PhysicalDisplay): ScreenAssignment {
  const entries = config.displays;
  const entry =
    entries.find((e) => 'id' in e.match && e.match.id === display.id) ??
    entries.find((e) => 'label' in e.match && e.match.label === display.label) ??
    entries.find((e) => 'index' in e.match && e.match.index === display.index);
  const merged: ScreenAssignment = { ...config.defaults };
  if (entry?.view !== undefined) merged.view = entry.view;
  if (entry?.locale !== undefined) merged.locale = entry.locale;
  if (entry?.kiosk !== undefined) merged.kiosk = entry.kiosk;
  if (entry?.fullscreen !== undefined) merged.fullscreen = entry.fullscreen;
  if (entry?.sound !== undefined) merged.sound = entry.sound;
  return merged;
}
