import { Code, diagnostic, type Fix } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { scanExpansions } from '../../syntax/expansion';
import type { Setting } from '../../syntax/setting';
import { defineCheck } from '../check';
import { eachSetting, type ParameterContext } from './parameterScope';

/** The chain of names through which `text` reaches $mail_version, e.g. ["my_banner", "mail_version"]; undefined when it does not. */
function versionPath(model: ConfigModel, text: string, seen: Set<string>): string[] | undefined {
  for (const r of scanExpansions(text).references) {
    if (r.name === 'mail_version') return [r.name];
    if (seen.has(r.name) || model.builtin(r.name)?.raw) continue;
    seen.add(r.name);
    const value = model.rawValue(r.name);
    const inner = value === undefined ? undefined : versionPath(model, value, seen);
    if (inner) return [r.name, ...inner];
  }
  return undefined;
}

/** "($mail_version)" or "$mail_version", with the blanks before it. */
const WRITTEN = /[ \t]*(?:\([ \t]*\$(?:mail_version\b|\{mail_version\}|\(mail_version\))[ \t]*\)|\$(?:mail_version\b|\{mail_version\}|\(mail_version\)))/;

function removeFix(setting: Setting): Fix[] {
  const found = WRITTEN.exec(setting.value);
  if (!found) return [];
  const range = setting.source.range(found.index, found.index + found[0].length);
  return [{ title: 'Remove $mail_version from the banner', edits: [{ range, newText: '' }], preferred: true }];
}

const checkBannerLeaksVersion = (context: ParameterContext) =>
  eachSetting(context, (setting, scope) => {
    if (setting.name !== 'smtpd_banner' || scope.own(setting.name) !== setting) return undefined;
    const path = versionPath(context.model, setting.value, new Set(['smtpd_banner']));
    if (!path) return undefined;
    const through =
      path.length > 1
        ? ` (through ${path
            .slice(0, -1)
            .map((n) => '$' + n)
            .join(', ')})`
        : '';
    return diagnostic(
      Code.BannerLeaksVersion,
      setting.valueRange,
      `The greeting of ${scope.reader} shows $mail_version${through}: anyone who connects sees the exact Postfix release, and can pick the flaws it has (see postconf(5) smtpd_banner).`,
      removeFix(setting),
    );
  });

export const bannerLeaksVersion = defineCheck({ codes: [Code.BannerLeaksVersion], kind: 'parameter', run: checkBannerLeaksVersion });
