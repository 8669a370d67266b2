/** The developer docs name files and folders that exist, so their how-tos stay true. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SECURITY_CODES } from '../oracle/corpusSecurity';
import { repoRoot } from '../support/fixtures';

/** Paths in backticks (`server/src/...`, `test/unit/x.test.ts`), the `<a|b>` placeholders expanded. */
function namedPaths(text: string): string[] {
  const paths: string[] = [];
  for (const [, raw] of text.matchAll(/`((?:server|test|client|docs|scripts)\/[^`\s]+)`/g)) {
    const choice = /<([a-z|]+)>/.exec(raw);
    const variants = choice ? choice[1].split('|').map((c) => raw.replace(choice[0], c)) : [raw];
    for (const v of variants) if (!/<|\.\.\./.test(v)) paths.push(v.replace(/\/$/, ''));
  }
  return paths;
}

for (const doc of ['docs/architecture.md', 'CONTRIBUTING.md', 'docs/testing.md']) {
  test(`${doc} names only files and folders that exist`, () => {
    const paths = namedPaths(readFileSync(join(repoRoot, doc), 'utf8'));
    assert.ok(doc !== 'docs/architecture.md' || paths.length > 10, `${paths.length} paths found`);
    for (const p of paths) assert.ok(existsSync(join(repoRoot, p)), `${doc}: ${p}`);
  });
}

test('docs/architecture.md: the layout lists every folder of the service', () => {
  const text = readFileSync(join(repoRoot, 'docs', 'architecture.md'), 'utf8');
  for (const folder of ['syntax', 'model', 'knowledge', 'checks', 'features']) assert.match(text, new RegExp(`^ {4}${folder}/`, 'm'), folder);
  for (const kind of ['main', 'master', 'table', 'shared']) {
    assert.ok(existsSync(join(repoRoot, 'server/src/service/checks', kind)), `checks/${kind}`);
    assert.ok(existsSync(join(repoRoot, 'server/src/service/features', kind)), `features/${kind}`);
  }
});

test('the security codes the corpus tests judge are the ones under "# Security" in docs/diagnostics.md', () => {
  const doc = readFileSync(join(repoRoot, 'docs', 'diagnostics.md'), 'utf8');
  const section = doc.slice(doc.indexOf('\n# Security'));
  const documented = [...section.matchAll(/^## `([a-z-]+)`/gm)].map((m) => m[1]);
  assert.deepEqual([...documented].sort(), [...SECURITY_CODES].sort());
});
