import { Code, diagnostic, type Diagnostic } from '../../diagnostics';
import type { ConfigModel } from '../../model/config';
import { expandParameter } from '../../model/expand';
import type { Range } from '../../syntax/text';
import { defineCheck } from '../check';
import type { Check } from './context';

/** The address classes in the order trivial-rewrite tries them: a domain belongs to the first that lists it. */
const CLASSES = ['mydestination', 'virtual_alias_domains', 'virtual_mailbox_domains', 'relay_domains'] as const;
type ClassList = (typeof CLASSES)[number];

/** For a domain of each class, the later classes that trivial-rewrite warns about; it says nothing of relay_domains beside mydestination. */
const WARNED: Readonly<Record<ClassList, readonly ClassList[]>> = {
  mydestination: ['virtual_alias_domains', 'virtual_mailbox_domains'],
  virtual_alias_domains: ['virtual_mailbox_domains', 'relay_domains'],
  virtual_mailbox_domains: ['relay_domains'],
  relay_domains: [],
};

/**
 * The plain domain names of a list, lower-cased, after $name expansion: the
 * keys of inline:{...} count, other tables, files, !negations and .parent
 * patterns are not compared.
 */
function domainsOf(model: ConfigModel, name: ClassList): Set<string> {
  const out = new Set<string>();
  const value = expandParameter(model, name).value.replace(/inline:\{([^{}]*)\}/gi, (_, body: string) => {
    for (const item of body.split(/[\s,]+/)) {
      const key = item.split('=')[0];
      if (key) out.add(key.toLowerCase());
    }
    return ' ';
  });
  for (const word of value.split(/[\s,]+/)) {
    if (word === '' || /[:/![\]{}]/.test(word) || word.startsWith('.')) continue;
    out.add(word.toLowerCase());
  }
  return out;
}

/** Where to point: the domain as written in `name`'s value, else the whole value; undefined when main.cf does not set `name`. */
function locate(model: ConfigModel, name: ClassList, domain: string): Range | undefined {
  const a = model.effective(name);
  if (!a) return undefined;
  const escaped = domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = new RegExp(`(^|[\\s,{=])(${escaped})(?=$|[\\s,}=])`, 'i').exec(a.value);
  return found ? a.source.range(found.index + found[1].length, found.index + found[0].length) : a.valueRange;
}

const checkDomainInTwoClasses: Check = ({ model }) => {
  if (!/^\s*yes\s*$/i.test(expandParameter(model, 'helpful_warnings').value)) return [];
  const lists = new Map(CLASSES.map((c) => [c, domainsOf(model, c)]));
  const out: Diagnostic[] = [];
  const claimed = new Set<string>();
  for (const first of CLASSES) {
    for (const domain of lists.get(first) ?? []) {
      if (claimed.has(domain)) continue;
      claimed.add(domain);
      for (const second of WARNED[first]) {
        if (!lists.get(second)?.has(domain)) continue;
        const range = locate(model, second, domain) ?? locate(model, first, domain);
        if (!range) continue;
        out.push(
          diagnostic(
            Code.DomainInTwoClasses,
            range,
            `"${domain}" is in both ${first} and ${second}: Postfix handles it as a ${first} domain only, ignores ${second} for it, and trivial-rewrite logs a warning for every address there (see ADDRESS_CLASS_README and postconf(5) ${second}).`,
          ),
        );
      }
    }
  }
  return out;
};

export const domainInTwoClasses = defineCheck({ codes: [Code.DomainInTwoClasses], kind: 'main', run: checkDomainInTwoClasses });
