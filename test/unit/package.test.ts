import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ruleDefinitions } from '../../rules/index.js';
import plugin from '../../rules/plugin.js';
import { CATEGORIES } from '../../src/model/types.js';
import { REPO_ROOT } from '../helpers/fixtures.js';

/** Keeps the pieces of every rule honest: doc, test, metadata and configs agree. */
describe.each(ruleDefinitions.map((r) => [r.name, r] as const))('rule %s', (name, rule) => {
  const docPath = path.join(REPO_ROOT, 'docs/rules', `${name}.md`);
  const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '';

  it('has a doc page that opens with its description', () => {
    expect(doc, `docs/rules/${name}.md`).not.toBe('');
    const [title, , description] = doc.split('\n');
    expect(title).toBe(`# ${name}`);
    expect(description).toBe(rule.meta.docs.description);
  });

  it('states in its doc the category, level, rule sets and effort its metadata gives', () => {
    const configs = rule.meta.docs.recommended === 'recommended' ? 'recommended, strict' : 'strict';
    const level = rule.meta.severity === 'error' ? 'error' : 'warning';
    expect(doc.split('\n').slice(4, 7)).toEqual([
      '| category | default level | in configs | effort per finding |',
      '| --- | --- | --- | --- |',
      `| ${rule.meta.category} | ${level} | ${configs} | ${rule.meta.effortMinutes} min |`,
    ]);
  });

  it('has a test file', () => {
    expect(existsSync(path.join(REPO_ROOT, 'test/rules', `${name}.test.ts`)) || rule.crossFile !== undefined).toBe(true);
  });

  it('documents every option under its own heading', () => {
    const properties = Object.keys((rule.meta.schema[0] as { properties?: object } | undefined)?.properties ?? {});
    for (const option of properties) expect(doc, `docs/rules/${name}.md: ### ${option}`).toContain(`\n### ${option}\n`);
    for (const option of properties) expect(Object.keys((rule.defaultOptions[0] ?? {}) as object)).toContain(option);
  });

  it('says in its doc which kinds of file it reports in, as its metadata does', () => {
    const section = /\n## Where it reports\n\n([^#]+)/u.exec(doc)?.[1] ?? '';
    expect(section, `docs/rules/${name}.md: ## Where it reports`).not.toBe('');
    const roles = rule.meta.fileRoles ?? ['product'];
    const words: Record<string, RegExp> = { product: /[Pp]roduct code/u, test: /tests/u, migration: /migrations/u, script: /scripts/u, example: /examples/u, config: /tool configuration/u };
    if (roles.length === 1) expect(section).toMatch(/^Product code only\./u);
    else for (const role of roles) expect(section).toMatch(words[role]);
  });

  it('says in its doc what it does with and without types, as its detector reads the checker or not', () => {
    const section = /\n## With and without types\n\n([^#]+)/u.exec(doc)?.[1] ?? '';
    expect(section, `docs/rules/${name}.md: ## With and without types`).not.toBe('');
    const readsTypes = /\b(?:checker|compilerOptions)\b/u.test(readFileSync(path.join(REPO_ROOT, 'rules', `${name}.ts`), 'utf8'));
    if (readsTypes) expect(section).toMatch(/debt-scan --typed/u);
    else expect(section).toMatch(/^This rule does not use type information/u);
  });

  it('has metadata in the shape the style guide fixes', () => {
    expect(name).toMatch(/^(no|require|prefer|consistent|max)-[a-z0-9-]+$/u);
    expect(rule.meta.docs.description).toMatch(/^(Disallow|Require|Enforce) /u);
    expect(CATEGORIES).toContain(rule.meta.category);
    expect(rule.meta.effortMinutes).toBeGreaterThan(0);
    expect(doc).toContain(`${rule.meta.effortMinutes} min`);
    for (const schema of rule.meta.schema) expect((schema as { additionalProperties?: boolean }).additionalProperties).toBe(false);
    for (const id of Object.keys(rule.meta.messages)) expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/u);
  });

  it('joins the configs its metadata names', () => {
    const id = `debt-scan/${name}`;
    expect(plugin.configs.strict[0].rules?.[id]).toBe('error');
    expect(plugin.configs.recommended[0].rules?.[id]).toBe(rule.meta.docs.recommended === 'recommended' ? rule.meta.severity : undefined);
  });
});

