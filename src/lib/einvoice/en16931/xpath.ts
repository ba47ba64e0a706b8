import type { XmlElement } from '../safe-xml';

/**
 * A small XPath 2.0 subset, enough for the EN 16931 artefacts' syntax rules (UBL-SR/DT/CR, CII-SR/DT):
 * paths with the child, descendant(-or-self), self, parent, ancestor(-or-self), attribute, preceding(-sibling)
 * and following-sibling axes, name tests, predicates, general comparisons (existential, untyped values cast the
 * XPath 2.0 way), and/or, unions, + and −, and the functions the rules call. An expression is compiled once
 * (`compileXPath`, which throws `XPathUnsupported` for anything outside the subset) and evaluated on an
 * `XDocument`, a read-only view of the safe parser's tree with parents, document order and indexes.
 *
 * The parser drops namespace prefixes, so names are matched on what the syntax fixes: `prefixOf` gives each
 * element the prefix its position implies (CII: rsm/ram/udt/qdt), and a name test's prefix is compared with it
 * when the document says it (CII) or ignored (UBL, whose cac/cbc local names never collide).
 */

export class XPathUnsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XPathUnsupported';
  }
}

/** A dynamic error (a cast that fails, a sequence where one item is expected): the artefacts' XSLT would fail too. */
export class XPathDynamicError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XPathDynamicError';
  }
}

// ---------------------------------------------------------------- the document view

export interface XNode {
  readonly kind: 'document' | 'element' | 'attribute';
  /** Local name ('' for the document node). */
  readonly name: string;
  /** The prefix the syntax gives the element ('' for attributes and the document). */
  readonly prefix: string;
  readonly parent: XNode | undefined;
  readonly children: readonly XNode[];
  readonly attributes: readonly XNode[];
  /** Document order. */
  readonly order: number;
  /** Element text (trimmed, as the safe parser keeps it) or attribute value. */
  readonly text: string;
}

interface MutableNode extends XNode {
  children: XNode[];
  attributes: XNode[];
}

/** The prefix of an element, from its own shape and its parent (undefined for the root element). */
export type PrefixOf = (element: XmlElement, parent: XNode | undefined) => string;

export class XDocument {
  readonly node: XNode;
  /** Every element in document order. */
  readonly elements: XNode[] = [];
  private readonly byName = new Map<string, XNode[]>();
  private readonly attributesByName = new Map<string, XNode[]>();

  constructor(
    root: XmlElement,
    prefixOf: PrefixOf,
    readonly prefixesMatter: boolean,
  ) {
    let order = 0;
    const doc: MutableNode = { kind: 'document', name: '', prefix: '', parent: undefined, children: [], attributes: [], order: order++, text: '' };
    this.node = doc;
    // Iterative pre-order walk: the parser bounds depth, but the view must not depend on it.
    const stack: Array<[XmlElement, MutableNode]> = [[root, doc]];
    while (stack.length > 0) {
      const [element, parent] = stack.pop()!;
      const node: MutableNode = {
        kind: 'element',
        name: element.name,
        prefix: prefixOf(element, parent.kind === 'document' ? undefined : parent),
        parent,
        children: [],
        attributes: [],
        order: order++,
        text: element.text,
      };
      parent.children.push(node);
      this.elements.push(node);
      push(this.byName, node.name, node);
      for (const [name, value] of Object.entries(element.attributes)) {
        const attribute: XNode = { kind: 'attribute', name, prefix: '', parent: node, children: [], attributes: [], order: order++, text: value };
        node.attributes.push(attribute);
        push(this.attributesByName, name, attribute);
      }
      for (let i = element.children.length - 1; i >= 0; i--) stack.push([element.children[i]!, node]);
    }
  }

  named(name: string): readonly XNode[] {
    return this.byName.get(name) ?? [];
  }

  attributesNamed(name: string): readonly XNode[] {
    return this.attributesByName.get(name) ?? [];
  }

