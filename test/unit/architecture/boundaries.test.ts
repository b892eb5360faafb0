import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/fixtures.js';

/**
 * The layers' boundaries, checked over the TypeScript imports of `src`, `rules` and `reporters`:
 * static imports and re-exports (type-only ones too) and `import()` of a literal path, resolved
 * to the files they name.
 */
const LAYERS = ['src', 'rules', 'reporters'];

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(path.join(REPO_ROOT, dir))) {
      const relative = `${dir}/${name}`;
      if (statSync(path.join(REPO_ROOT, relative)).isDirectory()) walk(relative);
      else if (/\.[cm]?ts$/u.test(name) && !name.endsWith('.d.ts')) files.push(relative);
    }
  };
  for (const layer of LAYERS) walk(layer);
  return files.sort();
}

/** Each file's imports of files of the three layers (POSIX paths from the repository root). */
function importGraph(): Map<string, string[]> {
  const files = sourceFiles();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(path.join(REPO_ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const specifiers: string[] = [];
    const visit = (node: ts.Node): void => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) specifiers.push(node.moduleSpecifier.text);
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) specifiers.push(node.arguments[0].text);
      ts.forEachChild(node, visit);
    };
    visit(source);
    const targets = specifiers
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/u, '.ts').replace(/\.cjs$/u, '.cts'))
      .filter((target) => known.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === file) break;
    }
    if (component.length > 1) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) connect(file);
  return found;
}

describe('the layers', () => {
  const graph = importGraph();
  const importsOf = (predicate: (file: string) => boolean) => [...graph].filter(([file]) => predicate(file)).flatMap(([file, targets]) => targets.map((target) => `${file} -> ${target}`));

  it('import no file in a circle, type-only imports included', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(cycles(graph)).toEqual([]);
  });

  it('keep rules to the public rule API: a rule imports other rules and src/rule/index.ts, nothing else of debt-scan', () => {
    const outside = importsOf((file) => file.startsWith('rules/') && file !== 'rules/plugin.ts').filter((edge) => {
      const target = edge.split(' -> ')[1];
      return !target.startsWith('rules/') && target !== 'src/rule/index.ts';
    });
    expect(outside).toEqual([]);
  });

  it('keep reporters to the report models: they import nothing of the scanner but src/model and the trend model', () => {
    const outside = importsOf((file) => file.startsWith('reporters/')).filter((edge) => {
      const target = edge.split(' -> ')[1];
      return !target.startsWith('reporters/') && !target.startsWith('src/model/') && target !== 'src/trend/types.ts';
    });
    expect(outside).toEqual([]);
  });

  it('keep the core off the command line and the reporters (only the library entry renders)', () => {
    const core = (file: string) => file.startsWith('src/') && !file.startsWith('src/cli/') && file !== 'src/index.ts';
    const reaching = importsOf(core).filter((edge) => {
      const target = edge.split(' -> ')[1];
      return target.startsWith('src/cli/') || target.startsWith('reporters/');
    });
    expect(reaching).toEqual([]);
  });

  it('let only the entry points reach the rule registry: the engine and the cross-file stage take the rules as input', () => {
    const reaching = (registry: string) =>
      importsOf(() => true)
        .filter((edge) => edge.endsWith(` -> ${registry}`))
        .map((edge) => edge.split(' -> ')[0])
        .sort();
    // The plugin takes every rule; scans load the rules they enable (rules/load.ts).
    expect(reaching('rules/index.ts')).toEqual(['rules/plugin.ts']);
    expect(reaching('rules/load.ts')).toEqual(['src/cli/load-rules.ts', 'src/engine/worker.ts', 'src/index.ts']);
  });
});
