import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { CrossFileOutcome } from './run-cross-file.js';
import type { FileSource } from '../source/file-source.js';
import { classifySource, readSource, type SourceRead } from '../discover/read-source.js';
import type { FileResult } from '../engine/analyze-file.js';
import { lineStartsOf, snippetOf } from '../model/snippet.js';
import { ownStrings } from '../util/own-strings.js';

/**
 * Cross-file findings carry their code too; kept with the outcome, so that a cached run reads
 * nothing for them. The texts are read again for the files that have such findings (the scan lets
 * go of the texts it analysed, a good part of a large scan's memory), and a file whose content is
 * no longer what was analysed gets no snippet rather than lines of another version. `renew`: the
 * outcome was kept from an earlier run while the `changed` files changed (not their linkage), so
 * the lines of its findings in those files are taken anew.
 */
export async function withSnippets(
  crossFile: CrossFileOutcome,
  files: { results: readonly FileResult[]; changed: readonly string[] },
  root: string,
  config: ResolvedConfig,
  options: { snippets?: boolean; source?: FileSource; renew?: boolean },
): Promise<void> {
  if (options.snippets === false) return;
  if (options.renew) {
    const changed = new Set(files.changed);
    for (const { report } of crossFile.crossFileReports) if (changed.has(report.file)) delete report.snippet;
  }
  // An outcome reused from an earlier scan of the same files already has them.
  const wanting = crossFile.crossFileReports.filter((r) => r.report.snippet === undefined);
  if (wanting.length === 0) return;
  const analysed = new Map(files.results.map((r) => [r.file, r.hash]));
  const texts = await textReader(root, options.source, config.files, analysed)([...new Set(wanting.map((r) => r.report.file))]);
  const lineStarts = new Map<string, number[]>();
  for (const { report } of wanting) {
    const text = texts.get(report.file);
    if (text === undefined) continue;
    if (!lineStarts.has(report.file)) lineStarts.set(report.file, lineStartsOf(text));
    // A copy: a slice would keep the whole text alive with the report.
    report.snippet = ownStrings(snippetOf(text, lineStarts.get(report.file)!, report.line, report.endLine));
  }
}

/**
 * Reads source texts the way discovery does, from the disk or from a source such as a git tree;
 * unreadable ones are left out, and so are files on the disk whose content is no longer the one
 * analysed (`analysed`: path to content hash). A tree's files cannot change.
 */
function textReader(
  root: string,
  source: FileSource | undefined,
  limits: { maxLineLength: number; maxFileSize: number },
  analysed: ReadonlyMap<string, string>,
): (files: readonly string[]) => Promise<Map<string, string>> {
  const { maxLineLength, maxFileSize } = limits;
  const texts = (files: readonly string[], reads: readonly SourceRead[], current: (file: string, hash: string) => boolean) =>
    new Map(files.flatMap((file, i) => {
      const read = reads[i];
      return read.ok && current(file, read.hash) ? [[file, read.text] as const] : [];
    }));
  if (!source) return async (files) => texts(files, files.map((file) => readSource(path.join(root, file), maxLineLength, maxFileSize)), (file, hash) => analysed.get(file) === hash);
  const entries = new Map(source.entries.map((e) => [e.file, e]));
  return async (files) => {
    const wanted = files.flatMap((file) => entries.get(file) ?? []);
    const bytes = await source.read(wanted);
    return texts(wanted.map((e) => e.file), bytes.map((b) => classifySource(b, maxLineLength)), () => true);
  };
}
