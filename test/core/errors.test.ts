import { describe, expect, it } from 'vitest';
import { formatPath, PhmError, PhmExcludedError, PhmModelError, PhmValidationError } from 'phm-kit';

describe('PhmError and subclasses', () => {
  it('PhmError carries code, message and issues', () => {
    const error = new PhmError('invalid-input', 'bad');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('PhmError');
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('bad');
    expect(error.issues).toEqual([]);
  });

  it('PhmValidationError is a PhmError with code invalid-input and the given issues', () => {
    const issues = [{ path: ['markers', 2, 'from'], message: 'Expected a date' }];
    const error = new PhmValidationError('Invalid person', issues);
    expect(error).toBeInstanceOf(PhmValidationError);
    expect(error).toBeInstanceOf(PhmError);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PhmModelError);
    expect(error.name).toBe('PhmValidationError');
    expect(error.code).toBe('invalid-input');
    expect(error.message).toBe('Invalid person');
    expect(error.issues).toEqual(issues);
  });

  it('PhmModelError is a PhmError with its own code and issues', () => {
    const issues = [{ path: ['segments', 1, 'id'], message: 'dup', code: 'duplicate-segment-id' }];
    const error = new PhmModelError('duplicate-segment-id', 'Model is not valid', issues);
    expect(error).toBeInstanceOf(PhmModelError);
    expect(error).toBeInstanceOf(PhmError);
    expect(error).not.toBeInstanceOf(PhmValidationError);
    expect(error.name).toBe('PhmModelError');
    expect(error.code).toBe('duplicate-segment-id');
    expect(error.issues).toEqual(issues);
  });

  it('PhmExcludedError for a death: code excluded-person, reason deceased, issue at deathDate', () => {
    const error = new PhmExcludedError('deceased', 'died');
    expect(error).toBeInstanceOf(PhmError);
    expect(error.name).toBe('PhmExcludedError');
    expect(error.code).toBe('excluded-person');
    expect(error.reason).toBe('deceased');
    expect(error.issues).toEqual([{ path: ['deathDate'], message: 'died', code: 'deceased' }]);
  });

  it('PhmExcludedError for a future birth: reason not-yet-born, issue at birthDate', () => {
    const error = new PhmExcludedError('not-yet-born', 'not born');
    expect(error.reason).toBe('not-yet-born');
    expect(error.code).toBe('excluded-person');
    expect(error.issues).toEqual([{ path: ['birthDate'], message: 'not born', code: 'not-yet-born' }]);
  });

  it('errors keep a stack trace', () => {
    expect(new PhmValidationError('x', []).stack).toContain('PhmValidationError');
  });
});

describe('formatPath', () => {
  it.each([
    [[], '(input)'],
    [['birthDate'], 'birthDate'],
    [['markers', 2, 'from'], 'markers[2].from'],
    [['segments', 0, 'rule', 'any', 1, 'marker'], 'segments[0].rule.any[1].marker'],
    [[0, 'id'], '[0].id'],
    [[3], '[3]'],
    [['a', 'b', 'c'], 'a.b.c'],
    [['matrix', 1, 2], 'matrix[1][2]'],
  ] as const)('formats %j as %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
