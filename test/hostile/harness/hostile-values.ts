/**
 * Hostile inputs, described as plain data (a plan) and made into live JavaScript values only
 * when a case runs: a plan can be printed, shrunk and replayed, while the value it makes may be
 * a getter that throws, a Proxy that lies, or an object that contains itself.
 *
 * A case takes a valid call (a target's base arguments) and spoils it at one site: a property
 * or element anywhere in the arguments is replaced by a hostile value, or turned into a getter
 * that throws (at once, or only on the second read), or wrapped in a Proxy that throws or lies.
 * Spoiling a valid call gets the hostile value past the first checks, to where it can hurt.
 */
import fc from 'fast-check';

/** A value that is not plain data, or is plain data at an extreme. */
export type HostileValue =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'repeated'; readonly text: string; readonly times: number }
  | { readonly kind: 'other'; readonly which: OtherKind }
  | { readonly kind: 'prototype-keys' }
  | { readonly kind: 'deep'; readonly depth: number; readonly container: 'array' | 'object' }
  | { readonly kind: 'cycle' }
  | { readonly kind: 'long-array'; readonly length: number; readonly sparse: boolean };

type OtherKind = 'null' | 'undefined' | 'true' | 'bigint' | 'symbol' | 'function' | 'date' | 'map' | 'typed-array' | 'empty-object' | 'empty-array' | 'frozen-object';

/** How the value at the chosen site is spoiled. */
export type Spoiler =
  | 'replace'
  | 'getter-throws'
  | 'getter-throws-on-second-read'
  | 'getter-varies'
  | 'getter-throws-non-error'
  | 'proxy-throws'
  | 'proxy-lies'
  | 'proxy-transparent';

/** One hostile case: which site of the base arguments, how it is spoiled, and with what. */
export interface Plan {
  readonly site: number;
  readonly spoiler: Spoiler;
  readonly value: HostileValue;
  /** A second site spoiled the same way, now and then: two faults at once. */
  readonly second?: { readonly site: number; readonly value: HostileValue } | undefined;
}

const NUMBERS = [
  Number.MAX_VALUE, -Number.MAX_VALUE, 1.7e308, -1.7e308, 1e308, Number.MIN_VALUE, -Number.MIN_VALUE, -0, NaN, Infinity, -Infinity,
  Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, -(2 ** 31), 2 ** 32, 2 ** 53, 0.1, 1e-300, 0.5, -1, 1.5, 150, 151, 1e6, 1e9,
];

const STRINGS = [
  '', ' ', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  "'; DROP TABLE people; --", 'a"b`c\'d', 'x\u0000y', '\uD800', '\uDC00x', 'line\nbreak', '${spark.var}', '*/ --',
  '1e400', '-0', '0x1F', '١٢٣', '２０２４-04-01', '2024-02-30', '2024-13-01', '0000-01-01', '9999-12-31', '10000-01-01', '2024-4-1',
  'NaN', 'Infinity', ' 12 ', '12.', '.5', '-.5', '1,000', '00012', `1${'0'.repeat(99)}.01`, '0.'.concat('0'.repeat(60), '1'),
  'ltc-asthma', 'LTC-ASTHMA', 'frailty-severe', 'end-of-life', 'female', 'male', 'costarring', 'liquid',
];

const OTHERS: readonly OtherKind[] = ['null', 'undefined', 'true', 'bigint', 'symbol', 'function', 'date', 'map', 'typed-array', 'empty-object', 'empty-array', 'frozen-object'];

/** Every kind of hostile value, from small to large: huge strings and arrays stay under about 1 MB. */
export const hostileValueArb: fc.Arbitrary<HostileValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBERS).map((value) => ({ kind: 'number' as const, value })) },
  { weight: 1, arbitrary: fc.double().map((value) => ({ kind: 'number' as const, value })) },
  { weight: 4, arbitrary: fc.constantFrom(...STRINGS).map((value) => ({ kind: 'string' as const, value })) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map((value) => ({ kind: 'string' as const, value })) },
  {
    weight: 1,
    arbitrary: fc.record({ text: fc.constantFrom('9', 'a', 'ab-', '\u00e9', '0.1'), times: fc.constantFrom(1_000, 20_000, 200_000) }).map((r) => ({ kind: 'repeated' as const, ...r })),
  },
  { weight: 3, arbitrary: fc.constantFrom(...OTHERS).map((which) => ({ kind: 'other' as const, which })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'prototype-keys' as const }) },
  { weight: 1, arbitrary: fc.record({ depth: fc.constantFrom(100, 2_000, 20_000), container: fc.constantFrom('array' as const, 'object' as const) }).map((r) => ({ kind: 'deep' as const, ...r })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cycle' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({ length: fc.constantFrom(10_000, 100_000, 2 ** 32 - 1), sparse: fc.boolean() }).map((r) => ({ kind: 'long-array' as const, length: r.length, sparse: r.sparse || r.length > 100_000 })),
  },
);

