/**
 * Structural limits for untrusted JSON: depth, size and prototype-polluting keys.
 * Used by the contract's schemas for free-form documents and by the design and clipboard parsers (graph),
 * which is why it lives here, below both: a hostile file or payload is refused with a reason.
 */
export interface JsonLimits {
  maxDepth: number;
  maxNodes: number;
  maxStringLength: number;
}

export const defaultJsonLimits: JsonLimits = { maxDepth: 64, maxNodes: 200_000, maxStringLength: 100_000 };

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Returns null when `value` is plain JSON within the limits, otherwise a message naming the problem. */
export function checkJson(value: unknown, limits: JsonLimits = defaultJsonLimits): string | null {
  let nodes = 0;
  // Iterative walk: deep nesting must not overflow our own stack before we can reject it.
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '$' }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    nodes += 1;
    if (nodes > limits.maxNodes) return `it has more than ${limits.maxNodes} values`;
    if (item.depth > limits.maxDepth) return `it is nested deeper than ${limits.maxDepth} levels (at ${item.path})`;
    const v = item.value;
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${item.path} is not a finite number`;
      continue;
    }
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength) return `${item.path} is a string longer than ${limits.maxStringLength} characters`;
      continue;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ value: v[i], depth: item.depth + 1, path: `${item.path}[${i}]` });
      continue;
    }
    if (typeof v === 'object') {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return `${item.path} is not a plain object`;
      for (const key of Object.keys(v)) {
        if (forbiddenKeys.has(key)) return `${item.path} has the forbidden key "${key}"`;
        stack.push({ value: (v as Record<string, unknown>)[key], depth: item.depth + 1, path: `${item.path}.${key}` });
      }
      continue;
    }
    return `${item.path} is not a JSON value`;
  }
  return null;
}
