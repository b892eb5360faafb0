import type { Level, ReportModel, RuleDescriptor } from '../src/model/types.js';
import { formatMinutes } from './format.js';

/** The SARIF rules of a run (`tool.driver`): one reporting descriptor per rule, with its help for code scanning. */

const DESCRIPTION_LIMIT = 1024;

export type Json = Record<string, unknown>;

export function toDriver(model: ReportModel): Json {
  return {
    name: model.tool.name,
    semanticVersion: model.tool.version,
    version: model.tool.version,
    informationUri: model.tool.informationUri,
    rules: model.rules.map(toReportingDescriptor),
  };
}

function toReportingDescriptor(rule: RuleDescriptor): Json {
  return {
    id: rule.ruleId,
    name: pascalCase(rule.name),
    shortDescription: { text: limitText(sentence(rule.description)) },
    fullDescription: { text: limitText(fullDescription(rule)) },
    help: { text: ruleHelp(rule, TEXT_HELP), markdown: ruleHelp(rule, MARKDOWN_HELP) },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: rule.level },
    properties: {
      category: rule.category,
      tags: ['maintainability', rule.category],
      precision: rule.precision ?? 'medium',
      'problem.severity': problemSeverity(rule.level),
      effortMinutes: rule.effortMinutes,
    },
  };
}

function fullDescription(rule: RuleDescriptor): string {
  return `${sentence(rule.description)} Each finding adds ${formatMinutes(rule.effortMinutes)} of ${rule.category} debt to its module's score.`;
}

/** Placeholders of a message template, shown as `<name>` in text and `*name*` in Markdown. */
function templates(rule: RuleDescriptor, placeholder: (name: string) => string): string[] {
  return Object.values(rule.messages ?? {}).map((t) => t.replace(/\{\{\s*([^{}]+?)\s*\}\}/gu, (_, name: string) => placeholder(name)));
}

interface HelpStyle {
  placeholder: (name: string) => string;
  strong: (text: string) => string;
  code: (text: string) => string;
  docs: (url: string) => string;
}

const TEXT_HELP: HelpStyle = {
  placeholder: (name) => `<${name}>`,
  strong: (text) => text,
  code: (text) => text,
  docs: (url) => `Documentation (why it fails in production, examples, options, when not to use the rule): ${url}`,
};

const MARKDOWN_HELP: HelpStyle = {
  placeholder: (name) => `*${name}*`,
  strong: (text) => `**${text}**`,
  code: (text) => `\`${text}\``,
  docs: (url) => `The [rule's documentation](${url}) explains why the pattern fails in production, shows flagged and fine examples, its options, and when not to use the rule.`,
};

/** The rule's help for code scanning's alert page, in plain text or Markdown. */
function ruleHelp(rule: RuleDescriptor, style: HelpStyle): string {
  const reports = templates(rule, style.placeholder).map((t) => `- ${t}`);
  return [
    style.strong(sentence(rule.description)),
    '',
    `Category: ${style.code(rule.category)} · debt per finding: ${formatMinutes(rule.effortMinutes)} · precision: ${rule.precision ?? 'medium'}`,
    ...(reports.length > 0 ? ['', 'What a finding says:', '', ...reports] : []),
    '',
    style.docs(rule.docsUrl),
    '',
    `To accept one finding deliberately, say why next to it: ${style.code(`// eslint-disable-next-line ${rule.ruleId} -- <reason>`)}`,
  ].join('\n');
}

function problemSeverity(level: Level): string {
  return level === 'note' ? 'recommendation' : level;
}

function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/u)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

function limitText(text: string): string {
  if (text.length <= DESCRIPTION_LIMIT) return text;
  const cut = text.slice(0, DESCRIPTION_LIMIT - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), DESCRIPTION_LIMIT - 80))}…`;
}