const SPOILERS: readonly Spoiler[] = ['replace', 'replace', 'replace', 'getter-throws', 'getter-throws-on-second-read', 'getter-varies', 'getter-throws-non-error', 'proxy-throws', 'proxy-lies', 'proxy-transparent'];

/** Plans over a base with any number of sites (the site index is taken modulo their count). */
export const planArb: fc.Arbitrary<Plan> = fc.record(
  {
    site: fc.nat(),
    spoiler: fc.constantFrom(...SPOILERS),
    value: hostileValueArb,
    second: fc.option(fc.record({ site: fc.nat(), value: hostileValueArb }), { nil: undefined, freq: 5 }),
  },
  { requiredKeys: ['site', 'spoiler', 'value'] },
);

/** A plan in words, for failure messages and the slowest-calls table. */
export function describePlan(plan: Plan, sitePath?: string): string {
  const where = sitePath ?? `site ${plan.site}`;
  const second = plan.second === undefined ? '' : ` (and site ${plan.second.site}: ${describeValue(plan.second.value)})`;
  return `${where}: ${plan.spoiler} ${describeValue(plan.value)}${second}`;
}

export function describeValue(value: HostileValue): string {
  switch (value.kind) {
    case 'number':
      return Object.is(value.value, -0) ? '-0' : String(value.value);
    case 'string':
      return JSON.stringify(value.value.length > 40 ? `${value.value.slice(0, 37)}...` : value.value);
    case 'repeated':
      return `${JSON.stringify(value.text)} x ${value.times}`;
    case 'other':
      return value.which;
    case 'prototype-keys':
      return '{ __proto__, constructor, toString }';
    case 'deep':
      return `${value.container} nested ${value.depth} deep`;
    case 'cycle':
      return 'an object that contains itself';
    case 'long-array':
      return `${value.sparse ? 'sparse ' : ''}array of ${value.length}`;
  }
}

/** Values the harness made as Proxies: the input fingerprint does not look inside them. */
export interface Made {
  readonly proxies: WeakSet<object>;
}

/** Makes the live value a plan describes. */
export function makeValue(value: HostileValue, made: Made): unknown {
  switch (value.kind) {
    case 'number':
    case 'string':
      return value.value;
    case 'repeated':
      return value.text.repeat(value.times);
    case 'other':
      return makeOther(value.which);
    case 'prototype-keys':
      return JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x", "toString": 1, "id": "__proto__"}') as unknown;
    case 'deep': {
      let inner: unknown = 1;
      for (let i = 0; i < value.depth; i++) inner = value.container === 'array' ? [inner] : { not: inner, all: [inner] };
      return inner;
    }
    case 'cycle': {
      const loop: Record<string, unknown> = { id: 'loop' };
      loop['self'] = loop;
      loop['not'] = loop;
      loop['children'] = [loop];
      loop['segments'] = [loop];
      return loop;
    }
    case 'long-array': {
      const list = new Array<unknown>(value.length);
      if (!value.sparse) list.fill('1');
      return list;
    }
  }
  void made;
}

function makeOther(which: OtherKind): unknown {
  switch (which) {
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'true':
      return true;
    case 'bigint':
      return 10n ** 30n;
    case 'symbol':
      return Symbol('hostile');
    case 'function':
      return () => 'hostile';
    case 'date':
      return new Date(0);
    case 'map':
      return new Map([['a', 1]]);
    case 'typed-array':
      return new Int32Array(4);
    case 'empty-object':
      return {};
    case 'empty-array':
      return [];
    case 'frozen-object':
      return Object.freeze({ id: 'frozen' });
  }
}

/** A thrown value that is not an Error and cannot even be turned into text. */
function unprintable(): unknown {
  return {
    toString() {
      throw new Error('toString of a thrown value');
    },
    get message() {
      throw new Error('message of a thrown value');
    },
  };
}

const throwingTraps = (): ProxyHandler<object> => {
  const trap = () => {
    throw new Error('hostile Proxy trap');
  };
  return { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap, set: trap, defineProperty: trap, deleteProperty: trap, apply: trap };
};

/** A Proxy that answers every property read with the hostile value, and claims every key. */
const lyingTraps = (lie: unknown): ProxyHandler<object> => ({
  get: (target, key) => (typeof key === 'symbol' ? Reflect.get(target, key) : lie),
  has: () => true,
});

