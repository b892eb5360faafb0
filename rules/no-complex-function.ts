import { ts, DECISION_KINDS, defineRule, functionName, isDecisionPoint } from '../src/rule/index.js';
import { FUNCTION_KINDS } from './utils/error-handling.js';

export type MessageId = 'tooComplex';
export type Options = [{ maxComplexity: number }];

type FunctionLike = ts.FunctionLikeDeclaration;

export default defineRule<Options, MessageId>({
  name: 'no-complex-function',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow functions whose cyclomatic complexity exceeds a limit',
      recommended: 'strict',
    },
    category: 'complexity',
    effortMinutes: 20,
    severity: 'warn',
    precision: 'low',
    messages: {
      tooComplex:
        '{{ name }} has a cyclomatic complexity of {{ complexity }} (limit {{ max }}): every branch is a path to test and a place for an unchecked case to hide. Split it into smaller functions.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxComplexity: {
            type: 'integer',
            minimum: 1,
            description: 'The highest cyclomatic complexity (1 + decision points) a function may have.',
          },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ maxComplexity: 15 }],
  detect(context, [{ maxComplexity }]) {
    const stack: { node: FunctionLike; complexity: number }[] = [];
    const count = (node: ts.Node): void => {
      const current = stack.at(-1);
      if (!current) return;
      if (isDecisionPoint(node)) current.complexity += 1;
    };
    const enter: Partial<Record<ts.SyntaxKind, (node: ts.Node) => void>> = {};
    const exit: Partial<Record<ts.SyntaxKind, (node: ts.Node) => void>> = {};
    for (const kind of DECISION_KINDS) enter[kind] = count;
    enter[ts.SyntaxKind.BinaryExpression] = count;
    for (const kind of FUNCTION_KINDS) {
      enter[kind] = (node) => stack.push({ node: node as FunctionLike, complexity: 1 });
      exit[kind] = () => {
        const done = stack.pop();
        if (!done || done.complexity <= maxComplexity) return;
        const { node } = done;
        const name = functionName(node, context.sourceFile);
        context.report({
          start: node.getStart(context.sourceFile),
          end: headEnd(node),
          messageId: 'tooComplex',
          data: { name: name === '<anonymous>' ? 'This function' : `Function '${name}'`, complexity: done.complexity, max: maxComplexity },
        });
      };
    }
    return { enter, exit };
  },
});

/** The end of the function's head (up to its body), so that the report does not cover the whole body. */
function headEnd(node: FunctionLike): number {
  return node.body ? node.body.getStart() : node.getEnd();
}
