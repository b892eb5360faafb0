import path from 'node:path';
import { UsageError } from '../errors.js';

/** Where one rendering goes: a file, or stdout when `file` is absent. */
export interface OutputTarget<Format extends string> {
  format: Format;
  file?: string;
}

export interface OutputFormats<Format extends string> {
  formats: readonly Format[];
  /** The format of an output without a --format before it, by its extension. */
  byExtension: Readonly<Record<string, Format>>;
  /** The format when neither --format nor --output is given. */
  byDefault: Format;
  /** The format of an output whose extension names none; without it, such an output is a usage error. */
  unknownExtension?: Format;
  /** What the formats are called in messages ("format", "trend format"). */
  noun: string;
}

/**
 * Pairs each --output with the --format given before it, in command-line order; a format
 * without an output prints to stdout, an output without a format takes it from its extension.
 * Commander keeps repeated options apart, not their order, so the arguments are read here.
 */
export function planOutputs<Format extends string>(argv: readonly string[], spec: OutputFormats<Format>): OutputTarget<Format>[] {
  const pairs: { format?: string; file?: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const option = readOption(argv, i);
    if (!option) continue;
    i = option.next;
    if (option.name === 'format') pairs.push({ format: option.value });
    else if (pairs.length > 0 && pairs[pairs.length - 1].format !== undefined && pairs[pairs.length - 1].file === undefined) pairs[pairs.length - 1].file = option.value;
    else pairs.push({ file: option.value });
  }
  if (pairs.length === 0) return [{ format: spec.byDefault }];
  const isFormat = (value: string): value is Format => (spec.formats as readonly string[]).includes(value);
  const targets = pairs.map(({ format, file }): OutputTarget<Format> => {
    const resolved = format ?? formatFromExtension(file ?? '', spec);
    if (!isFormat(resolved)) throw new UsageError(`unknown ${spec.noun} "${resolved}"; choose one of ${spec.formats.join(', ')}`);
    return file === undefined || file === '-' ? { format: resolved } : { format: resolved, file };
  });
  const toStdout = targets.filter((t) => !t.file);
  if (toStdout.length > 1) throw new UsageError(`only one format can print to stdout; give --output files for ${toStdout.slice(1).map((t) => t.format).join(', ')}`);
  return targets;
}

/** Reads `-f x`, `-fx`, `--format x`, `--format=x` (and the same for -o/--output) at argv[i]. */
function readOption(argv: readonly string[], i: number): { name: 'format' | 'output'; value: string; next: number } | undefined {
  const token = argv[i];
  for (const [name, short, long] of [['format', '-f', '--format'], ['output', '-o', '--output']] as const) {
    if (token === short || token === long) return { name, value: argv[i + 1] ?? '', next: i + 1 };
    if (token.startsWith(`${long}=`)) return { name, value: token.slice(long.length + 1), next: i };
    if (token.startsWith(short) && !token.startsWith('--') && token.length > 2) return { name, value: token.slice(2), next: i };
  }
  return undefined;
}

function formatFromExtension<Format extends string>(file: string, spec: OutputFormats<Format>): Format {
  const format = spec.byExtension[path.extname(file).toLowerCase()] ?? spec.unknownExtension;
  if (!format) throw new UsageError(`cannot tell the format of ${file} from its extension; add --format before --output`);
  return format;
}
