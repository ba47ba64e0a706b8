import type { XmlElement } from './safe-xml';

/**
 * Tiny path queries over the prefix-free tree. Paths are written with the conventional prefixes
 * (`cac:Party/cbc:EndpointID`) so the same string serves in error messages; the prefixes are
 * ignored when matching because documents may choose any prefix.
 */

function localName(step: string): string {
  const colon = step.indexOf(':');
  return colon < 0 ? step : step.slice(colon + 1);
}

export function childrenNamed(element: XmlElement | undefined, step: string): XmlElement[] {
  if (!element) return [];
  const name = localName(step);
  return element.children.filter((child) => child.name === name);
}

/** Paths are a handful of constants read once per element: their local names are split once. */
const STEPS = new Map<string, readonly string[]>();

function stepsOf(path: string): readonly string[] {
  let steps = STEPS.get(path);
  if (steps === undefined) {
    steps = path.split('/').map(localName);
    if (STEPS.size < 10_000) STEPS.set(path, steps);
  }
  return steps;
}

export function select(element: XmlElement | undefined, path: string): XmlElement[] {
  if (!element) return [];
  let current: XmlElement[] = [element];
  for (const name of stepsOf(path)) {
    const next: XmlElement[] = [];
    for (const node of current) {
      for (const child of node.children) if (child.name === name) next.push(child);
    }
    if (next.length === 0) return next;
    current = next;
  }
  return current;
}

/** The first match in document order (= select(…)[0]), without building the whole list. */
export function selectFirst(element: XmlElement | undefined, path: string): XmlElement | undefined {
  return element ? firstDown(element, stepsOf(path), 0) : undefined;
}

function firstDown(element: XmlElement, steps: readonly string[], depth: number): XmlElement | undefined {
  if (depth === steps.length) return element;
  const name = steps[depth];
  for (const child of element.children) {
    if (child.name !== name) continue;
    const found = firstDown(child, steps, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Text of the first match, or undefined when absent or blank. */
export function textAt(element: XmlElement | undefined, path: string): string | undefined {
  return nonBlank(selectFirst(element, path)?.text);
}

/** Texts of all non-blank matches. */
export function textsAt(element: XmlElement | undefined, path: string): string[] {
  return select(element, path)
    .map((node) => node.text)
    .filter((text) => text !== '');
}

export function attributeOf(element: XmlElement | undefined, name: string): string | undefined {
  return nonBlank(element?.attributes[name]);
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
