import path from 'node:path';
import { readRegularFile } from '../discover/read-regular-file.js';
import { analyzeTypedFile, failedAnalysis, type FileResult } from '../engine/analyze-file.js';
import type { EnabledRule } from '../engine/run-detectors.js';
import type { Notification, TypesSummary } from '../model/types.js';
import { stripBom } from '../parse/source-files.js';
import type { FileRole } from '../rule/types.js';
import ts from '../parse/typescript.cjs';
import { collectGarbage } from './collect-garbage.js';
import type { TypedGroup, TypedPlan } from './tsconfig-groups.js';
import type { WorkspaceLinks } from './workspace-links.js';
import { normalizeSlashes } from '../util/paths.js';

/** A scanned file of a typed group: its text as the scan read it. */
export interface TypedJob {
  file: string;
  text: string;
  hash: string;
  role: FileRole;
}

export interface TypedOutcome {
  results: FileResult[];
  summary: TypesSummary;
  notifications: Notification[];
  /** Files of groups that could not be typed, to analyse without types. */
  untyped: string[];
  /** The largest program's heap (after a full collection before it was built), and the largest heap per byte of source (bench/typed.mjs). */
  measured: { heapMiB: number; heapPerSourceByte: number };
}

/**
 * Heap a program takes per byte of the source it holds (its files and the declarations they
 * reach), with its checker after the detectors' questions: 20 to 49 on the corpora's programs
 * (bench/typed.mjs prints the largest), so an estimate of 48 rarely falls short.
 */
export const HEAP_PER_SOURCE_BYTE = 48;
/** Declaration files larger than this are not read into a program (a generated API of hundreds of megabytes, say). */
const MAX_DECLARATION_BYTES = 32 * 1024 * 1024;

/**
 * Analyses each group's files with types, one program at a time: the program is built from the
 * group's tsconfig options over exactly the files the scan read (their text as read, so findings
 * are placed in the text the untyped analysis would see), every detector may ask its checker, and
 * the program is dropped before the next one is built, so memory holds one program at most. A
 * program whose source (its files and every declaration it reaches) would take more than
 * `maxProgramMiB` of heap is not built, or is dropped before any question is asked, and its files
 * are analysed without types; the notification says so.
 */
export function analyzeTyped(
  root: string,
  plan: TypedPlan,
  jobs: ReadonlyMap<string, TypedJob>,
  rules: readonly EnabledRule[],
  settings: { maxProgramMiB: number; links?: WorkspaceLinks; onFileDone?: (file: string) => void },
): TypedOutcome {
  const budget = settings.maxProgramMiB * 1024 * 1024;
  const results: FileResult[] = [];
  const notifications: Notification[] = [...plan.notifications];
  const untyped: string[] = [];
  const programs: TypesSummary['programs'] = [];
  const measured = { heapMiB: 0, heapPerSourceByte: 0 };
  for (const group of plan.groups) {
    const members = group.files.filter((file) => jobs.has(file));
    if (members.length === 0) continue;
    const ownBytes = members.reduce((sum, file) => sum + (jobs.get(file)?.text.length ?? 0), 0);
    if (ownBytes * HEAP_PER_SOURCE_BYTE > budget) {
      notifications.push(overBudget(group, ownBytes, settings.maxProgramMiB));
      untyped.push(...members);
      continue;
    }
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const program = buildProgram(root, group, members, jobs, settings.links);
    const allBytes = program.getSourceFiles().reduce((sum, sourceFile) => sum + sourceFile.text.length, 0);
    if (allBytes * HEAP_PER_SOURCE_BYTE > budget) {
      notifications.push(overBudget(group, allBytes, settings.maxProgramMiB));
      untyped.push(...members);
      continue;
    }
    const checker = program.getTypeChecker();
    const compilerOptions = program.getCompilerOptions();
    for (const file of members) {
      const job = jobs.get(file);
      const sourceFile = program.getSourceFile(absolute(root, file));
      if (!job) continue;
      if (!sourceFile) {
        untyped.push(file);
        continue;
      }
      try {
        results.push(analyzeTypedFile(file, job.text, job.hash, rules, job.role, { sourceFile, checker, compilerOptions }));
      } catch (error) {
        results.push(failedAnalysis(file, job.hash, error));
      }
      settings.onFileDone?.(file);
    }
    const heap = process.memoryUsage().heapUsed - heapBefore;
    measured.heapMiB = Math.max(measured.heapMiB, Math.round(heap / 1024 / 1024));
    measured.heapPerSourceByte = Math.max(measured.heapPerSourceByte, Math.round((heap / allBytes) * 10) / 10);
    programs.push({ config: group.config, files: members.length, sourceMiB: Math.round((allBytes / 1024 / 1024) * 10) / 10 });
  }
  collectGarbage();
  const typedFiles = results.length;
  return {
    results,
    notifications,
    untyped,
    summary: { files: typedFiles, untypedFiles: 0, programs },
    measured,
  };
}

function overBudget(group: TypedGroup, bytes: number, maxProgramMiB: number): Notification {
  const needed = Math.ceil((bytes * HEAP_PER_SOURCE_BYTE) / 1024 / 1024);
  return {
    level: 'warning',
    kind: 'typed-memory',
    message: `${group.config}: its program would take about ${needed} MiB, over the ${maxProgramMiB} MiB budget (typed.maxProgramMiB); its ${group.files.length} files were analysed without types`,
    file: group.config,
  };
}

/**
 * A program over the group's files, with the text the scan read for them: the compiler host
 * reads other files (declarations, files the group imports) from the disk, regular files only
 * and of a bounded size, and never emits, runs or loads anything (tsconfig plugins included).
 */
function buildProgram(root: string, group: TypedGroup, members: readonly string[], jobs: ReadonlyMap<string, TypedJob>, links: WorkspaceLinks | undefined): ts.Program {
  const options: ts.CompilerOptions = { ...group.options, noEmit: true, composite: false, incremental: false, declaration: false, plugins: [] };
  const own = new Map(members.map((file) => [absolute(root, file), jobs.get(file)?.text ?? '']));
  const host = ts.createCompilerHost(options, true);
  const readFile = (file: string): string | undefined => {
    const text = own.get(normalizeSlashes(file));
    if (text !== undefined) return text;
    const read = readRegularFile(links?.target(file) ?? file, MAX_DECLARATION_BYTES);
    return read.ok ? stripBom(read.bytes.toString('utf8')) : undefined;
  };
  host.readFile = readFile;
  host.getSourceFile = (fileName, languageVersionOrOptions) => {
    const text = readFile(fileName);
    return text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersionOrOptions, true);
  };
  host.writeFile = () => undefined;
  if (links) {
    host.fileExists = (file) => own.has(normalizeSlashes(file)) || links.fileExists(file);
    host.directoryExists = (directory) => links.directoryExists(directory);
    host.realpath = (file) => links.realpath(file);
  }
  return ts.createProgram({ rootNames: [...own.keys()], options, host });
}

function absolute(root: string, file: string): string {
  return normalizeSlashes(path.resolve(root, file));
}

