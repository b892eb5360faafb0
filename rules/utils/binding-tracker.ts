import { ts, type DetectContext, type NodeHandler } from '../../src/rule/index.js';

/** A declared name and the node it is visible in. */
export interface ScopedName {
  readonly name: ts.Identifier;
  readonly scope: ts.Node;
}

/** A variable, parameter or destructured name, and the node its name is visible in. */
export interface Binding extends ScopedName {
  declaration: ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement;
}

export interface BindingTracker {
  /** Records a `VariableDeclaration`, `Parameter` or `BindingElement` seen by the walk; other nodes are ignored. */
  record(node: ts.Node): void;
  /** The nearest recorded declaration of the identifier's name that is visible where it is used. */
  resolve(identifier: ts.Identifier): Binding | undefined;
}

/**
 * Resolves names to their declarations during the single walk, without a binder: declarations
 * are recorded as the walk enters them, and a name resolves to the latest one whose scope
 * contains the use. Enough to find `const res = await fetch(…)` from `res.json()`; shadowing by
 * names declared later in the same scope is not modelled.
 */
export function createBindingTracker(): BindingTracker {
  const names = createScopedNames<Binding>();
  return {
    record(node) {
      if (!ts.isVariableDeclaration(node) && !ts.isParameter(node) && !ts.isBindingElement(node)) return;
      if (!ts.isIdentifier(node.name)) return;
      const scope = scopeOf(node);
      if (scope) names.add({ name: node.name, declaration: node, scope });
    },
    resolve: (identifier) => names.find(identifier),
  };
}

/**
 * The file's one binding tracker, shared by every detector that resolves names: the walk records
 * each declaration once, ahead of all the detectors' handlers, where each detector would otherwise
 * record every declaration of the file into a tracker of its own.
 */
export function sharedBindings(context: Pick<DetectContext<string>, 'shared'>): BindingTracker {
  return context.shared('bindings', () => {
    const bindings = createBindingTracker();
    return { value: bindings, listener: { enter: declarationRecorders(bindings) } };
  });
}

/** The listeners that record every declaration the walk enters. */
function declarationRecorders(bindings: BindingTracker): Partial<Record<ts.SyntaxKind, NodeHandler>> {
  const record: NodeHandler = (node) => bindings.record(node);
  return {
    [ts.SyntaxKind.VariableDeclaration]: record,
    [ts.SyntaxKind.Parameter]: record,
    [ts.SyntaxKind.BindingElement]: record,
  };
}

/** Declared names recorded during the walk, each looked up from a later use of the name. */
export interface ScopedNames<Entry extends ScopedName> {
  add(entry: Entry): void;
  /**
   * The latest entry whose name is the identifier itself or is visible where the identifier is
   * used: after the point `visibleFrom` gives, inside its scope.
   */
  find(identifier: ts.Identifier): Entry | undefined;
  /** The entry a use of a name refers to, as `find`, but undefined where the identifier declares it. */
  referencedBy(identifier: ts.Identifier): Entry | undefined;
}

/**
 * Entries by name, for names declared in the order of the walk. `visibleFrom` is where an entry's
 * name starts to count (the end of the name by default; the end of the declaration to leave out
 * its own initializer).
 */
export function createScopedNames<Entry extends ScopedName>(visibleFrom: (entry: Entry) => number = (entry) => entry.name.end): ScopedNames<Entry> {
  const byName = new Map<string, Entry[]>();
  const find = (identifier: ts.Identifier): Entry | undefined => {
    const list = byName.get(identifier.text) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const entry = list[i];
      const { scope } = entry;
      if (entry.name === identifier) return entry;
      if (identifier.pos >= visibleFrom(entry) && identifier.end <= scope.end && identifier.pos >= scope.pos) return entry;
    }
    return undefined;
  };
  return {
    add(entry) {
      const list = byName.get(entry.name.text);
      if (list) list.push(entry);
      else byName.set(entry.name.text, [entry]);
    },
    find,
    referencedBy(identifier) {
      if (byName.size === 0) return undefined;
      const entry = find(identifier);
      return entry?.name === identifier ? undefined : entry;
    },
  };
}

/** Where a declaration's name is visible: its function for a parameter, its block or loop for a variable. */
function scopeOf(declaration: ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement): ts.Node | undefined {
  if (ts.isBindingElement(declaration)) {
    const holder = patternHolder(declaration);
    return holder && scopeOf(holder);
  }
  if (ts.isParameter(declaration)) return declaration.parent;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list)) return list; // a catch clause's variable
  const holder = list.parent;
  return ts.isVariableStatement(holder) ? holder.parent : holder;
}

/** The variable or parameter whose destructuring pattern declares the element. */
export function patternHolder(element: ts.BindingElement): ts.VariableDeclaration | ts.ParameterDeclaration | undefined {
  let node: ts.Node = element.parent;
  while (ts.isObjectBindingPattern(node) || ts.isArrayBindingPattern(node) || ts.isBindingElement(node)) node = node.parent;
  return ts.isVariableDeclaration(node) || ts.isParameter(node) ? node : undefined;
}

/**
 * The declared type of a binding: its annotation, or for `{ buffer }: { buffer?: [string] }`
 * the type of the destructured member in the annotation's type literal.
 */
export function declaredTypeOf(binding: Binding): ts.TypeNode | undefined {
  const { declaration } = binding;
  if (!ts.isBindingElement(declaration)) return declaration.type;
  const pattern = declaration.parent;
  const holder = pattern.parent;
  if (!ts.isObjectBindingPattern(pattern) || !(ts.isParameter(holder) || ts.isVariableDeclaration(holder))) return undefined;
  if (!holder.type || !ts.isTypeLiteralNode(holder.type)) return undefined;
  const key = declaration.propertyName ?? declaration.name;
  if (!ts.isIdentifier(key)) return undefined;
  for (const member of holder.type.members) {
    if (ts.isPropertySignature(member) && ts.isIdentifier(member.name) && member.name.text === key.text) return member.type;
  }
  return undefined;
}

/** The initializer of a binding's declaration, when it is a variable that has one. */
export function initializerOf(binding: Binding | undefined): ts.Expression | undefined {
  if (!binding || !ts.isVariableDeclaration(binding.declaration)) return undefined;
  return binding.declaration.initializer;
}

/** True when the binding is a `const` variable (its value cannot change after its declaration). */
export function isConstBinding(binding: Binding): boolean {
  const { declaration } = binding;
  return (
    ts.isVariableDeclaration(declaration) &&
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Const) !== 0
  );
}
