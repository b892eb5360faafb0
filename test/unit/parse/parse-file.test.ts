import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import ts from '../../../src/parse/typescript.cjs';
import { SOURCE_EXTENSIONS, parseFile, scriptKindOf } from '../../../src/parse/parse-file.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/', import.meta.url));

function sourceFilesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SOURCE_EXTENSIONS.some((extension) => entry.name.endsWith(extension)))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every node of the tree in source order, each with its parent's place in that order (-1 for the root). */
function parentIndexes(sourceFile: ts.SourceFile): string[] {
  const order = new Map<ts.Node, number>();
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    order.set(node, nodes.length);
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return nodes.map((node) => `${ts.SyntaxKind[node.kind]}@${node.pos} <- ${node.parent === undefined ? -1 : (order.get(node.parent) ?? 'outside')}`);
}

describe('parseFile', () => {
  const files = sourceFilesBelow(FIXTURES);

  it('sets the same parent on every node as TypeScript’s setParentNodes, in every fixture file', () => {
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const ours = parseFile(file, text).sourceFile;
      const theirs = ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, scriptKindOf(file));
      expect(parentIndexes(ours), path.relative(FIXTURES, file)).toEqual(parentIndexes(theirs));
    }
  });

  it('leaves no node without a parent, and finds the file from any node', () => {
    const text = 'export const f = async <T,>(x?: T) => { try { return [x!, `${x}`] as const; } catch (e) { throw new Error("f", { cause: e }); } };\n';
    const { sourceFile } = parseFile('f.ts', text);
    const orphans: ts.Node[] = [];
    const causes: ts.Node[] = [];
    const visit = (node: ts.Node): void => {
      if (node.parent === undefined) orphans.push(node);
      if (ts.isIdentifier(node) && node.text === 'e' && ts.isPropertyAssignment(node.parent)) causes.push(node);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(sourceFile, visit);
    expect(orphans).toEqual([]);
    expect(causes).toHaveLength(1);
    expect(causes[0].getSourceFile()).toBe(sourceFile);
    expect(causes[0].parent.getText()).toBe('cause: e');
  });

  it('sets parents in a tree too deep for recursion (a sum of 200,000 terms)', () => {
    const text = `export const total = ${Array.from({ length: 200_000 }, (_, i) => `v${i}`).join(' + ')};\n`;
    const { sourceFile, syntaxErrors } = parseFile('sum.ts', text);
    expect(syntaxErrors).toEqual([]);
    const [declaration] = (sourceFile.statements[0] as ts.VariableStatement).declarationList.declarations;
    let node = declaration.initializer as ts.Expression;
    let depth = 0;
    while (ts.isBinaryExpression(node)) {
      expect(node.left.parent).toBe(node);
      expect(node.right.parent).toBe(node);
      node = node.left;
      depth += 1;
    }
    expect(node.getText()).toBe('v0');
    expect(depth).toBe(199_999);
  });
});
