import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Ajv as AjvInstance, ErrorObject, ValidateFunction } from 'ajv';
import { loadPicomatch, requireCjs } from '../util/require-cjs.js';
import { ConfigError, errorMessage } from '../errors.js';
import { MAX_CONFIGURATION_BYTES, readRegularFile } from '../discover/read-regular-file.js';
import { catalogByName, ruleCatalog } from '../../rules/catalog-index.js';
import { CONFIG_SCHEMA } from './schema.js';
import type { Preset, ResolvedConfig, ResolvedRule, RuleSetting, UserConfig } from './types.js';
import { normalizeSlashes } from '../util/paths.js';

export const CONFIG_FILE_NAME = 'debt-scan.config.json';
const IGNORED_SCRIPT_CONFIGS = ['debt-scan.config.js', 'debt-scan.config.mjs', 'debt-scan.config.cjs', 'debt-scan.config.ts'];

export interface LoadedConfig {
  config: ResolvedConfig;
  /** Things the user should hear about, such as a JavaScript config file that is not read. */
  warnings: string[];
}

let ajvInstance: AjvInstance | undefined;
/** Loaded and made on first use (about 35 ms of CPU): a run without a configuration, or with rules' defaults only, validates nothing. */
function ajv(): AjvInstance {
  if (!ajvInstance) {
    const { Ajv } = requireCjs('ajv') as typeof import('ajv');
    ajvInstance = new Ajv({ allErrors: true, strict: false, verbose: true });
  }
  return ajvInstance;
}
let configValidator: ValidateFunction<UserConfig> | undefined;

/** Compiled on first use: most runs of a repository without a configuration never need it. */
function validateConfig(raw: unknown): raw is UserConfig {
  configValidator ??= ajv().compile<UserConfig>(CONFIG_SCHEMA);
  return configValidator(raw);
}

/** An empty object is a valid configuration: every field is optional. */
function isEmptyObject(raw: unknown): raw is UserConfig {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && Object.keys(raw).length === 0;
}

/**
 * Finds and reads the configuration for a scan root: `--config PATH` when given, else
 * `debt-scan.config.json` at the root, else the `debtScan` key of the root's package.json,
 * else the defaults. Configuration is data: JavaScript files are never executed. Files are read
 * only when regular and at most 4 MiB; those at the root only when inside it (not through a link
 * that leads out), since the scanned tree ships them.
 */
export function loadConfig(root: string, explicitPath?: string, preset?: Preset): LoadedConfig {
  const warnings: string[] = [];
  if (explicitPath) {
    const file = path.resolve(explicitPath);
    if (!existsSync(file)) throw new ConfigError(explicitPath, ['the configuration file does not exist']);
    const raw = readJson(file, explicitPath);
    const user = path.basename(file) === 'package.json' ? ((raw as { debtScan?: unknown }).debtScan ?? {}) : raw;
    return { config: resolveConfig(user, explicitPath, preset), warnings };
  }
  for (const name of IGNORED_SCRIPT_CONFIGS) {
    if (existsSync(path.join(root, name))) {
      warnings.push(`${name} is not read: debt-scan never executes configuration; use ${CONFIG_FILE_NAME}.`);
    }
  }
  const configFile = path.join(root, CONFIG_FILE_NAME);
  if (existsSync(configFile)) {
    if (leadsOutside(root, configFile)) throw new ConfigError(CONFIG_FILE_NAME, [`is a link to a file outside the scan root (not read); give that file with --config to use it`]);
    return { config: resolveConfig(readJson(configFile, CONFIG_FILE_NAME), CONFIG_FILE_NAME, preset), warnings };
  }
  const packageFile = path.join(root, 'package.json');
  if (existsSync(packageFile)) {
    const pkg = readPackageJson(root, packageFile, warnings);
    if (pkg && typeof pkg === 'object' && 'debtScan' in pkg) {
      return { config: resolveConfig((pkg as { debtScan: unknown }).debtScan, 'package.json#debtScan', preset), warnings };
    }
  }
  return { config: resolveConfig({}, 'defaults', preset), warnings };
}

/**
 * Is the file a link to a regular file outside the root? A link to anything else (a device) or
 * one that cannot be resolved is left to the reading to refuse and report.
 */
function leadsOutside(root: string, file: string): boolean {
  try {
    if (!lstatSync(file).isSymbolicLink() || !statSync(file).isFile()) return false;
    const relative = path.relative(realpathSync(root), realpathSync(file));
    return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  } catch {
    return false;
  }
}

/** The parsed JSON of a configuration file; a ConfigError when it is no regular file, too large, unreadable or not JSON. */
function readJson(file: string, shown: string): unknown {
  const read = readRegularFile(file, MAX_CONFIGURATION_BYTES);
  if (!read.ok) throw new ConfigError(shown, [unreadableProblem(read.reason, read.detail)]);
  try {
    return JSON.parse(read.bytes.toString('utf8').replace(/^\uFEFF/u, ''));
  } catch (error) {
    throw new ConfigError(shown, [`is not valid JSON: ${errorMessage(error)}`]);
  }
}

