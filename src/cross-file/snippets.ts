import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';
import type { CrossFileOutcome } from './run-cross-file.js';
import type { FileSource } from '../source/file-source.js';
import { classifySource, readSource, type SourceRead } from '../discover/read-source.js';
import type { AnalysisJob } from '../engine/analysis-job.js';
import { lineStartsOf, snippetOf } from '../model/snippet.js';
import type { CrossFileReport } from '../rule/types.js';

/**
 * Cross-file findings carry their code too; kept with the outcome, so that a cached run reads
 * nothing for them. `renew`: the outcome was kept from an earlier run while the jobs' files
 * changed (not their linkage), so the lines of its findings in those files are taken anew.
 */
export async function withSnippets(
  crossFile: CrossFileOutcome,
  jobs: readonly AnalysisJob[],
  root: string,
  config: ResolvedConfig,
  options: { snippets?: boolean; source?: FileSource; renew?: boolean },
): Promise<void> {
  if (options.snippets === false) return;
  if (options.renew) {
    const changed = new Set(jobs.map((job) => job.file));
    for (const { report } of crossFile.crossFileReports) if (changed.has(report.file)) delete report.snippet;
  }
  await attachSnippets(crossFile.crossFileReports, jobs, textReader(root, options.source, config.files));
}

/**
 * Fills in the source lines of findings placed by cross-file phases (clones, import graph),
 * from the text this run read or else from the file, read the way discovery reads sources.
 */
async function attachSnippets(reports: readonly { report: CrossFileReport }[], jobs: readonly AnalysisJob[], readText: (files: readonly string[]) => Promise<Map<string, string>>): Promise<void> {
  const known = new Map(jobs.map((job) => [job.file, job.text]));
  // An outcome reused from an earlier scan of the same files already has them.
  const wanting = reports.filter((r) => r.report.snippet === undefined);
  const missing = [...new Set(wanting.map((r) => r.report.file))].filter((file) => !known.has(file));
  for (const [file, text] of await readText(missing)) known.set(file, text);
  const lineStarts = new Map<string, number[]>();
  for (const { report } of wanting) {
    const text = known.get(report.file);
    if (text === undefined) continue;
    if (!lineStarts.has(report.file)) lineStarts.set(report.file, lineStartsOf(text));
    report.snippet = snippetOf(text, lineStarts.get(report.file)!, report.line, report.endLine);
  }
}

/** Reads source texts the way discovery does, from the disk or from a source such as a git tree; unreadable ones are left out. */
function textReader(root: string, source: FileSource | undefined, limits: { maxLineLength: number; maxFileSize: number }): (files: readonly string[]) => Promise<Map<string, string>> {
  const { maxLineLength, maxFileSize } = limits;
  const texts = (files: readonly string[], reads: readonly SourceRead[]) => new Map(files.flatMap((file, i) => (reads[i].ok ? [[file, reads[i].text] as const] : [])));
  if (!source) return async (files) => texts(files, files.map((file) => readSource(path.join(root, file), maxLineLength, maxFileSize)));
  const entries = new Map(source.entries.map((e) => [e.file, e]));
  return async (files) => {
    const wanted = files.flatMap((file) => entries.get(file) ?? []);
    const bytes = await source.read(wanted);
    return texts(wanted.map((e) => e.file), bytes.map((b) => classifySource(b, maxLineLength)));
  };
}
