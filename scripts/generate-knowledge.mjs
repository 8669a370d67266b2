// Builds server/src/service/knowledge/generated/parameters.json from the
// upstream postconf.proto and DEPRECATION_README, and generated/dbms.json
// from the database client manual pages (man5/*_table.5), each with the
// hand-written overlays beside the generated data. See docs/knowledge-data.md.
// Usage: node scripts/generate-knowledge.mjs [--check] [REFERENCE_DIR]
//   REFERENCE_DIR: a Postfix source tree (postconf.proto, readme/, man5/); default $POSTFIX_REFERENCE
//   --check: write nothing; fail when the committed data differs from what the sources give
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const checkOnly = args.includes('--check');
const reference = args.find((a) => !a.startsWith('--')) ?? process.env.POSTFIX_REFERENCE;
if (!reference) {
  console.error('generate-knowledge: no Postfix source tree: give its directory as an argument or set POSTFIX_REFERENCE (see docs/testing.md)');
  process.exit(2);
}
const knowledge = join(root, 'server', 'src', 'service', 'knowledge');
const overlay = (name) => JSON.parse(readFileSync(join(knowledge, 'overlays', name), 'utf8'));

const decode = (html) => html.replace(/&ge;/g, '>=').replace(/&le;/g, '<=').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** %PARAM blocks of postconf.proto: name, raw default, HTML description. */
function readProto() {
  const text = readFileSync(join(reference, 'postconf.proto'), 'utf8');
  const params = [];
  let current = null;
  for (const line of text.split('\n')) {
    const m = /^%PARAM\s+(\S+)\s*(.*)$/.exec(line);
    if (m) {
      current = { name: m[1], default: decode(m[2].trim()), html: '' };
      params.push(current);
    } else if (line.startsWith('%CLASS')) {
      current = null;
    } else if (current && !line.startsWith('#')) {
      // '#' lines are commented-out documentation
      current.html += line + '\n';
    }
  }
  return params;
}

