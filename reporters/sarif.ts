import type { Finding, ReportModel } from '../src/model/types.js';
import { FINGERPRINT_VERSION } from '../src/model/fingerprint.js';
import type { Renderer } from './types.js';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** SARIF 2.1.0 for code scanning: one run, every rule of the run, results with stable fingerprints. */
export const renderSarif: Renderer = (model, options) => {
  const ruleIndex = new Map(model.rules.map((r, i) => [r.ruleId, i]));
  const findings = options.includeSuppressed ? [...model.findings, ...model.suppressed] : model.findings;
  const run = {
    tool: {
      driver: {
        name: model.tool.name,
        semanticVersion: model.tool.version,
        informationUri: model.tool.informationUri,
        rules: model.rules.map((r) => ({
          id: r.ruleId,
          name: r.name,
          shortDescription: { text: r.description },
          fullDescription: { text: r.description },
          help: { text: `${r.description}. See ${r.docsUrl}`, markdown: `${r.description}. [Documentation](${r.docsUrl})` },
          helpUri: r.docsUrl,
          defaultConfiguration: { level: r.level },
          properties: {
            category: r.category,
            tags: [r.category, 'maintainability'],
            'problem.severity': r.level === 'error' ? 'error' : 'warning',
            effortMinutes: r.effortMinutes,
          },
        })),
      },
    },
    invocations: [
      {
        executionSuccessful: true,
        ...(options.commandLine ? { commandLine: options.commandLine } : {}),
        toolExecutionNotifications: model.notifications.map((n) => ({
          level: n.level,
          message: { text: n.message },
          descriptor: { id: n.kind },
          ...(n.file
            ? { locations: [{ physicalLocation: { artifactLocation: { uri: n.file, uriBaseId: '%SRCROOT%' }, ...(n.line ? { region: { startLine: n.line, ...(n.column ? { startColumn: n.column } : {}) } } : {}) } }] }
            : {}),
        })),
      },
    ],
    originalUriBaseIds: { '%SRCROOT%': { uri: rootUri(model.root) } },
    ...(options.sarifCategory ? { automationDetails: { id: `${options.sarifCategory.replace(/\/$/u, '')}/` } } : {}),
    results: findings.map((f) => toResult(f, ruleIndex.get(f.ruleId) ?? -1)),
    columnKind: 'utf16CodeUnits',
    properties: { modules: model.modules },
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
};

function toResult(f: Finding, ruleIndex: number) {
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.level,
    message: { text: f.message },
    locations: [location(f.file, f)],
    ...(f.related && f.related.length > 0
      ? { relatedLocations: f.related.map((r, i) => ({ id: i + 1, ...location(r.file, r), message: { text: r.message } })) }
      : {}),
    partialFingerprints: { primaryLocationLineHash: f.fingerprint, [`debtScanFingerprint/v${FINGERPRINT_VERSION}`]: f.fingerprint },
    properties: { debtMinutes: f.effortMinutes, module: f.module, category: f.category, ...(f.properties ?? {}) },
    ...(f.suppression ? { suppressions: [{ kind: f.suppression.kind, justification: f.suppression.justification }] } : {}),
  };
}

function location(file: string, r: { line: number; column: number; endLine: number; endColumn: number }) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
      region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: Math.max(r.endColumn, r.endLine === r.line ? r.column + 1 : 1) },
    },
  };
}

function rootUri(root: string): string {
  const posix = root.replace(/\\/gu, '/');
  return `file://${posix.startsWith('/') ? '' : '/'}${encodeURI(posix)}/`;
}

export type { ReportModel };
