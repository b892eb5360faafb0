import type * as Commander from 'commander';
import { requireCjs } from '../util/require-cjs.js';

/** commander's classes, loaded with `require` (see src/util/require-cjs.ts). */
export const { Command, CommanderError, Option } = requireCjs('commander') as typeof Commander;
export type Command = Commander.Command;
export type Option = Commander.Option;