  /** All attributes in document order. */
  allAttributes(): XNode[] {
    return this.elements.flatMap((element) => element.attributes);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The node's string value. Mixed content is not kept by the parser: an element's text, then its children's. */
export function stringValue(node: XNode): string {
  if (node.kind !== 'element') return node.kind === 'attribute' ? node.text : node.children.map(stringValue).join('');
  return node.children.length === 0 ? node.text : node.text + node.children.map(stringValue).join('');
}

/** `prefix:name` as the artefacts' documents write it (the prefix the syntax fixes). */
export function qualifiedName(node: XNode): string {
  return node.prefix === '' ? node.name : `${node.prefix}:${node.name}`;
}

// ---------------------------------------------------------------- values

/** An untyped atomic value (what a node atomizes to). */
class Untyped {
  constructor(readonly value: string) {}
}

type Item = XNode | Untyped | string | number | boolean;
type Sequence = readonly Item[];

const isNode = (item: Item): item is XNode => typeof item === 'object' && !(item instanceof Untyped);

function atomize(item: Item): Untyped | string | number | boolean {
  return isNode(item) ? new Untyped(stringValue(item)) : item;
}

function effectiveBoolean(sequence: Sequence): boolean {
  if (sequence.length === 0) return false;
  const first = sequence[0]!;
  if (isNode(first)) return true;
  if (sequence.length > 1) throw new XPathDynamicError('effective boolean value of a sequence of atomic values');
  if (typeof first === 'boolean') return first;
  if (typeof first === 'number') return first !== 0 && !Number.isNaN(first);
  return (first instanceof Untyped ? first.value : first) !== '';
}

/** The single item's string ('' for the empty sequence), as the string functions take their arguments. */
function stringArg(sequence: Sequence): string {
  if (sequence.length === 0) return '';
  if (sequence.length > 1) throw new XPathDynamicError('a sequence of more than one item where one string is expected');
  const item = atomize(sequence[0]!);
  return item instanceof Untyped ? item.value : String(item);
}

const XS_WHITESPACE = /^[ \t\r\n]+|[ \t\r\n]+$/g;

function toDouble(text: string): number {
  const trimmed = text.replace(XS_WHITESPACE, '');
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'NaN') return NaN;
  if (trimmed === 'INF' || trimmed === '+INF') return Infinity;
  if (trimmed === '-INF') return -Infinity;
  throw new XPathDynamicError(`"${text}" is not a number`);
}

function toBoolean(text: string): boolean {
  const trimmed = text.replace(XS_WHITESPACE, '');
  if (trimmed === 'true' || trimmed === '1') return true;
  if (trimmed === 'false' || trimmed === '0') return false;
  throw new XPathDynamicError(`"${text}" is not a boolean`);
}

type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

function compareValues(op: ComparisonOp, a: Untyped | string | number | boolean, b: Untyped | string | number | boolean): boolean {
  let left: string | number | boolean;
  let right: string | number | boolean;
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    left = a instanceof Untyped ? toBoolean(a.value) : a;
    right = b instanceof Untyped ? toBoolean(b.value) : b;
    if (typeof left !== 'boolean' || typeof right !== 'boolean') throw new XPathDynamicError('boolean compared with a non-boolean');
  } else if (typeof a === 'number' || typeof b === 'number') {
    left = a instanceof Untyped ? toDouble(a.value) : a;
    right = b instanceof Untyped ? toDouble(b.value) : b;
    if (typeof left !== 'number' || typeof right !== 'number') throw new XPathDynamicError('number compared with a string');
  } else {
    left = a instanceof Untyped ? a.value : a;
    right = b instanceof Untyped ? b.value : b;
  }
  switch (op) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

/** XPath general comparison: true when some pair of the atomized operands compares true. */
function generalCompare(op: ComparisonOp, left: Sequence, right: Sequence): boolean {
  const rights = right.map(atomize);
  for (const l of left) {
    const a = atomize(l);
    for (const b of rights) if (compareValues(op, a, b)) return true;
  }
  return false;
}

// ---------------------------------------------------------------- syntax tree

type Axis =
  | 'child'
  | 'descendant'
  | 'descendant-or-self'
  | 'self'
  | 'parent'
  | 'ancestor'
  | 'ancestor-or-self'
  | 'attribute'
  | 'preceding'
  | 'preceding-sibling'
  | 'following-sibling'
  /** `//@name` once optimised: the attributes of the node and of its descendants. */
  | 'descendant-or-self-attribute';

const AXES: ReadonlySet<string> = new Set<Axis>([
  'child', 'descendant', 'descendant-or-self', 'self', 'parent', 'ancestor', 'ancestor-or-self', 'attribute', 'preceding',
  'preceding-sibling', 'following-sibling',
]);
const REVERSE_AXES: ReadonlySet<Axis> = new Set<Axis>(['parent', 'ancestor', 'ancestor-or-self', 'preceding', 'preceding-sibling']);

/** `prefix` undefined: no prefix written; `local` '*' for a wildcard; `node()` for any node. */
type NodeTest = { kind: 'name'; prefix?: string; local: string } | { kind: 'node' };

type Expr =
  | { k: 'literal'; value: string | number }
  | { k: 'context' }
  | { k: 'root' }
  | { k: 'step'; axis: Axis; test: NodeTest; predicates: Expr[] }
  | { k: 'filter'; base: Expr; predicates: Expr[] }
  | { k: 'path'; steps: Expr[] }
  | { k: 'call'; name: string; args: Expr[]; regex?: RegExp }
  | { k: 'or' | 'and'; left: Expr; right: Expr }
  | { k: 'compare'; op: ComparisonOp; left: Expr; right: Expr }
  | { k: 'arithmetic'; op: '+' | '-'; left: Expr; right: Expr }
  | { k: 'negate'; operand: Expr }
  | { k: 'union'; left: Expr; right: Expr }
  /** `ends-with(name(), 'Amount')` on the context node: compares the local name, without building strings. */
  | { k: 'nameEndsWith'; suffix: string };

// ---------------------------------------------------------------- tokens

type Token =
  | { t: 'name'; v: string }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'op'; v: string };

