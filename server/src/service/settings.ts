import { allCodes, type Code } from './diagnostics';

export type SeverityLevel = 'error' | 'warning' | 'information' | 'hint' | 'ignore';
const LEVELS: readonly SeverityLevel[] = ['error', 'warning', 'information', 'hint', 'ignore'];

export interface Settings {
  /** "auto" or a Postfix release such as "3.7" or "3.7.11" */
  targetVersion: string;
  severity: Partial<Record<Code, SeverityLevel>>;
  /** formatting lays out restriction lists one restriction per line */
  restrictionsOnePerLine: boolean;
  /** inlay hints with expanded values and overridden defaults */
  inlayHints: boolean;
  /** mail logs read for the counts over restrictions and the report (paths; .gz allowed) */
  logFiles: string[];
  /** the main.cf that produced the logs; empty: the one open or in the workspace */
  logConfig: string;
  /** counts from the logs over the restrictions of main.cf */
  logCodeLens: boolean;
}

export const DEFAULT_LOG_FILES: readonly string[] = ['/var/log/mail.log'];

export const defaultSettings: Settings = {
  targetVersion: 'auto',
  severity: {},
  restrictionsOnePerLine: false,
  inlayHints: false,
  logFiles: [...DEFAULT_LOG_FILES],
  logConfig: '',
  logCodeLens: true,
};

/**
 * The settings the server reads, as VS Code contributes them; package.json
 * must declare the same (a test compares them).
 */
export const settingsSchema = {
  'postfix.targetVersion': {
    type: 'string',
    default: 'auto',
    scope: 'resource',
    pattern: '^(auto|\\d+\\.\\d+(\\.\\d+)?)$',
    markdownDescription:
      'Postfix release to check against, e.g. `3.7` or `3.7.11`: the patch level matters for features back-ported to older releases, and `3.7` means `3.7.0`. `auto` asks the installed `postconf` for its full version (trusted workspaces only) and otherwise assumes the newest release the extension knows.',
  },
  'postfix.diagnostics.severity': {
    type: 'object',
    default: {},
    scope: 'resource',
    propertyNames: { enum: allCodes },
    additionalProperties: { type: 'string', enum: LEVELS },
    markdownDescription: 'Severity per diagnostic code, e.g. `{ "unknown-parameter": "error", "duplicate-parameter": "ignore" }`.',
  },
  'postfix.format.restrictionsOnePerLine': {
    type: 'boolean',
    default: false,
    scope: 'resource',
    markdownDescription:
      'When formatting, put each restriction of an `smtpd_*_restrictions` list (with its argument) on a line of its own. Lists with comments inside are left as they are.',
  },
  'postfix.inlayHints.enabled': {
    type: 'boolean',
    default: false,
    scope: 'resource',
    markdownDescription: 'Show, after each value, what its `$names` expand to and the default the line overrides.',
  },
  'postfix.log.files': {
    type: 'array',
    items: { type: 'string' },
    default: DEFAULT_LOG_FILES,
    scope: 'machine-overridable',
    markdownDescription:
      'Mail logs read for the counts shown over the restrictions of main.cf and for "Postfix: Analyze mail log": plain or gzip-compressed rotated files, e.g. `["/var/log/mail.log", "/var/log/mail.log.1", "/var/log/mail.log.2.gz"]`. They are only read, never written. An untrusted workspace cannot change this setting.',
  },
  'postfix.log.config': {
    type: 'string',
    default: '',
    scope: 'machine-overridable',
    markdownDescription:
      'The `main.cf` whose restrictions wrote the mail log, used to name the restriction and line behind each reject. Empty: the `main.cf` open in the editor, else the one at the top of a workspace folder, else `/etc/postfix/main.cf`. An untrusted workspace cannot change this setting.',
  },
  'postfix.log.codeLens': {
    type: 'boolean',
    default: true,
    scope: 'resource',
    markdownDescription:
      'Show over each restriction of `main.cf` how often it rejected in the logs of `postfix.log.files` (and what a `warn_if_reject` trial would have rejected).',
  },
  'postfix.postconfPath': {
    type: 'string',
    default: 'postconf',
    scope: 'machine',
    markdownDescription:
      'The `postconf` program used to find the installed Postfix version and to show the effective configuration. Machine setting: a workspace cannot change it.',
  },
  'postfix.postmapPath': {
    type: 'string',
    default: 'postmap',
    scope: 'machine',
    markdownDescription: 'The `postmap` program that "Postfix: Run postmap on this table" runs. Machine setting: a workspace cannot change it.',
  },
  'postfix.postaliasPath': {
    type: 'string',
    default: 'postalias',
    scope: 'machine',
    markdownDescription:
      'The `postalias` program that rebuilds an aliases table from the quick fix of a stale aliases file. Machine setting: a workspace cannot change it.',
  },
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Settings from a client: missing, null or malformed parts fall back to the defaults. */
export function normalizeSettings(raw: unknown): Settings {
  const postfix = isRecord(raw) ? raw : {};
  const target = postfix.targetVersion;
  const severity: Partial<Record<Code, SeverityLevel>> = {};
  const diagnostics = isRecord(postfix.diagnostics) ? postfix.diagnostics : {};
  const levels = isRecord(diagnostics.severity) ? diagnostics.severity : {};
  for (const [code, level] of Object.entries(levels)) {
    if ((allCodes as string[]).includes(code) && LEVELS.includes(level as SeverityLevel)) {
      severity[code as Code] = level as SeverityLevel;
    }
  }
  const format = isRecord(postfix.format) ? postfix.format : {};
  const log = isRecord(postfix.log) ? postfix.log : {};
  return {
    targetVersion: typeof target === 'string' && /^(auto|\d+\.\d+(\.\d+)?)$/.test(target) ? target : 'auto',
    severity,
    restrictionsOnePerLine: format.restrictionsOnePerLine === true,
    inlayHints: isRecord(postfix.inlayHints) && postfix.inlayHints.enabled === true,
    logFiles: Array.isArray(log.files) ? log.files.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [...DEFAULT_LOG_FILES],
    logConfig: typeof log.config === 'string' ? log.config.trim() : '',
    logCodeLens: log.codeLens !== false,
  };
}
