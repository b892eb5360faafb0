/**
 * `JSON.stringify(value, null, 2)` in pieces: the objects and arrays of the top `depth` levels are
 * written piece by piece, each value below them by a `JSON.stringify` of its own, so that a report
 * of tens of megabytes is never one string (in V8, one that holds a character beyond Latin-1 takes
 * two bytes a character, and writing it copies it twice more). Joined, the pieces are the same
 * text, byte for byte; they are made as they are read. Values with a `toJSON` method are stringified whole.
 */
export function prettyJsonChunks(value: unknown, depth: number): Generator<string> {
  return pieces(value, '', depth);
}

/** What `JSON.stringify` leaves out of an object, and writes as `null` in an array. */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  if (depth <= 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const text = JSON.stringify(value, null, 2);
    yield indent === '' ? text : text.replaceAll('\n', `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (const [index, item] of (value as unknown[]).entries()) {
      yield `${index === 0 ? '' : ','}\n${inner}`;
      if (isOmitted(item)) yield 'null';
      else yield* pieces(item, inner, depth - 1);
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = Object.entries(value).filter(([, item]) => !isOmitted(item));
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (const [index, [key, item]] of entries.entries()) {
    yield `${index === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* pieces(item, inner, depth - 1);
  }
  yield `\n${indent}}`;
}