// Release numbers are compared by knowledge/versions.ts alone; this script is plain
// JavaScript, so esbuild compiles that module for it.
const versionsModule = await build({
  entryPoints: [join(knowledge, 'versions.ts')],
  bundle: true,
  write: false,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const { compareVersions } = await import('data:text/javascript,' + encodeURIComponent(versionsModule.outputFiles[0].text));

const nextRelease = (version) => {
  const [major, minor] = version.split('.').map(Number);
  return `${major}.${minor + 1}`;
};

const VERSION = String.raw`(\d+\.\d+(?:\.\d+)?)`;

/**
 * The parameter-level availability note. Notes inside <dl> lists describe
 * list items (restrictions, flags), not the parameter, so they are dropped.
 */
function availability(html) {
  const text = html
    .replace(/<dl>[\s\S]*?<\/dl>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
  const range = new RegExp(String.raw`available in Postfix (?:version )?${VERSION} ?- ?${VERSION}`).exec(text);
  if (range) return { since: range[1], removedIn: nextRelease(range[2]) };
  const upTo = new RegExp(String.raw`available in Postfix (?:version )?${VERSION} and earlier`).exec(text);
  if (upTo) return { removedIn: nextRelease(upTo[1]) };
  const from = new RegExp(
    String.raw`(?:(?:feature|parameter) is available in Postfix (?:version |as of version )?|introduced with Postfix version )(?:>= ?)?${VERSION}((?:, ?(?:and )?${VERSION})*)`,
  ).exec(decode(text));
  if (!from) return {};
  // ">= 3.9, 3.8.5, 3.7.10" and "2.4.15, 2.5.11, 2.6.8, 2.7.2 and later": the newest
  // release listed and every later one have it; the others are patch releases of
  // older branches it was back-ported to
  const all = [from[1], ...(from[2].match(/\d+\.\d+(?:\.\d+)?/g) ?? [])];
  const since = all.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  const backports = all.filter((v) => v !== since);
  return backports.length ? { since, backports } : { since };
}

/** Renamed and removed parameters, from the messages DEPRECATION_README says postconf logs. */
function readDeprecations(isParameter) {
  const text = readFileSync(join(reference, 'readme', 'DEPRECATION_README'), 'utf8')
    .replace(/(.)\u0008/g, '')
    .replace(/\s+/g, ' ');
  const found = new Map();
  const re = /support for parameter "([a-z0-9_]+)" will be removed; instead, (?:specify "([a-z0-9_]+)"|do not specify)/g;
  for (const m of text.matchAll(re)) found.set(m[1], { replacement: m[2] ?? null });
  // the section on names "renamed for consistency": same meaning, same values, only a new name
  const renamedSection = /renamed for consistency(.*?)The above parameters have been renamed/.exec(text)?.[1] ?? '';
  for (const m of renamedSection.matchAll(re)) found.get(m[1]).renamed = true;
  // the summary table gives the version that first warns: |name |warn |removed |replacement|
  const table = readFileSync(join(reference, 'readme', 'DEPRECATION_README'), 'utf8');
  const rows = /^\s*\|([a-z0-9_]+)\s*\|\s*([0-9.]+|-)\s*\|\s*([0-9.]+|-)\s*\|([^|]*)\|/gm;
  for (const [, name, warn, removed, replacementCell] of table.matchAll(rows)) {
    // rows the postconf messages do not mention (smtpd_per_record_deadline ...)
    if (!name.startsWith('xxx_') && !found.has(name) && isParameter(name)) {
      const replacement = replacementCell.trim();
      found.set(name, isParameter(replacement) ? { replacement, renamed: true } : { replacement: null });
    }
    for (const [param, info] of found) {
      const matches = name.startsWith('xxx_') ? param.endsWith(name.slice(3)) : param === name;
      if (!matches) continue;
      if (warn !== '-') info.warnSince = warn;
      if (removed !== '-') info.removedIn = removed;
    }
  }
  return found;
}

const UNITS = new Set(['s', 'm', 'h', 'd', 'w']);

/** Value kind from the default; overlays/kinds.json wins where it speaks. */
function guessKind(name, def) {
  if (/^(yes|no)$/.test(def)) return { type: 'boolean' };
  const time = /^\d+([smhdw])$/.exec(def);
  if (time && UNITS.has(time[1])) return { type: 'time', unit: time[1] };
  if (/_restrictions$/.test(name)) return { type: 'restrictions' };
  if (/_maps$/.test(name)) return { type: 'tables' };
  if (/^\d+$/.test(def)) return /_size|size_limit$|_minfree$/.test(name) ? { type: 'size' } : { type: 'integer' };
  return undefined;
}

/**
 * SMTP access restrictions documented in the *_restrictions parameter blocks:
 * `<dt><b><a name="NAME">NAME <i>argument</i></a></b></dt> <dd>...</dd>`.
 */
function readRestrictions(proto) {
  const found = new Map();
  for (const p of proto.filter((x) => x.name.endsWith('_restrictions'))) {
    const html = p.html.replace(/<!--[\s\S]*?-->/g, ' ');
    const entry = /<dt><b><a name="([a-z_]+)">[a-z_]+\s*(?:<i>([\s\S]*?)<\/i>)?([\s\S]*?)<\/dt>\s*<dd>([\s\S]*?)<\/dd>/g;
    for (const [, name, argument, heading, body] of html.matchAll(entry)) {
      if (found.has(name)) continue;
      const available = new RegExp(String.raw`available (?:in|with) Postfix (?:version )?${VERSION}`).exec(body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
      // "name (with Postfix < 2.3: old_name)": the current name came with that release
      const renamed = new RegExp(String.raw`\(with Postfix < ?${VERSION}: [a-z_]+\)`).exec(decode(heading));
      const since = available?.[1] ?? renamed?.[1];
      found.set(name, {
        documentedIn: p.name,
        ...(argument ? { argumentText: decode(argument.replace(/<[^>]+>/g, '').trim()) } : {}),
        ...(since ? { since } : {}),
      });
    }
  }
  return found;
}

/** Renamed and removed restrictions, from the messages DEPRECATION_README says smtpd logs. */
function restrictionDeprecations() {
  const text = readFileSync(join(reference, 'readme', 'DEPRECATION_README'), 'utf8').replace(/\s+/g, ' ');
  const removed = new Map();
  for (const m of text.matchAll(/support for restriction "([a-z_]+)" has been removed in Postfix ([0-9.]+)/g)) removed.set(m[1], m[2]);
  return removed;
}

function writeRestrictions(proto) {
  const documented = readRestrictions(proto);
  const removed = restrictionDeprecations();
  const overlayData = overlay('restrictions.json');
  const summaries = overlay('restriction-summaries.json');
  const out = {};
  const missing = [];
  for (const name of [...new Set([...documented.keys(), ...Object.keys(overlayData)])].sort()) {
    const hand = overlayData[name];
    if (!hand) throw new Error(`restriction ${name} is documented but has no entry in overlays/restrictions.json`);
    const entry = { ...documented.get(name), ...hand };
    if (removed.has(name) && entry.removedIn !== removed.get(name)) {
      throw new Error(`DEPRECATION_README says ${name} was removed in ${removed.get(name)}`);
    }
    if (summaries[name]) entry.summary = summaries[name];
    else missing.push(name);
    out[name] = entry;
  }
  const body = Object.entries(out)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(',\n');
  emit(join(knowledge, 'generated', 'restrictions.json'), `{\n${body}\n}\n`);
  console.log(`${Object.keys(out).length} restrictions (${documented.size} documented in postconf.proto)`);
  if (missing.length) console.log(`warning: ${missing.length} restrictions have no summary yet`);
}

/** Writes a generated file, or with --check only compares it. */
function emit(file, text) {
  if (!checkOnly) {
    writeFileSync(file, text);
    return;
  }
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // a missing file is out of date too
  }
  if (current !== text) {
    console.error(`${file} is out of date: run npm run generate`);
    process.exitCode = 1;
  }
}

// The table types whose name is a client configuration file that postconf reads
// (postconf_dbms.c), each documented in man5/<type>_table.5.
const DBMS_TYPES = ['mysql', 'pgsql', 'sqlite', 'ldap', 'memcache', 'mongodb'];

/** A troff line as text: font changes, escapes and request names dropped. */
const troffText = (line) =>
  line
    .replace(/\\f[A-Z]/g, '')
    .replace(/\\-/g, '-')
    .replace(/\\&/g, '')
    .replace(/\\e/g, '\\');

/**
 * The parameters of a client configuration file from its manual page: each
 * top-level `.IP "\fBname (heading)\fR"` of a parameter section, with the
 * text up to the next one (consecutive headings share it: user and password).
 */
function readClientPage(type) {
  const lines = readFileSync(join(reference, 'man5', `${type}_table.5`), 'utf8').split('\n');
  const found = [];
  let section = '';
  let depth = 0;
  let open = [];
  let textSeen = false;
  for (const line of lines) {
    const sh = /^\.SH\s+"?([^"]*)"?/.exec(line);
    if (sh) {
      section = sh[1];
      open = [];
      depth = 0;
      continue;
    }
    if (line.startsWith('.RS')) depth++;
    else if (line.startsWith('.RE')) depth = Math.max(0, depth - 1);
    const heading = depth === 0 ? /^\.IP "\\fB([A-Za-z_][A-Za-z0-9_]*)(.*)$/.exec(line) : null;
    if (heading) {
      if (textSeen) open = [];
      textSeen = false;
      const note = /\((.*?)\)/.exec(troffText(heading[2]));
      const entry = { name: heading[1], heading: (note?.[1] ?? '').trim(), section, text: '' };
      found.push(entry);
      open.push(entry);
      continue;
    }
    if (line.startsWith('.')) continue;
    textSeen = true;
    for (const entry of open) entry.text += ' ' + troffText(line);
  }
  return found;
}

/** The default a heading states: "(default: 60)"; an empty default for the words that mean none. */
function clientDefault(heading) {
  const m = /^default:\s*(.*)$/i.exec(heading);
  if (!m) return undefined;
  const value = m[1].trim();
  return /^(empty|undefined|no domain list)$/i.test(value) ? '' : value;
}

/**
 * generated/dbms.json: the parameters each client configuration file takes, from
 * its manual page (name, default, release, obsolete), with the overlay's value
 * kinds and summaries: its "shared" entries for names several types have, then
 * the type's own.
 */
function writeDbms() {
  const { shared, ...types } = overlay('dbms.json');
  const out = {};
  const missing = [];
  const sharedUsed = new Set();
  for (const type of DBMS_TYPES) {
    const hand = types[type];
    if (!hand) throw new Error(`overlays/dbms.json has no entry for ${type}`);
    const parameters = {};
    for (const p of readClientPage(type)) {
      if (parameters[p.name]) continue;
      const entry = {};
      const def = clientDefault(p.heading);
      if (def !== undefined) entry.default = def;
      const since = new RegExp(String.raw`(?:parameter|feature) is available (?:with|in) Postfix (?:version )?${VERSION}`).exec(p.text.replace(/\s+/g, ' '));
      if (since) entry.since = since[1];
      if (/OBSOLETE/i.test(p.section)) entry.obsolete = true;
      if (/IGNORED/i.test(p.heading)) entry.ignored = true;
      if (shared[p.name]) sharedUsed.add(p.name);
      Object.assign(entry, shared[p.name], hand.parameters?.[p.name]);
      if (!entry.summary || !entry.kind) missing.push(`${type}:${p.name}`);
      parameters[p.name] = entry;
    }
    const unknown = Object.keys(hand.parameters ?? {}).filter((n) => !parameters[n]);
    if (unknown.length) throw new Error(`overlays/dbms.json names ${type} parameters its manual page does not have: ${unknown.join(', ')}`);
    out[type] = { ...hand, parameters };
  }
  const unused = Object.keys(shared).filter((n) => !sharedUsed.has(n));
  if (unused.length) throw new Error(`overlays/dbms.json shares parameters no manual page has: ${unused.join(', ')}`);
  if (missing.length) throw new Error(`database client parameters without a kind or summary in overlays/dbms.json: ${missing.join(', ')}`);
  const body = Object.entries(out)
    .map(([type, t]) => {
      const params = Object.entries(t.parameters)
        .map(([k, v]) => `      ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
        .join(',\n');
      const head = Object.entries(t)
        .filter(([k]) => k !== 'parameters')
        .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`)
        .join('');
      return `  ${JSON.stringify(type)}: {\n${head}    "parameters": {\n${params}\n    }\n  }`;
    })
    .join(',\n');
  emit(join(knowledge, 'generated', 'dbms.json'), `{\n${body}\n}\n`);
  const count = Object.values(out).reduce((n, t) => n + Object.keys(t.parameters).length, 0);
  console.log(`${count} database client parameters of ${DBMS_TYPES.length} table types`);
}

function main() {
  const proto = readProto();
  const kinds = overlay('kinds.json');
  const lifecycle = overlay('lifecycle.json');
  const summaries = {};
  for (const f of readdirSync(join(knowledge, 'overlays', 'summaries')).sort()) {
    Object.assign(summaries, overlay(join('summaries', f)));
  }
  const byName = new Map(proto.map((p) => [p.name, p]));
  const deprecations = readDeprecations((name) => byName.has(name));
  const versions = new Map(proto.map((p) => [p.name, availability(p.html)]));
  const out = {};
  const missing = [];
  for (const p of proto) {
    const entry = { default: p.default };
    Object.assign(entry, versions.get(p.name));
    const dep = deprecations.get(p.name);
    if (dep) {
      // renamed parameters stay accepted as aliases: their old documentation range is no removal
      delete entry.removedIn;
      const migration = Object.entries(lifecycle.valueMigrations).find(([key]) => key === p.name || (key.startsWith('_') && p.name.endsWith(key)));
      entry.deprecated = migration ? { ...dep, values: migration[1] } : dep;
    }
    // transport_*: a pattern for "<master.cf service>_*", not a parameter of its own
    if (p.name.startsWith('transport_') && p.default.startsWith('$')) {
      // without a note of its own it came with the parameter it overrides (HISTORY:
      // default_transport_rate_delay and *transport*_transport_rate_delay, 3.1)
      const overridden = versions.get(p.default.slice(1));
      if (!entry.since && overridden?.since) entry.since = overridden.since;
      entry.template = true;
    }
    Object.assign(entry, lifecycle.parameters[p.name] ?? {});
    let kind = kinds[p.name] ?? guessKind(p.name, p.default);
    // a default of "$other" shares the other parameter's kind
    for (let ref = /^\$([a-z0-9_]+)$/.exec(p.default), hops = 0; !kind && ref && hops < 5; hops++) {
      const target = byName.get(ref[1]);
      if (!target) break;
      kind = kinds[target.name] ?? guessKind(target.name, target.default);
      ref = /^\$([a-z0-9_]+)$/.exec(target.default);
    }
    entry.kind = kind ?? { type: 'text' };
    if (summaries[p.name]) entry.summary = summaries[p.name];
    else missing.push(p.name);
    out[p.name] = entry;
  }
  const unknownOverlay = [...Object.keys(kinds), ...Object.keys(lifecycle.parameters), ...Object.keys(summaries)].filter((n) => !byName.has(n));
  if (unknownOverlay.length) throw new Error(`overlays name unknown parameters: ${unknownOverlay.join(', ')}`);
  const body = Object.entries(out)
    .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join(',\n');
  const file = join(knowledge, 'generated', 'parameters.json');
  emit(file, `{\n${body}\n}\n`);
  const versioned = Object.values(out).filter((e) => e.since).length;
  console.log(`${proto.length} parameters (${versioned} with a version, ${deprecations.size} deprecated) -> ${file}`);
  if (missing.length) console.log(`warning: ${missing.length} parameters have no summary yet`);
  writeRestrictions(proto);
  writeDbms();
}

main();
