import data from './generated/restrictions.json';
import { flag, nullable, object, oneOf, optional, readData, recordOf, text } from './jsonData';
import { suggester } from './suggest';

/** What follows a restriction name in the list. */
export type RestrictionArgument = 'none' | 'table' | 'dns-list' | 'policy-service' | 'seconds' | 'next-restriction';

/**
 * The SMTP stage whose data a restriction inspects; 'generic' needs none,
 * 'auth' an AUTH login (after EHLO), 'tls' a TLS handshake (STARTTLS, after EHLO).
 */
export type RestrictionData = 'generic' | 'client' | 'helo' | 'tls' | 'auth' | 'sender' | 'recipient' | 'etrn';

export interface RestrictionInfo {
  name: string;
  argument: RestrictionArgument;
  argumentText?: string;
  data: RestrictionData;
  /** the smtpd_*_restrictions parameter whose documentation describes it */
  documentedIn?: string;
  since?: string;
  replacement?: string | null;
  /** an old name, still accepted, renamed in that release */
  renamedIn?: string;
  removedIn?: string;
  warnSince?: string;
  /** accepted by smtpd for its own use, not documented for lists */
  internal?: boolean;
  summary: string;
}

type Entry = Omit<RestrictionInfo, 'name'>;

const ENTRY = object<Entry>({
  argument: oneOf('none', 'table', 'dns-list', 'policy-service', 'seconds', 'next-restriction'),
  argumentText: optional(text),
  data: oneOf('generic', 'client', 'helo', 'tls', 'auth', 'sender', 'recipient', 'etrn'),
  documentedIn: optional(text),
  since: optional(text),
  replacement: optional(nullable(text)),
  renamedIn: optional(text),
  removedIn: optional(text),
  warnSince: optional(text),
  internal: optional(flag),
  summary: text,
});

export const restrictions: ReadonlyMap<string, RestrictionInfo> = new Map(
  Object.entries(readData('generated/restrictions.json', data, recordOf(ENTRY))).map(([name, e]) => [name, { name, ...e }]),
);

/** smtpd compares restriction names without regard to case. */
export const restrictionNamed = (name: string): RestrictionInfo | undefined => restrictions.get(name.toLowerCase());

/** Current names only: what completion and did-you-mean offer. */
export const currentRestrictionNames: readonly string[] = [...restrictions.values()]
  .filter((r) => r.replacement === undefined && !r.removedIn && !r.internal)
  .map((r) => r.name);

export const suggestRestriction = suggester(currentRestrictionNames);

/** The SMTP stage of each list parameter, in the order a session reaches them. */
export const STAGES = ['client', 'helo', 'sender', 'relay', 'recipient', 'data', 'end_of_data', 'etrn'] as const;
export type Stage = (typeof STAGES)[number];

export const stageParameter = (stage: Stage): string => `smtpd_${stage}_restrictions`;

export function stageOf(parameter: string): Stage | undefined {
  const m = /^smtpd_(client|helo|sender|relay|recipient|data|end_of_data|etrn)_restrictions$/.exec(parameter);
  return m ? (m[1] as Stage) : undefined;
}

/** The data each stage has, when smtpd_delay_reject = no makes lists run at their own command. */
export const DATA_AVAILABLE: Record<Stage, readonly RestrictionData[]> = {
  // TLS too when smtpd_tls_wrappermode = yes: the restriction check looks at that
  client: ['generic', 'client'],
  // the EHLO that follows STARTTLS runs the list again
  helo: ['generic', 'client', 'helo', 'tls'],
  sender: ['generic', 'client', 'helo', 'tls', 'auth', 'sender'],
  relay: ['generic', 'client', 'helo', 'tls', 'auth', 'sender', 'recipient'],
  recipient: ['generic', 'client', 'helo', 'tls', 'auth', 'sender', 'recipient'],
  data: ['generic', 'client', 'helo', 'tls', 'auth', 'sender', 'recipient'],
  end_of_data: ['generic', 'client', 'helo', 'tls', 'auth', 'sender', 'recipient'],
  etrn: ['generic', 'client', 'helo', 'tls', 'auth', 'etrn'],
};
