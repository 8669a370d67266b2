/** TLS settings that leave a connection breakable or unencrypted: old protocols, weak cipher grades, no TLS for outgoing mail. */
import { Code, diagnostic, type Diagnostic, type Fix } from '../../diagnostics';
import { compareVersions } from '../../knowledge/versions';
import type { ConfigModel } from '../../model/config';
import { expandParameter, expandValue } from '../../model/expand';
import type { Setting } from '../../syntax/setting';
import { defineCheck } from '../check';
import { replaceFix } from './fixes';
import { eachSetting, type ParameterContext, type ParameterScope } from './parameterScope';
import { isYes } from './smtpdScope';

const PROTOCOL_LISTS = /^(smtpd|smtp|lmtp|tlsproxy)_tls_(mandatory_)?protocols$/;
const CIPHER_GRADES = /^(smtpd|smtp|lmtp|tlsproxy)_tls_(mandatory_)?ciphers$/;

/** Protocol numbers as the TLS records carry them. */
const PROTOCOLS: Readonly<Record<string, number>> = {
  sslv2: 0x200,
  sslv3: 0x300,
  tlsv1: 0x301,
  'tlsv1.1': 0x302,
  'tlsv1.2': 0x303,
  'tlsv1.3': 0x304,
};
const WEAK = ['SSLv2', 'SSLv3'];

/** A protocol name or a hexadecimal number as the range form accepts it ("0x0301", "301"). */
function protocolNumber(text: string): number | undefined {
  const named = PROTOCOLS[text.toLowerCase()];
  if (named !== undefined) return named;
  return /^(0x)?[0-9a-f]{1,4}$/i.test(text) ? parseInt(text.replace(/^0x/i, ''), 16) : undefined;
}

/** Which of SSLv2 and SSLv3 a protocol list lets through: the exclusion and inclusion syntax, and the >=/<= range of Postfix 3.6. */
export function weakProtocols(value: string): string[] {
  let lowest = 0;
  let highest = Infinity;
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const token of value.split(/[\s,:]+/).filter((t) => t !== '')) {
    const bound = /^([<>]=)(.+)$/.exec(token);
    if (bound) {
      const n = protocolNumber(bound[2]);
      if (n === undefined) continue;
      if (bound[1] === '>=') lowest = Math.max(lowest, n);
      else highest = Math.min(highest, n);
    } else if (token.startsWith('!')) {
      excluded.add(token.slice(1).toLowerCase());
    } else {
      included.add(token.toLowerCase());
    }
  }
  return WEAK.filter((name) => {
    const key = name.toLowerCase();
    const n = PROTOCOLS[key];
    return n >= lowest && n <= highest && !excluded.has(key) && (included.size === 0 || included.has(key));
  });
}

/** Whether Postfix uses this setting: the last of its name in the scope. */
const inEffect = (scope: ParameterScope, setting: Setting): boolean => scope.own(setting.name) === setting;

/** Replaces a setting's value, written as the scope writes values (a master.cf option is one word). */
function valueFix(scope: ParameterScope, setting: Setting, title: string, value: string): Fix {
  const text = scope.service ? value.replace(/,\s+/g, ',') : value;
  if (setting.value !== '' || scope.service) return replaceFix(title, setting.valueRange, text);
  return replaceFix(title, { start: setting.nameRange.start, end: setting.valueRange.end }, scope.written(setting.name, text));
}

function protocolsDiagnostic(model: ConfigModel, target: string, scope: ParameterScope, setting: Setting): Diagnostic | undefined {
  const expansion = expandValue(model, setting.value);
  // a $name nothing defines leaves the value unknown
  if (expansion.undefinedNames.length > 0 || expansion.stopped) return undefined;
  const value = expansion.value.trim();
  const weak = weakProtocols(value);
  if (weak.length === 0) return undefined;
  const allowed = value === '' ? `is empty, which allows every protocol the TLS library has, ${weak.join(' and ')} included` : `allows ${weak.join(' and ')}`;
  const safer = compareVersions(target, '3.6') >= 0 ? '>=TLSv1.2' : '!SSLv2, !SSLv3, !TLSv1, !TLSv1.1';
  return diagnostic(
    Code.WeakTlsProtocols,
    setting.nameRange,
    `${setting.name} ${allowed}: an attacker in the path can push a session down to a protocol whose encryption is broken (POODLE, DROWN) and read it (see postconf(5) ${setting.name}).`,
    setting.value.includes('$') ? [] : [valueFix(scope, setting, `Set ${setting.name} to ${safer}`, safer)],
  );
}

const WEAK_GRADES: Readonly<Record<string, string>> = {
  export: 'export-grade ciphers, with keys short enough to break in hours',
  low: 'low-grade ciphers, with keys short enough to break',
  null: 'NULL ciphers, which authenticate but do not encrypt at all',
};

function ciphersDiagnostic(model: ConfigModel, scope: ParameterScope, setting: Setting): Diagnostic | undefined {
  const grade = expandValue(model, setting.value).value.trim().toLowerCase();
  const why = WEAK_GRADES[grade];
  if (!why) return undefined;
  return diagnostic(
    Code.WeakTlsCiphers,
    setting.nameRange,
    `${setting.name} = ${grade} allows ${why}: whoever can see the traffic can read a session that settles on one (see postconf(5) ${setting.name}). The default, medium, is what most servers need.`,
    setting.value.includes('$') ? [] : [valueFix(scope, setting, `Set ${setting.name} to medium`, 'medium')],
  );
}

const OUTBOUND_LEVEL = 'smtp_tls_security_level';

function outboundDiagnostic(model: ConfigModel, scope: ParameterScope, setting: Setting): Diagnostic | undefined {
  // a transport's -o often points at a filter on the same host, where TLS buys nothing
  if (scope.service) return undefined;
  const expansion = expandValue(model, setting.value);
  const level = expansion.value.trim().toLowerCase();
  if ((level !== '' && level !== 'none') || expansion.undefinedNames.length > 0 || expansion.stopped) return undefined;
  // an empty level leaves the decision to the deprecated smtp_use_tls and smtp_enforce_tls
  if (level === '' && ['smtp_use_tls', 'smtp_enforce_tls'].some((name) => isYes(expandParameter(model, name).value))) return undefined;
  return diagnostic(
    Code.OutboundTlsDisabled,
    setting.nameRange,
    `${OUTBOUND_LEVEL} is ${level === '' ? 'empty' : 'none'}: the SMTP client never tries STARTTLS, so mail this server sends crosses the network readable by anyone in the path, even to servers that offer TLS. may encrypts whenever the other side can (see postconf(5) smtp_tls_security_level).`,
    [valueFix(scope, setting, `Set ${OUTBOUND_LEVEL} to may`, 'may')],
  );
}

const checkWeakTls = (context: ParameterContext): Diagnostic[] =>
  eachSetting(context, (setting, scope) => {
    const judge = PROTOCOL_LISTS.test(setting.name)
      ? () => protocolsDiagnostic(context.model, context.target, scope, setting)
      : CIPHER_GRADES.test(setting.name)
        ? () => ciphersDiagnostic(context.model, scope, setting)
        : setting.name === OUTBOUND_LEVEL
          ? () => outboundDiagnostic(context.model, scope, setting)
          : undefined;
    return judge && inEffect(scope, setting) ? judge() : undefined;
  });

export const weakTls = defineCheck({ codes: [Code.WeakTlsProtocols, Code.WeakTlsCiphers, Code.OutboundTlsDisabled], kind: 'parameter', run: checkWeakTls });
