import path from 'node:path';
import { discoverFiles } from '../discover/discover-files.js';
import { fileRoleOf } from '../discover/file-role.js';
import { readSource } from '../discover/read-source.js';
import { resolveConfig } from '../config/load-config.js';

/** A folder `debt-scan init` proposes to configure, with the evidence for it. */
export interface FolderProposal {
  /** POSIX path relative to the root, without a trailing slash. */
  folder: string;
  /** Why: what its files are. */
  evidence: string;
}

export interface LayoutProposal {
  /** Source files discovery found. */
  files: number;
  /** Folders of test code that debt-scan's own detection takes for product code: for `files.nonProduct`. */
  nonProduct: FolderProposal[];
  /** Folders of generated code not already skipped whole: for `exclude`. */
  generated: FolderProposal[];
}

/** Test files a folder must hold, at least, before its other files count as test helpers. */
const MIN_TEST_FILES = 3;
/** The share of a folder's files that must be tests (by name) for the rest to count as their helpers. */
const TEST_SHARE = 0.6;
/**
 * Folder names of tests, which debt-scan's detection leaves to product code inside a source tree
 * (`src/test/` is as often a feature of the product as its tests); only such a folder is proposed.
 */
const TEST_FOLDER = /^(?:tests?|testing|specs?|test-?utils|test-?helpers|__helpers__|mocks?|fixtures?)$/iu;
/** The share of a folder's files that must carry a generated-file marker for the folder to be excluded. */
const GENERATED_SHARE = 0.5;

/**
 * Reads the tree as a scan would (the same discovery, `.gitignore` and limits) and proposes only
 * what its files show, conservatively: a folder named for tests whose files are mostly tests by
 * name, where the others are classified as product code and have no test of their own beside
 * them (helpers in `src/test/`, which debt-scan does not take for tests inside a source tree;
 * colocated tests beside the code they test are not such a folder); a folder whose files mostly carry a generated-file
 * marker, where others do not (debt-scan skips the marked ones already). Nothing is proposed
 * for a folder that holds product code by its files' own names.
 */
export function detectLayout(root: string): LayoutProposal {
  const defaults = resolveConfig({}, 'defaults');
  const { maxFileSize, maxLineLength } = defaults.files;
  const discovery = discoverFiles(root, [root], { include: defaults.include, exclude: defaults.exclude, maxFileSize });
  const byFolder = countByFolder(discovery.files, (file) => readSource(file, maxLineLength, maxFileSize));
  const nonProduct: FolderProposal[] = [];
  const generated: FolderProposal[] = [];
  for (const [folder, counts] of [...byFolder].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (counts.tests >= MIN_TEST_FILES && counts.product > 0 && counts.tests / counts.total >= TEST_SHARE && TEST_FOLDER.test(path.posix.basename(folder)) && counts.tested === 0) {
      nonProduct.push({ folder, evidence: `${counts.tests} of its ${counts.total} files are tests; the other ${counts.product} would count as product code` });
    }
    if (counts.generated > 0 && counts.generated < counts.total && counts.generated / counts.total >= GENERATED_SHARE) {
      generated.push({ folder, evidence: `${counts.generated} of its ${counts.total} files say they are generated` });
    }
  }
  return { files: discovery.files.length, nonProduct: outermost(nonProduct), generated: outermost(generated) };
}

interface FolderCounts {
  tests: number;
  product: number;
  /** Product files with a test of their own beside them (`x.ts` and `x.test.ts`): code under test, not a helper. */
  tested: number;
  generated: number;
  total: number;
}

/** Per folder (files at the root left out): its test files by name, product files by role, generated files by marker. */
function countByFolder(files: readonly { file: string; absolute: string }[], read: (absolute: string) => ReturnType<typeof readSource>): Map<string, FolderCounts> {
  const byFolder = new Map<string, FolderCounts>();
  const testedStems = new Set(files.flatMap((f) => /^(.*?)(?:\.[\w-]+)?\.(?:test|spec)\.[cm]?[jt]sx?$/u.exec(f.file)?.[1] ?? []));
  for (const file of files) {
    const folder = path.posix.dirname(file.file);
    if (folder === '.') continue;
    const counts = byFolder.get(folder) ?? { tests: 0, product: 0, tested: 0, generated: 0, total: 0 };
    counts.total += 1;
    const role = fileRoleOf(file.file);
    if (role === 'test' && /\.(?:test|spec)\.[cm]?[jt]sx?$/u.test(file.file)) counts.tests += 1;
    else if (role === 'product') {
      counts.product += 1;
      if (testedStems.has(file.file.replace(/\.[cm]?[jt]sx?$/u, ''))) counts.tested += 1;
    }
    const text = read(file.absolute);
    if (!text.ok && text.reason === 'generated') counts.generated += 1;
    byFolder.set(folder, counts);
  }
  return byFolder;
}

/** Leaves out folders inside another proposed one: its glob covers them. */
function outermost(proposals: readonly FolderProposal[]): FolderProposal[] {
  return proposals.filter((p) => !proposals.some((other) => other !== p && p.folder.startsWith(`${other.folder}/`)));
}