function unreadableProblem(reason: 'special-file' | 'too-large' | 'unreadable', detail: string): string {
  if (reason === 'special-file') return `is not a regular file (${detail.replace(/, not a regular file$/u, '')})`;
  if (reason === 'too-large') return `is too large (${detail})`;
  return `cannot be read (${detail})`;
}

/** The root's package.json, for its `debtScan` key; one that cannot be read safely is left out with a warning. */
function readPackageJson(root: string, file: string, warnings: string[]): unknown {
  if (leadsOutside(root, file)) {
    warnings.push('package.json is a link to a file outside the scan root: not read for a debtScan configuration');
    return undefined;
  }
  const read = readRegularFile(file, MAX_CONFIGURATION_BYTES);
  if (!read.ok) {
    warnings.push(`package.json ${unreadableProblem(read.reason, read.detail)}: not read for a debtScan configuration`);
    return undefined;
  }
  try {
    return JSON.parse(read.bytes.toString('utf8'));
  } catch {
    return undefined; // a broken package.json is not ours to report
  }
}

/** Validates a user configuration and fills in every default; `preset`, when given (`--preset`), replaces the configuration's. */
export function resolveConfig(raw: unknown, source: string, preset?: Preset): ResolvedConfig {
  if (!isEmptyObject(raw) && !validateConfig(raw)) {
    // Rule names are checked too, so that every problem of the file is printed at once.
    const schemaProblems = collapseErrors(configValidator?.errors ?? []).map((e) => describeSchemaError(e)).filter(unique);
    throw new ConfigError(source, [...schemaProblems, ...unknownRules((raw as { rules?: unknown }).rules)]);
  }
  const user = raw;
  const problems: string[] = [];
  const chosen = preset ?? user.preset ?? 'recommended';
  const rules = resolveRules(user, chosen, problems);
  problems.push(...unknownEffortRules(user), ...invalidGlobs(user));
  if (problems.length > 0) throw new ConfigError(source, problems);
  return { source, preset: chosen, rules, ...withDefaults(user) };
}

/** The heap a typed scan's program may take by default, in MiB: about 2.5 million lines of source with their declarations. */
const DEFAULT_PROGRAM_MIB = 2048;

/** Every field but the rules, with its default filled in. */
function withDefaults(user: UserConfig): Omit<ResolvedConfig, 'source' | 'preset' | 'rules'> {
  const { gate, modules, files, cache, scoring, churn, typed } = user;
  return {
    include: user.include ?? [],
    exclude: user.exclude ?? [],
    gate: { ...gate, failOn: gate?.failOn === 'warn' ? 'warning' : (gate?.failOn ?? 'error') },
    modules: { depth: modules?.depth ?? 2 },
    files: {
      maxFileSize: files?.maxFileSize ?? 1024 * 1024,
      maxLineLength: files?.maxLineLength ?? 1000,
      product: files?.product ?? [],
      nonProduct: files?.nonProduct ?? [],
    },
    cache: { enabled: cache?.enabled ?? true, ...(cache?.location ? { location: cache.location } : {}) },
    scoring: { minutesPerLine: scoring?.minutesPerLine ?? 30 },
    churn: { days: churn?.days ?? 90 },
    typed: typedSettings(typed),
    analyses: user.analyses ?? {},
  };
}

/** `typed: true` and `typed: {…}` turn the typed scan on; an object without `enabled` means on. */
function typedSettings(typed: UserConfig['typed']): ResolvedConfig['typed'] {
  if (typeof typed !== 'object') return { enabled: typed ?? false, maxProgramMiB: DEFAULT_PROGRAM_MIB };
  return { enabled: typed.enabled ?? true, maxProgramMiB: typed.maxProgramMiB ?? DEFAULT_PROGRAM_MIB };
}

function unknownEffortRules(user: UserConfig): string[] {
  return Object.keys(user.effort ?? {})
    .filter((name) => !catalogByName.has(name))
    .map((name) => unknownRule(`effort.${name}`, name));
}

function invalidGlobs(user: UserConfig): string[] {
  const problems: string[] = [];
  const fields = [['include', user.include], ['exclude', user.exclude], ['files.product', user.files?.product], ['files.nonProduct', user.files?.nonProduct]] as const;
  for (const [field, globs] of fields) {
    (globs ?? []).forEach((glob, index) => {
      try {
        loadPicomatch().makeRe(glob);
      } catch (error) {
        problems.push(`\`${field}[${index}]\` is not a valid glob (found ${JSON.stringify(glob)}: ${errorMessage(error)})`);
        return;
      }
      if (leavesRoot(glob)) {
        problems.push(`\`${field}[${index}]\` can match no file: globs match paths relative to the scan root, which never start with "/" or "../" or hold a ".." segment (found ${JSON.stringify(glob)})`);
      }
    });
  }
  return problems;
}