const OPERATORS = ['//', '::', '..', '!=', '<=', '>=', '/', '(', ')', '[', ']', '@', ',', '|', '=', '<', '>', '+', '-', '*', '.'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      let end = i + 1;
      let value = '';
      for (;;) {
        const close = source.indexOf(c, end);
        if (close < 0) throw new XPathUnsupported('unterminated string literal');
        value += source.slice(end, close);
        // A doubled quote is the quote itself.
        if (source[close + 1] === c) {
          value += c;
          end = close + 2;
        } else {
          end = close + 1;
          break;
        }
      }
      tokens.push({ t: 'string', v: value });
      i = end;
      continue;
    }
    const number = /^(\d+(\.\d*)?|\.\d+)/.exec(source.slice(i));
    if (number) {
      tokens.push({ t: 'number', v: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][\w.-]*(:(\*|[A-Za-z_][\w.-]*))?/.exec(source.slice(i));
    if (name) {
      // `prefix:local` and `prefix:*` are one name; in `axis::test` the second colon stops the name at the axis.
      tokens.push({ t: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((candidate) => source.startsWith(candidate, i));
    if (!op) throw new XPathUnsupported(`unexpected character "${c}"`);
    tokens.push({ t: 'op', v: op });
    i += op.length;
  }
  return tokens;
}

// ---------------------------------------------------------------- parser

const FUNCTIONS: Readonly<Record<string, [number, number]>> = {
  count: [1, 1],
  exists: [1, 1],
  empty: [1, 1],
  not: [1, 1],
  true: [0, 0],
  false: [0, 0],
  boolean: [1, 1],
  string: [0, 1],
  'string-length': [0, 1],
  'normalize-space': [0, 1],
  'upper-case': [1, 1],
  'lower-case': [1, 1],
  'substring-after': [2, 2],
  'substring-before': [2, 2],
  contains: [2, 2],
  'starts-with': [2, 2],
  'ends-with': [2, 2],
  name: [0, 1],
  'local-name': [0, 1],
  'distinct-values': [1, 1],
  matches: [2, 2],
};

class Parser {
  private at = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.or();
    if (this.at < this.tokens.length) throw new XPathUnsupported(`unexpected ${JSON.stringify(this.tokens[this.at])}`);
    return expr;
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  private isOp(value: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.t === 'op' && token.v === value;
  }

  private isKeyword(value: string): boolean {
    const token = this.peek();
    return token?.t === 'name' && token.v === value;
  }

  private expect(value: string): void {
    if (!this.isOp(value)) throw new XPathUnsupported(`expected "${value}"`);
    this.at++;
  }

  private or(): Expr {
    let left = this.and();
    while (this.isKeyword('or')) {
      this.at++;
      left = { k: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.comparison();
    while (this.isKeyword('and')) {
      this.at++;
      left = { k: 'and', left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Expr {
    const left = this.additive();
    const token = this.peek();
    if (token?.t === 'op' && ['=', '!=', '<', '<=', '>', '>='].includes(token.v)) {
      this.at++;
      return { k: 'compare', op: token.v as ComparisonOp, left, right: this.additive() };
    }
    return left;
  }

  private additive(): Expr {
    let left = this.unary();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.peek() as { v: '+' | '-' }).v;
      this.at++;
      left = { k: 'arithmetic', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isOp('-')) {
      this.at++;
      return { k: 'negate', operand: this.unary() };
    }
    return this.union();
  }

  private union(): Expr {
    let left = this.path();
    while (this.isOp('|')) {
      this.at++;
      left = { k: 'union', left, right: this.path() };
    }
    return left;
  }

  private path(): Expr {
    const steps: Expr[] = [];
    if (this.isOp('/')) {
      this.at++;
      steps.push({ k: 'root' });
      if (!this.startsStep()) return steps[0]!;
    } else if (this.isOp('//')) {
      this.at++;
      steps.push({ k: 'root' }, DESCENDANT_OR_SELF);
    }
    steps.push(this.step());
    for (;;) {
      if (this.isOp('/')) {
        this.at++;
        steps.push(this.step());
      } else if (this.isOp('//')) {
        this.at++;
        steps.push(DESCENDANT_OR_SELF, this.step());
      } else break;
    }
    return steps.length === 1 ? steps[0]! : optimise({ k: 'path', steps });
  }

  private startsStep(): boolean {
    const token = this.peek();
    if (!token) return false;
    if (token.t === 'name') return !['and', 'or', 'div', 'mod'].includes(token.v);
    return token.t === 'op' && ['@', '.', '..', '*'].includes(token.v);
  }

  private step(): Expr {
    const token = this.peek();
    if (!token) throw new XPathUnsupported('expression ends where a step is expected');
    if (token.t === 'op' && token.v === '..') {
      this.at++;
      return { k: 'step', axis: 'parent', test: { kind: 'node' }, predicates: this.predicates() };
    }
    if (token.t === 'op' && token.v === '@') {
      this.at++;
      return { k: 'step', axis: 'attribute', test: this.nodeTest(), predicates: this.predicates() };
    }
    if (token.t === 'name' && this.isOp('::', 1)) {
      if (!AXES.has(token.v)) throw new XPathUnsupported(`axis ${token.v}`);
      this.at += 2;
      return { k: 'step', axis: token.v as Axis, test: this.nodeTest(), predicates: this.predicates() };
    }
    if ((token.t === 'name' && !this.isOp('(', 1)) || (token.t === 'op' && token.v === '*')) {
      return { k: 'step', axis: 'child', test: this.nodeTest(), predicates: this.predicates() };
    }
    const base = this.primary();
    const predicates = this.predicates();
    return predicates.length === 0 ? base : { k: 'filter', base, predicates };
  }

  private nodeTest(): NodeTest {
    const token = this.peek();
    if (token?.t === 'op' && token.v === '*') {
      this.at++;
      return { kind: 'name', local: '*' };
    }
    if (token?.t !== 'name') throw new XPathUnsupported('expected a name test');
    this.at++;
    if (this.isOp('(')) {
      if (token.v !== 'node' || !this.isOp(')', 1)) throw new XPathUnsupported(`kind test ${token.v}()`);
      this.at += 2;
      return { kind: 'node' };
    }
    const colon = token.v.indexOf(':');
    return colon < 0 ? { kind: 'name', local: token.v } : { kind: 'name', prefix: token.v.slice(0, colon), local: token.v.slice(colon + 1) };
  }

  private predicates(): Expr[] {
    const predicates: Expr[] = [];
    while (this.isOp('[')) {
      this.at++;
      predicates.push(this.or());
      this.expect(']');
    }
    return predicates;
  }

  private primary(): Expr {
    const token = this.peek();
    if (!token) throw new XPathUnsupported('expression ends early');
    if (token.t === 'string' || token.t === 'number') {
      this.at++;
      return { k: 'literal', value: token.v };
    }
    if (token.t === 'op' && token.v === '.') {
      this.at++;
      return { k: 'context' };
    }
    if (token.t === 'op' && token.v === '(') {
      this.at++;
      if (this.isOp(')')) throw new XPathUnsupported('empty sequence ()');
      const inner = this.or();
      if (this.isOp(',')) throw new XPathUnsupported('sequence constructor');
      this.expect(')');
      return inner;
    }
    if (token.t === 'name' && this.isOp('(', 1)) {
      this.at += 2;
      const args: Expr[] = [];
      if (!this.isOp(')')) {
        args.push(this.or());
        while (this.isOp(',')) {
          this.at++;
          args.push(this.or());
        }
      }
      this.expect(')');
      const arity = FUNCTIONS[token.v];
      if (!arity) throw new XPathUnsupported(`function ${token.v}()`);
      if (args.length < arity[0] || args.length > arity[1]) throw new XPathUnsupported(`${token.v}() with ${args.length} arguments`);
      const [first, second] = args;
      // The artefacts' element-family contexts: the prefix cannot end the name, so the local name decides.
      if (token.v === 'ends-with' && first?.k === 'call' && ['name', 'local-name'].includes(first.name) && first.args.length === 0) {
        if (second?.k === 'literal' && typeof second.value === 'string' && second.value !== '' && !second.value.includes(':')) {
          return { k: 'nameEndsWith', suffix: second.value };
        }
      }
      const call: Expr = { k: 'call', name: token.v, args };
      if (token.v === 'matches') call.regex = compileRegex(args[1]!);
      return call;
    }
    throw new XPathUnsupported(`unexpected ${JSON.stringify(token)}`);
  }
}

const DESCENDANT_OR_SELF: Expr = { k: 'step', axis: 'descendant-or-self', test: { kind: 'node' }, predicates: [] };

/**
 * XPath regular expressions as JavaScript ones: `\d` is any Unicode digit, `\s` only the four XML spaces;
 * the classes JavaScript lacks (`\i`, `\c`, subtraction) are refused.
 */
function compileRegex(pattern: Expr): RegExp {
  if (pattern.k !== 'literal' || typeof pattern.value !== 'string') throw new XPathUnsupported('matches() with a computed pattern');
  const source = pattern.value;
  if (/\\[icIC]|-\[/.test(source)) throw new XPathUnsupported(`regular expression ${source}`);
  const translated = source.replace(/\\(.)/g, (escape, c: string) =>
    c === 'd' ? '\\p{Nd}' : c === 'D' ? '\\P{Nd}' : c === 's' ? '[ \\t\\n\\r]' : c === 'S' ? '[^ \\t\\n\\r]' : escape,
  );
  return new RegExp(translated, 'u');
}

/** Whether a predicate's value can depend on the position (a number, `position()`, `last()`): those keep `//`'s steps. */
function positional(predicate: Expr): boolean {
  switch (predicate.k) {
    case 'literal':
      return typeof predicate.value === 'number';
    case 'compare':
    case 'or':
    case 'and':
    case 'step':
    case 'path':
    case 'union':
      return false;
    case 'nameEndsWith':
      return false;
    case 'call':
      return !['not', 'exists', 'empty', 'boolean', 'contains', 'starts-with', 'ends-with', 'matches', 'true', 'false'].includes(predicate.name);
    default:
      return true;
  }
}

/** `…//name[p]` (descendant-or-self::node()/child::name[p]) is `…/descendant::name[p]` when p ignores positions. */
function optimise(path: Extract<Expr, { k: 'path' }>): Expr {
  const steps: Expr[] = [];
  for (let i = 0; i < path.steps.length; i++) {
    const step = path.steps[i]!;
    const next = path.steps[i + 1];
    if (step === DESCENDANT_OR_SELF && next?.k === 'step' && (next.axis === 'child' || next.axis === 'attribute') && !next.predicates.some(positional)) {
      steps.push(next.axis === 'child' ? { ...next, axis: 'descendant' } : { ...next, axis: 'descendant-or-self-attribute' });
      i++;
    } else steps.push(step);
  }
  return { k: 'path', steps };
}

// ---------------------------------------------------------------- evaluation

export interface CompiledXPath {
  readonly source: string;
  /** The effective boolean value of the expression for `context` (an assert's test). */
  test(document: XDocument, context: XNode): boolean;
  /** The nodes the expression selects (a rule's context, evaluated from the document node). */
  select(document: XDocument, context: XNode): XNode[];
}

export function compileXPath(source: string): CompiledXPath {
  const expr = new Parser(tokenize(source)).parse();
  return {
    source,
    test: (document, context) => effectiveBoolean(new Evaluator(document).evaluate(expr, context)),
    select: (document, context) => {
      const result = new Evaluator(document, true).evaluate(expr, context);
      if (!result.every(isNode)) throw new XPathDynamicError('the expression selects atomic values');
      return result as XNode[];
    },
  };
}

/**
 * A Schematron rule context is an XSLT match pattern: a relative path matches wherever it ends, so it is
 * compiled as `//path` (each branch of a union).
 */
export function compilePattern(source: string): CompiledXPath {
  const branches = splitTopLevel(source, '|').map((branch) => branch.trim());
  const absolute = branches.map((branch) => (branch.startsWith('/') ? branch : `//${branch}`));
  return compileXPath(absolute.join(' | '));
}

function splitTopLevel(source: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === separator && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(source.slice(start));
  return parts;
}

const byOrder = (a: XNode, b: XNode): number => a.order - b.order;

/** Node sequences in document order without duplicates. */
function documentOrder(nodes: XNode[]): XNode[] {
  if (nodes.length < 2) return nodes;
  const sorted = [...new Set(nodes)].sort(byOrder);
  return sorted;
}

function isAncestorOf(candidate: XNode, node: XNode): boolean {
  for (let current = node.parent; current; current = current.parent) if (current === candidate) return true;
  return false;
}

class Evaluator {
  /**
   * `lenient`: a dynamic error in a predicate drops that item instead of failing the whole evaluation — an XSLT
   * match pattern that fails on a node does not match it (XSLT 3.0 §5.5.4), and rule contexts are patterns.
   */
  constructor(
    private readonly document: XDocument,
    private readonly lenient = false,
  ) {}

  evaluate(expr: Expr, context: Item): Sequence {
    switch (expr.k) {
      case 'literal':
        return [expr.value];
      case 'context':
        return [context];
      case 'root':
        return [this.document.node];
      case 'step':
        return this.step(expr, this.node(context));
      case 'filter':
        return this.filter(this.evaluate(expr.base, context), expr.predicates);
      case 'path':
        return this.path(expr.steps, context);
      case 'call':
        return this.call(expr, context);
      case 'or':
        return [effectiveBoolean(this.evaluate(expr.left, context)) || effectiveBoolean(this.evaluate(expr.right, context))];
      case 'and':
        return [effectiveBoolean(this.evaluate(expr.left, context)) && effectiveBoolean(this.evaluate(expr.right, context))];
      case 'compare':
        return [generalCompare(expr.op, this.evaluate(expr.left, context), this.evaluate(expr.right, context))];
      case 'arithmetic': {
        const left = this.number(this.evaluate(expr.left, context));
        const right = this.number(this.evaluate(expr.right, context));
        if (left === undefined || right === undefined) return [];
        return [expr.op === '+' ? left + right : left - right];
      }
      case 'negate': {
        const value = this.number(this.evaluate(expr.operand, context));
        return value === undefined ? [] : [-value];
      }
      case 'nameEndsWith':
        return [isNode(context) && context.kind !== 'document' && context.name.endsWith(expr.suffix)];
      case 'union': {
        const left = this.evaluate(expr.left, context);
        const right = this.evaluate(expr.right, context);
        if (!left.every(isNode) || !right.every(isNode)) throw new XPathDynamicError('union of atomic values');
        return documentOrder([...(left as XNode[]), ...(right as XNode[])]);
      }
    }
  }

  private node(item: Item): XNode {
    if (!isNode(item)) throw new XPathDynamicError('a path step on an atomic value');
    return item;
  }

  private number(sequence: Sequence): number | undefined {
    if (sequence.length === 0) return undefined;
    if (sequence.length > 1) throw new XPathDynamicError('arithmetic on a sequence');
    const item = atomize(sequence[0]!);
    if (typeof item === 'number') return item;
    if (item instanceof Untyped) return toDouble(item.value);
    throw new XPathDynamicError('arithmetic on a non-number');
  }

  private path(steps: readonly Expr[], context: Item): Sequence {
    let current: Sequence = this.evaluate(steps[0]!, context);
    for (let i = 1; i < steps.length; i++) {
      const results: Item[] = [];
      for (const item of current) for (const result of this.evaluate(steps[i]!, this.node(item))) results.push(result);
      const nodes = results.filter(isNode);
      // One context node: the axis already gave its nodes in document order, once each.
      if (nodes.length === results.length) current = current.length === 1 ? nodes : documentOrder(nodes);
      else if (nodes.length === 0) current = results;
      else throw new XPathDynamicError('a path step mixing nodes and atomic values');
    }
    return current;
  }

  private filter(sequence: Sequence, predicates: readonly Expr[]): Sequence {
    let current = sequence;
    for (const predicate of predicates) {
      current = current.filter((item, index) => {
        try {
          const value = this.evaluate(predicate, item);
          if (value.length === 1 && typeof value[0] === 'number') return value[0] === index + 1;
          return effectiveBoolean(value);
        } catch (error: unknown) {
          if (this.lenient && error instanceof XPathDynamicError) return false;
          throw error;
        }
      });
    }
    return current;
  }

  private step(step: Extract<Expr, { k: 'step' }>, node: XNode): Sequence {
    let nodes = this.axis(step.axis, step.test, node);
    if (step.predicates.length === 0) return nodes;
    // Positions count along the axis: nearest first on the reverse axes.
    const reverse = REVERSE_AXES.has(step.axis);
    if (reverse) nodes = [...nodes].reverse();
    const filtered = this.filter(nodes, step.predicates) as XNode[];
    return reverse ? filtered.reverse() : filtered;
  }

  private matches(test: NodeTest, node: XNode): boolean {
    if (test.kind === 'node') return true;
    if (node.kind === 'document') return false;
    if (test.local !== '*' && test.local !== node.name) return false;
    // Attributes have no prefix in these documents; an unprefixed element name means "no namespace": none is.
    if (node.kind === 'attribute') return true;
    if (test.prefix === undefined) return test.local === '*';
    return test.prefix === '*' || !this.document.prefixesMatter || test.prefix === node.prefix;
  }

  /** The axis' nodes matching the test, in document order. */
  private axis(axis: Axis, test: NodeTest, node: XNode): XNode[] {
    const keep = (nodes: readonly XNode[]): XNode[] => nodes.filter((candidate) => this.matches(test, candidate));
    switch (axis) {
      case 'child':
        return keep(node.children);
      case 'attribute':
        return test.kind === 'name' && test.local !== '*' ? node.attributes.filter((a) => a.name === test.local) : [...node.attributes];
      case 'self':
        return keep([node]);
      case 'parent':
        return node.parent ? keep([node.parent]) : [];
      case 'ancestor':
      case 'ancestor-or-self': {
        const nodes: XNode[] = [];
        for (let current = axis === 'ancestor' ? node.parent : node; current; current = current.parent) nodes.push(current);
        return keep(nodes.reverse());
      }
      case 'descendant':
      case 'descendant-or-self': {
        if (node.kind === 'document' && test.kind === 'name') {
          return keep(test.local === '*' ? this.document.elements : this.document.named(test.local));
        }
        const nodes: XNode[] = axis === 'descendant-or-self' ? [node] : [];
        const visit = (parent: XNode): void => {
          for (const child of parent.children) {
            nodes.push(child);
            visit(child);
          }
        };
        visit(node);
        return keep(nodes);
      }
      case 'descendant-or-self-attribute': {
        // `…//@name`: the attributes of the node and its descendants.
        if (node.kind === 'document') {
          return test.kind === 'name' && test.local !== '*' ? [...this.document.attributesNamed(test.local)] : this.document.allAttributes();
        }
        const elements = [node, ...this.axis('descendant', { kind: 'node' }, node)];
        return elements.flatMap((element) => this.axis('attribute', test, element));
      }
      case 'preceding': {
        const candidates = test.kind === 'name' && test.local !== '*' ? this.document.named(test.local) : this.document.elements;
        return keep(candidates.filter((candidate) => candidate.order < node.order && !isAncestorOf(candidate, node)));
      }
      case 'preceding-sibling':
      case 'following-sibling': {
        const siblings = node.parent && node.kind === 'element' ? node.parent.children : [];
        const at = siblings.indexOf(node);
        return keep(axis === 'preceding-sibling' ? siblings.slice(0, at) : siblings.slice(at + 1));
      }
    }
  }

  private call(call: Extract<Expr, { k: 'call' }>, context: Item): Sequence {
    const arg = (index: number): Sequence => this.evaluate(call.args[index]!, context);
    const stringOf = (index: number): string => (call.args.length > index ? stringArg(arg(index)) : stringArg([context]));
    switch (call.name) {
      case 'count':
        return [arg(0).length];
      case 'exists':
        return [arg(0).length > 0];
      case 'empty':
        return [arg(0).length === 0];
      case 'not':
        return [!effectiveBoolean(arg(0))];
      case 'true':
        return [true];
      case 'false':
        return [false];
      case 'boolean':
        return [effectiveBoolean(arg(0))];
      case 'string':
        return [stringOf(0)];
      case 'string-length':
        return [[...stringOf(0)].length];
      case 'normalize-space':
        return [stringOf(0).replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '')];
      case 'upper-case':
        return [stringOf(0).toUpperCase()];
      case 'lower-case':
        return [stringOf(0).toLowerCase()];
      case 'substring-after': {
        const [text, search] = [stringOf(0), stringOf(1)];
        const at = text.indexOf(search);
        return [at < 0 ? '' : text.slice(at + search.length)];
      }
      case 'substring-before': {
        const [text, search] = [stringOf(0), stringOf(1)];
        const at = text.indexOf(search);
        return [at < 0 ? '' : text.slice(0, at)];
      }
      case 'contains':
        return [stringOf(0).includes(stringOf(1))];
      case 'starts-with':
        return [stringOf(0).startsWith(stringOf(1))];
      case 'ends-with':
        return [stringOf(0).endsWith(stringOf(1))];
      case 'name':
      case 'local-name': {
        const nodes = call.args.length > 0 ? arg(0) : [context];
        if (nodes.length === 0) return [''];
        if (nodes.length > 1 || !isNode(nodes[0]!)) throw new XPathDynamicError(`${call.name}() of something other than one node`);
        const node = nodes[0];
        return [call.name === 'name' ? qualifiedName(node) : node.name];
      }
      case 'distinct-values': {
        const seen = new Set<string>();
        const values: Item[] = [];
        for (const item of arg(0)) {
          const value = atomize(item);
          const key = value instanceof Untyped ? `s${value.value}` : typeof value === 'string' ? `s${value}` : `${typeof value}${String(value)}`;
          if (!seen.has(key)) {
            seen.add(key);
            values.push(value);
          }
        }
        return values;
      }
      case 'matches':
        return [call.regex!.test(stringOf(0))];
      default:
        throw new XPathUnsupported(`function ${call.name}()`);
    }
  }
}
