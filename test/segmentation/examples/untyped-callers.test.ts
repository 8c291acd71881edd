/**
 * What JavaScript callers (no type checker) can pass: a population that is not an array, a row
 * that is not a record, a source that throws something other than an Error.
 */
import { describe, expect, it } from 'vitest';
import { PhmValidationError } from 'phm-kit';
import { leeds2024, personColumns, segmentStream } from 'phm-kit/segmentation';
import { AS_OF, caught } from './helpers.js';

describe('personColumns from untyped callers', () => {
  it('refuses a population that is not an array, naming it', () => {
    const error = caught(() => personColumns({ length: 1, 0: { id: 'a', birthDate: '1970-01-01', markers: [] } } as never, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues.map((i) => [i.path, i.message])).toEqual([[['people'], 'Expected an array of people']]);
  });

  it('refuses a row that is not a record, naming its position', () => {
    const error = caught(() => personColumns([{ id: 'a', birthDate: '1970-01-01', markers: [] }, 'b'] as never, { asOf: AS_OF }), PhmValidationError);
    expect(error.issues[0]?.path).toEqual(['people', 1]);
  });
});

describe('a stream whose source throws something that is not an Error', () => {
  it('reports it as text, after "1 row" (singular), and keeps it as the cause', async () => {
    async function* source() {
      yield { id: 'a', birthDate: '1970-01-01', markers: [] };
      throw 'connection dropped';
    }
    let failure: unknown;
    try {
      for await (const batch of segmentStream(source(), leeds2024, { asOf: AS_OF, batchSize: 10 })) expect(batch.rows).toBeGreaterThan(0);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(PhmValidationError);
    expect((failure as PhmValidationError).message).toBe('Reading the records failed after 1 row: connection dropped');
    expect((failure as PhmValidationError).cause).toBe('connection dropped');
  });
});
