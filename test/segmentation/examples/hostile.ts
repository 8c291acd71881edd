/**
 * Rows that misbehave when read, for the hostile-input tests: getters that throw (always, or
 * after the first read), proxies, accessor array elements, revoked proxies, and a proxy that
 * counts how often each key is read.
 */
import { person } from './helpers.js';

/** A valid person whose `field` getter answers once, then throws on every later read. */
export function onceThenThrow(id: string, field: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const row: Record<string, unknown> = person(id, extra);
  const value = row[field];
  let reads = 0;
  Object.defineProperty(row, field, {
    enumerable: true,
    get() {
      if (reads++ > 0) throw new Error(`${field} read twice`);
      return value;
    },
  });
  return row;
}

/** A valid-looking person whose `field` getter throws whenever it is read. */
export function alwaysThrow(id: string, field: string): Record<string, unknown> {
  const row: Record<string, unknown> = person(id);
  Object.defineProperty(row, field, {
    enumerable: true,
    get() {
      throw new Error(`${field} unavailable`);
    },
  });
  return row;
}

/** A proxy over a valid person whose every property read throws. */
export function throwingProxy(id: string): object {
  return new Proxy(person(id), {
    get() {
      throw new Error('proxy trap');
    },
  });
}

/** A person whose markers array has, at its end, an element that is a throwing accessor. */
export function throwingMarkerElement(id: string): object {
  const markers: unknown[] = ['ltc-copd'];
  Object.defineProperty(markers, 1, {
    enumerable: true,
    get() {
      throw new Error('marker element unavailable');
    },
  });
  return person(id, { markers });
}

/** A person whose markers array answers its first element once, then throws. */
export function onceThenThrowMarkers(id: string): object {
  let reads = 0;
  const markers = new Proxy(['cancer'], {
    get(target, key) {
      if (key === '0' && reads++ > 0) throw new Error('marker read twice');
      return Reflect.get(target, key);
    },
  });
  return person(id, { markers });
}

/** A proxy that has been revoked: even `Array.isArray` of it throws. */
export function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** An array in which `index` is an accessor that throws when the element is read. */
export function withThrowingElement(rows: unknown[], index: number): unknown[] {
  const copy = [...rows];
  Object.defineProperty(copy, index, {
    enumerable: true,
    get() {
      throw new Error(`row ${index} unavailable`);
    },
  });
  return copy;
}

/** A proxy over `row` that counts the reads of each string key into `reads`. */
export function counted(row: object, reads: Map<string, number>): object {
  return new Proxy(row, {
    get(target, key) {
      if (typeof key === 'string') reads.set(key, (reads.get(key) ?? 0) + 1);
      return Reflect.get(target, key);
    },
  });
}

/** Keys read more than once, from a `counted` proxy's log. */
export function readTwice(reads: ReadonlyMap<string, number>): string[] {
  return [...reads].filter(([, n]) => n > 1).map(([key]) => key);
}