/** Where a value sits in the arguments: its parent, its key there, and its path from the arguments. */
export interface Site {
  readonly parent: Record<string | number, unknown>;
  readonly key: string | number;
  readonly path: readonly (string | number)[];
}

/**
 * Every site in the arguments, depth first: each argument, then each property and element of
 * plain objects and arrays inside them (at most `limit` sites, so that a large base is spoiled
 * in its first parts as often as anywhere).
 */
export function sitesOf(args: unknown[], limit = 5_000): Site[] {
  const sites: Site[] = [];
  const stack: Site[] = args.map((_, i) => ({ parent: args as unknown as Record<number, unknown>, key: i, path: [i] })).reverse();
  while (stack.length > 0 && sites.length < limit) {
    const site = stack.pop() as Site;
    sites.push(site);
    const value = site.parent[site.key];
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) continue;
    const keys = Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = Array.isArray(value) ? Number(keys[i]) : (keys[i] as string);
      stack.push({ parent: value as Record<string | number, unknown>, key, path: [...site.path, key] });
    }
  }
  return sites;
}

/**
 * Spoils sites of `args` (which the caller has freshly made) as the plan says, and returns their
 * paths. The sites are all found before any is spoiled, as finding them reads the values. An
 * argument itself is passed by value, so there a getter becomes its value replaced.
 */
export function spoil(args: unknown[], plan: Plan, made: Made): string {
  const sites = sitesOf(args);
  const faults = [{ site: plan.site, value: plan.value }, ...(plan.second === undefined ? [] : [plan.second])];
  const chosen = faults.map((f) => ({ site: sites[f.site % sites.length] as Site, value: f.value }));
  const originals = chosen.map(({ site }) => site.parent[site.key]);
  chosen.forEach(({ site, value }, i) => {
    const spoiler = site.path.length === 1 && plan.spoiler.startsWith('getter') ? 'replace' : plan.spoiler;
    spoilSite(site, originals[i], spoiler, makeValue(value, made), made);
  });
  return chosen.map(({ site }) => formatSitePath(site.path)).join(' and ');
}

function spoilSite(site: Site, original: unknown, spoiler: Spoiler, hostile: unknown, made: Made): void {
  const define = (get: () => unknown) => Object.defineProperty(site.parent, site.key, { get, enumerable: true, configurable: true });
  let reads = 0;
  switch (spoiler) {
    case 'replace':
      site.parent[site.key] = hostile;
      break;
    case 'getter-throws':
      define(() => {
        throw new Error('hostile getter');
      });
      break;
    case 'getter-throws-on-second-read':
      define(() => {
        if (reads++ === 0) return original;
        throw new Error('hostile getter, second read');
      });
      break;
    case 'getter-varies':
      define(() => (reads++ === 0 ? original : hostile));
      break;
    case 'getter-throws-non-error':
      define(() => {
        throw unprintable();
      });
      break;
    case 'proxy-throws':
    case 'proxy-lies':
    case 'proxy-transparent': {
      const target = typeof original === 'object' && original !== null ? original : {};
      const handler = spoiler === 'proxy-throws' ? throwingTraps() : spoiler === 'proxy-lies' ? lyingTraps(hostile) : {};
      const proxy = new Proxy(target, handler);
      made.proxies.add(proxy);
      site.parent[site.key] = proxy;
      break;
    }
  }
}

function formatSitePath(path: readonly (string | number)[]): string {
  const [arg, ...rest] = path;
  return `argument ${arg}${rest.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`;
}

/**
 * What the arguments hold, without calling a getter or looking inside a Proxy the harness
 * made: property descriptors, recursively, so that a write to any plain part shows.
 */
export function fingerprint(value: unknown, made: Made): string {
  const seen = new Map<object, number>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol' || typeof v === 'function') return typeof v;
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v;
    if (typeof v !== 'object' || v === null) return v ?? String(v);
    if (made.proxies.has(v)) return 'proxy';
    if (seen.has(v)) return `ref ${seen.get(v)}`;
    if (depth > 50) return 'deep';
    seen.set(v, seen.size);
    if (!Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return Object.prototype.toString.call(v);
    const keys = Object.getOwnPropertyNames(v);
    if (Array.isArray(v) && keys.length > 1000) return `array ${v.length} (${keys.length} own keys)`;
    const out: Record<string, unknown> = { frozen: Object.isFrozen(v) };
    for (const key of keys) {
      const d = Object.getOwnPropertyDescriptor(v, key) as PropertyDescriptor;
      out[key] = 'value' in d ? walk(d.value, depth + 1) : 'accessor';
    }
    return out;
  };
  return JSON.stringify(walk(value, 0));
}