describe('the sources', () => {
  it('take TypeScript from src/parse/typescript.cjs, never straight from ESM', () => {
    const grep = spawnSync('git', ['grep', '-lE', "^import (ts|\\* as ts) from 'typescript'", '--', 'src', 'rules', 'reporters'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(grep.status, grep.stderr).toBe(1); // git grep: 1 = no match
    expect(grep.stdout).toBe('');
  });
});

describe('the README', () => {
  it('ships a configuration schema in step with the one the loader validates with', () => {
    expect(() => execFileSync(process.execPath, ['scripts/config-schema.mjs', '--check'], { cwd: REPO_ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('ships a configuration schema that names every rule and checks its options, for editors', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schema/config.schema.json'), 'utf8')) as object);
    const schema = validate.schema as { properties: { rules: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.properties.rules.properties).sort()).toEqual(ruleDefinitions.flatMap((r) => [r.name, `debt-scan/${r.name}`]).sort());
    expect(validate({ rules: { 'no-complex-function': ['warn', { maxComplexity: 12 }], 'debt-scan/no-blind-cast': 'off' } })).toBe(true);
    expect(validate({ rules: { 'no-complex-function': ['warn', { maxComplexity: 0 }] } })).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toContain('/rules/no-complex-function/1/maxComplexity must be >= 1');
    expect(validate({ rules: { 'require-error-cause': ['error', { bogus: true }] } })).toBe(false);
    for (const fixture of ['ai-app', 'clean', 'file-roles', 'odd-files', 'workspace']) {
      const config = JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures', fixture, 'debt-scan.config.json'), 'utf8')) as unknown;
      expect(validate(config), `fixtures/${fixture}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('has a rule catalog (what configuration and reports read without loading the rules) in step with the rules', () => {
    expect(() => execFileSync(process.execPath, ['scripts/rule-catalog.mjs', '--check'], { cwd: REPO_ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('states in each rule doc the precision that the reviewed ruling expectations give', () => {
    expect(() => execFileSync(process.execPath, ['scripts/rule-precision.mjs', '--check'], { cwd: REPO_ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('has an up-to-date rule table', () => {
    expect(() => execFileSync(process.execPath, ['scripts/rules-table.mjs', '--check'], { cwd: REPO_ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('links every rule to its doc page shipped with the package, and names where the project lives', async () => {
    const { DOCS_BASE_URL, INFORMATION_URI } = await import('../../src/version.js');
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { license: string; files: string[]; repository: { url: string }; homepage: string; bugs: { url: string } };
    for (const [name, rule] of Object.entries(plugin.rules ?? {})) {
      const url = (rule.meta?.docs as { url?: string } | undefined)?.url ?? '';
      expect(url).toBe(`${DOCS_BASE_URL}/${name}.md`);
      // the URL's path inside the repository is a file the package ships
      const inRepository = url.slice(`${INFORMATION_URI}/blob/main/`.length);
      expect(existsSync(path.join(REPO_ROOT, inRepository)), inRepository).toBe(true);
      expect(pkg.files.some((entry) => inRepository.startsWith(`${entry}/`))).toBe(true);
    }
    expect(pkg.repository.url).toBe(`git+${INFORMATION_URI}.git`);
    expect(pkg.homepage.startsWith(INFORMATION_URI)).toBe(true);
    expect(pkg.bugs.url).toBe(`${INFORMATION_URI}/issues`);
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/u);
  });

  it('keeps CONTRIBUTING.md inside the repository', () => {
    const contributing = readFileSync(path.join(REPO_ROOT, 'CONTRIBUTING.md'), 'utf8');
    const links = [...contributing.matchAll(/\]\(([^)]+)\)|`(\.\.\/[^`]+)`/gu)].map((m) => m[1] ?? m[2]);
    expect(links.filter((link) => link.startsWith('../') || /^\/(?!\/)/u.test(link))).toEqual([]);
  });

  it('shows the two set-up commands that .ci/run and package.json implement', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
    const ci = readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm ci$/mu);
    expect(ci).toMatch(/^npm test$/mu);
  });
});
