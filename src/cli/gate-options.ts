import { Option, type Command } from './commander.js';
import type { ResolvedConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { CATEGORIES, type Category, type Rating } from '../model/types.js';

/** The gate's flags as commander hands them over. */
export interface GateFlags {
  failOnCategory?: string;
  maxDebt?: string;
  maxModuleDebt?: string;
  maxDebtGrowth?: string;
  minRating?: Rating;
}

/** The gate conditions beside `--fail-on`; each replaces the configuration's setting of the same name. */
export function addGateOptions(command: Command): Command {
  return command
    .option('--fail-on-category <categories>', `judge only findings of these categories for --fail-on, comma-separated: ${CATEGORIES.join(', ')} (gate.categories)`)
    .option('--max-debt <minutes>', 'fail when the total debt exceeds this many minutes (gate.maxDebtMinutes)')
    .option('--max-module-debt <minutes>', "fail when any module's debt exceeds this many minutes (gate.maxModuleDebtMinutes)")
    .option('--max-debt-growth <minutes>', 'with a baseline: fail when new findings add this many minutes more debt than fixed ones removed (gate.maxDebtGrowthMinutes)')
    .addOption(new Option('--min-rating <rating>', 'fail when any module rates worse than this (gate.minRating)').choices(['A', 'B', 'C', 'D', 'E']));
}

/** The gate settings the flags give, checked as the configuration's are. */
export function gateOverrides(flags: GateFlags): Partial<ResolvedConfig['gate']> {
  return {
    ...(flags.failOnCategory === undefined ? {} : { categories: categoriesOf(flags.failOnCategory) }),
    ...(flags.maxDebt === undefined ? {} : { maxDebtMinutes: minutesOf('--max-debt', flags.maxDebt) }),
    ...(flags.maxModuleDebt === undefined ? {} : { maxModuleDebtMinutes: minutesOf('--max-module-debt', flags.maxModuleDebt) }),
    ...(flags.maxDebtGrowth === undefined ? {} : { maxDebtGrowthMinutes: minutesOf('--max-debt-growth', flags.maxDebtGrowth) }),
    ...(flags.minRating === undefined ? {} : { minRating: flags.minRating }),
  };
}

function categoriesOf(value: string): Category[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(CATEGORIES as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`--fail-on-category takes categories from ${CATEGORIES.join(', ')} (found "${value}")`);
  }
  return [...new Set(names)] as Category[];
}

function minutesOf(flag: string, value: string): number {
  const minutes = Number(value);
  if (value.trim() === '' || !Number.isFinite(minutes) || minutes < 0) throw new UsageError(`${flag} takes a number of minutes, 0 or more (found "${value}")`);
  return minutes;
}
