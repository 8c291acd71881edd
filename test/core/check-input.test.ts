import { describe, expect, it } from 'vitest';
import { checkInput, PhmValidationError } from 'phm-kit';
import { PersonSchema, PopulationOptionsSchema } from 'phm-kit/segmentation';
import { ZodError } from 'zod';

describe('checkInput: the library-style check of an exported schema', () => {
  it('returns the parsed value, defaults filled in', () => {
    expect(checkInput(PersonSchema, { id: 'p1', birthDate: '1950-01-01', markers: [] })).toEqual({ id: 'p1', birthDate: '1950-01-01', markers: [] });
  });

  it('throws PhmValidationError naming the path, where the schema itself throws ZodError', () => {
    const bad = { asOf: '2023-02-29' };
    expect(() => PopulationOptionsSchema.parse(bad)).toThrow(ZodError);
    let thrown: unknown;
    try {
      checkInput(PopulationOptionsSchema, bad, 'options');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PhmValidationError);
    expect((thrown as PhmValidationError).message).toBe('Invalid options: asOf: 2023 has no 29 February (it is not a leap year)');
    expect((thrown as PhmValidationError).issues).toEqual([{ path: ['asOf'], message: '2023 has no 29 February (it is not a leap year)' }]);
  });

  it("names the value 'input' unless told, and refuses what is not a schema", () => {
    expect(() => checkInput(PersonSchema, 42)).toThrow(/^Invalid input: /);
    expect(() => checkInput(PersonSchema, 42, '')).toThrow(/^Invalid input: /);
    expect(() => checkInput({ parse: () => 1 } as never, 1)).toThrow(PhmValidationError);
  });
});