/** Does a glob name a place outside the scan root (an absolute path or a `..` segment), where no scanned path can be? */
function leavesRoot(glob: string): boolean {
  const pattern = normalizeSlashes(glob);
  return pattern.startsWith('/') || /^[A-Za-z]:\//u.test(pattern) || pattern.split('/').includes('..');
}

function resolveRules(user: UserConfig, preset: Preset, problems: string[]): ResolvedRule[] {
  const settings = user.rules ?? {};
  problems.push(...unknownRules(settings));
  const resolved: ResolvedRule[] = [];
  for (const definition of ruleCatalog) {
    const setting: RuleSetting | undefined = settings[definition.name] ?? settings[`debt-scan/${definition.name}`];
    const inPreset = preset === 'strict' || definition.meta.docs.recommended === 'recommended';
    const [severity, userOptions] = normaliseSetting(setting, inPreset ? definition.meta.severity : 'off');
    if (severity === 'off') continue;
    const options = mergeOptions(definition.defaultOptions, userOptions);
    if (userOptions) {
      const problem = validateRuleOptions(definition.name, definition.meta.schema, [userOptions]);
      if (problem) problems.push(problem);
    }
    resolved.push({
      name: definition.name,
      severity,
      options,
      effortMinutes: user.effort?.[definition.name] ?? definition.meta.effortMinutes,
      fileRoles: definition.meta.fileRoles ?? ['product'],
    });
  }
  return resolved;
}

/** A problem for each name under `rules` that names no rule (with or without the `debt-scan/` prefix). */
function unknownRules(settings: unknown): string[] {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return [];
  return Object.keys(settings).flatMap((name) => {
    const bare = name.startsWith('debt-scan/') ? name.slice('debt-scan/'.length) : name;
    return catalogByName.has(bare) ? [] : [unknownRule(`rules.${name}`, bare)];
  });
}

function normaliseSetting(
  setting: RuleSetting | undefined,
  fallback: 'error' | 'warn' | 'off',
): ['error' | 'warn' | 'off', Record<string, unknown> | undefined] {
  if (setting === undefined) return [fallback, undefined];
  if (typeof setting === 'string') return [setting, undefined];
  return [setting[0], setting[1]];
}

/** Merges the user's option object over the rule's first default option object. */
function mergeOptions(defaults: readonly unknown[], user: Record<string, unknown> | undefined): readonly unknown[] {
  if (!user) return defaults;
  const [first, ...rest] = defaults;
  const base = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
  return [{ ...base, ...user }, ...rest];
}

const ruleValidators = new Map<string, ReturnType<AjvInstance['compile']>>();

function validateRuleOptions(name: string, schema: unknown[], options: unknown[]): string | undefined {
  let validate = ruleValidators.get(name);
  if (!validate) {
    validate = ajv().compile({ type: 'array', items: schema, minItems: 0, maxItems: schema.length });
    ruleValidators.set(name, validate);
  }
  if (validate(options)) return undefined;
  const error = validate.errors?.[0];
  if (!error) return undefined;
  const field = error.instancePath.replace(/^\/0/u, '').split('/').filter(Boolean).join('.');
  const where = `rules.${name}[1]${field ? `.${field}` : ''}`;
  return describeSchemaError({ ...error, instancePath: '' }, where);
}

function unknownRule(where: string, name: string): string {
  const suggestion = closestRuleName(name);
  return `\`${where}\` names no debt-scan rule (found "${name}")${suggestion ? `; did you mean "${suggestion}"?` : ''}`;
}

export function closestRuleName(name: string): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const definition of ruleCatalog) {
    const distance = editDistance(name, definition.name);
    if (!best || distance < best.distance) best = { name: definition.name, distance };
  }
  return best && best.distance <= Math.max(3, Math.floor(name.length / 4)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** One line per schema violation: the field's path, what was expected and what was found. */
export function describeSchemaError(error: ErrorObject, where?: string): string {
  const field = where ?? (error.instancePath.split('/').filter(Boolean).join('.') || '(top level)');
  const found = `(found ${JSON.stringify(error.data)})`;
  switch (error.keyword) {
    case 'enum':
      return `\`${field}\` must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} ${found}`;
    case 'type':
      return `\`${field}\` must be ${article(String(error.params.type))} ${found}`;
    case 'additionalProperties': {
      const extra = String(error.params.additionalProperty);
      return `\`${field === '(top level)' ? extra : `${field}.${extra}`}\` is not a known field`;
    }
    case 'oneOf':
      return `\`${field}\` must be "error", "warn", "off" or [severity, options] ${found}`;
    default:
      return `\`${field}\` ${error.message ?? 'is invalid'} ${found}`;
  }
}

/** Keeps one message per `oneOf` field instead of one per alternative that failed. */
function collapseErrors(errors: ErrorObject[]): ErrorObject[] {
  const oneOfPaths = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath);
  return errors.filter(
    (e) => e.keyword === 'oneOf' || !oneOfPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`)),
  );
}

function article(type: string): string {
  return /^[aeiou]/u.test(type) ? `an ${type}` : `a ${type}`;
}

function unique(value: string, index: number, all: string[]): boolean {
  return all.indexOf(value) === index;
}
