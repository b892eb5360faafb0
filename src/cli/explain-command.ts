import { readFileSync } from 'node:fs';
import type { Command } from './commander.js';
import { escapeTerminalLines as safeLines } from '../../reporters/terminal-text.js';
import { ruleCatalog } from '../../rules/catalog.js';
import { closestRuleName } from '../config/load-config.js';
import { UsageError } from '../errors.js';
import { TOOL_NAME } from '../version.js';
import { EXIT, type ExitCode } from './exit-codes.js';

interface ExplainIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** `debt-scan explain [rule]`: a rule's documentation in the terminal, or the list of rules. */
export function registerExplainCommand(program: Command, io: ExplainIo, done: (code: ExitCode) => void): void {
  program
    .command('explain')
    .description("print a rule's documentation (why it reports, examples, options, measured precision), or list the rules")
    .argument('[rule]', 'the rule, with or without the debt-scan/ prefix')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(safeLines(s)) })
    .action((rule: string | undefined) => {
      io.stdout.write(rule === undefined ? listRules() : explainRule(rule));
      done(EXIT.success);
    });
}

/** The shipped documentation of a rule, as Markdown, which reads as plain text. */
export function explainRule(rule: string): string {
  const name = rule.startsWith(`${TOOL_NAME}/`) ? rule.slice(TOOL_NAME.length + 1) : rule;
  if (!ruleCatalog.some((r) => r.name === name)) {
    const suggestion = closestRuleName(name);
    throw new UsageError(`no debt-scan rule is named "${rule}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (debt-scan explain lists them)`);
  }
  // docs/ is shipped with the package: two levels above src/cli, three above dist/src/cli.
  for (const relative of ['../../docs/rules/', '../../../docs/rules/']) {
    try {
      return readFileSync(new URL(`${relative}${name}.md`, import.meta.url), 'utf8');
    } catch {
      // not in this layout: try the other
    }
  }
  throw new Error(`the documentation of ${name} is missing from this installation`);
}

/** Every rule with its category, rule set and description, one per line. */
export function listRules(): string {
  const width = Math.max(...ruleCatalog.map((r) => r.name.length));
  const lines = ruleCatalog.map((r) => `  ${r.name.padEnd(width)}  ${r.meta.category.padEnd(20)}  ${r.meta.docs.recommended.padEnd(11)}  ${r.meta.docs.description}`);
  return [`${ruleCatalog.length} rules (debt-scan explain <rule> prints one's documentation):`, ...lines, ''].join('\n');
}
