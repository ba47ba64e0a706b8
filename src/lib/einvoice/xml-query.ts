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

export function select(element: XmlElement | undefined, path: string): XmlElement[] {
  let current: XmlElement[] = element ? [element] : [];
  for (const step of path.split('/')) {
    current = current.flatMap((node) => childrenNamed(node, step));
  }
  return current;
}

export function selectFirst(element: XmlElement | undefined, path: string): XmlElement | undefined {
  return select(element, path)[0];
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
