import { PhmError } from '../core/errors.js';

/**
 * A pooled matrix to round: every cell's quota is a whole part plus `remainders[k] / total` of a
 * unit (cells row-major, k = i x columns + j), and each row and column is short of its total
 * by a whole number of units, once every cell is rounded down.
 */
export interface RoundingProblem {
  readonly rows: number;
  readonly columns: number;
  readonly remainders: readonly bigint[];
  readonly rowNeed: readonly number[];
  readonly columnNeed: readonly number[];
}

const DEAD = -2;

/** Each row's cells with a remainder, largest remainder first, then the lower column: rows as slices of one array. */
function candidateOrder({ rows, columns, remainders }: RoundingProblem): { order: Int32Array; start: Int32Array } {
  const start = new Int32Array(rows + 1);
  const order: number[] = [];
  for (let i = 0; i < rows; i++) {
    const base = i * columns;
    const row: number[] = [];
    for (let j = 0; j < columns; j++) if ((remainders[base + j] as bigint) > 0n) row.push(j);
    row.sort((a, b) => {
      const x = remainders[base + a] as bigint;
      const y = remainders[base + b] as bigint;
      return x > y ? -1 : x < y ? 1 : a - b;
    });
    for (const j of row) order.push(j);
    start[i + 1] = order.length;
  }
  return { order: Int32Array.from(order), start };
}

/**
 * Which cells round up (1) rather than down (0), so that every row and column total is met: a
 * 0/1 matrix on the cells with a remainder, with the rows' and columns' needs as its margins.
 * The exact quotas are a fractional solution, so an integral one exists (a transportation
 * problem with integer margins).
 *
 * First a greedy pass: rows in order, each taking its cells by largest remainder (then the
 * lower column) while the column still needs a unit. What it leaves is a maximum flow, found
 * Dinic's way: breadth-first levels from the rows still short, then augmenting paths along
 * them (row -> column by a cell not yet rounded up, column -> row by one that is), blocking
 * flow with a pointer per row and column, until no row is short. Each phase costs one pass
 * over the cells, and there are few phases: a 1,000 x 1,000 matrix of small amounts rounds in
 * under two seconds, where a breadth-first search per unit of need took 325 s.
 */
export function roundUps(problem: RoundingProblem): Uint8Array {
  const { rows, columns } = problem;
  const up = new Uint8Array(rows * columns);
  const rowLeft = Int32Array.from(problem.rowNeed);
  const columnLeft = Int32Array.from(problem.columnNeed);
  const { order, start } = candidateOrder(problem);
  for (let i = 0; i < rows; i++) {
    for (let p = start[i] as number; p < (start[i + 1] as number) && (rowLeft[i] as number) > 0; p++) {
      const j = order[p] as number;
      if ((columnLeft[j] as number) > 0) {
        up[i * columns + j] = 1;
        rowLeft[i]!--;
        columnLeft[j]!--;
      }
    }
  }
  while (rowLeft.some((n) => n > 0)) {
    const levels = levelGraph(problem, up, rowLeft, columnLeft, order, start);
    // Unreachable: the exact quotas are a fractional solution, so an integral one exists.
    if (levels === undefined) throw new PhmError('internal', 'phm-kit found no balanced rounding for a pooled matrix: please report this as a bug');
    blockingFlow(problem, up, rowLeft, columnLeft, order, start, levels);
  }
  return up;
}

interface Levels {
  readonly row: Int32Array;
  readonly column: Int32Array;
  /** The level of the columns where the shortest augmenting paths end. */
  readonly depth: number;
}

/** Breadth-first levels from the rows still short, up to the first level with a column still short. */
function levelGraph({ rows, columns }: RoundingProblem, up: Uint8Array, rowLeft: Int32Array, columnLeft: Int32Array, order: Int32Array, start: Int32Array): Levels | undefined {
  const row = new Int32Array(rows).fill(-1);
  const column = new Int32Array(columns).fill(-1);
  let frontier: number[] = [];
  for (let i = 0; i < rows; i++) {
    if ((rowLeft[i] as number) > 0) {
      row[i] = 0;
      frontier.push(i);
    }
  }
  for (let level = 0; frontier.length > 0; level += 2) {
    const reached: number[] = [];
    let found = false;
    for (const i of frontier) {
      for (let p = start[i] as number; p < (start[i + 1] as number); p++) {
        const j = order[p] as number;
        if (up[i * columns + j] === 0 && column[j] === -1) {
          column[j] = level + 1;
          reached.push(j);
          if ((columnLeft[j] as number) > 0) found = true;
        }
      }
    }
    if (found) return { row, column, depth: level + 1 };
    frontier = [];
    for (const j of reached) {
      for (let i = 0; i < rows; i++) {
        if (up[i * columns + j] === 1 && row[i] === -1) {
          row[i] = level + 2;
          frontier.push(i);
        }
      }
    }
  }
  return undefined;
}

/**
 * Augments along the level graph until no shortest path is left: a depth-first search from each
 * row still short, with a pointer per row (into its candidate cells) and per column (over the
 * rows) that only moves forward, and nodes marked dead once they lead nowhere.
 */
function blockingFlow({ rows, columns }: RoundingProblem, up: Uint8Array, rowLeft: Int32Array, columnLeft: Int32Array, order: Int32Array, start: Int32Array, levels: Levels): void {
  const { row: rowLevel, column: columnLevel, depth } = levels;
  const rowNext = Int32Array.from(start.subarray(0, rows));
  const columnNext = new Int32Array(columns);
  // The path, alternately a row and a column: nodes >= rows are columns (node - rows).
  const path: number[] = [];
  const nextColumn = (i: number): number => {
    for (; (rowNext[i] as number) < (start[i + 1] as number); rowNext[i]!++) {
      const j = order[rowNext[i] as number] as number;
      if (up[i * columns + j] === 0 && columnLevel[j] === (rowLevel[i] as number) + 1) return j;
    }
    return -1;
  };
  const nextRow = (j: number): number => {
    for (; (columnNext[j] as number) < rows; columnNext[j]!++) {
      const i = columnNext[j] as number;
      if (up[i * columns + j] === 1 && rowLevel[i] === (columnLevel[j] as number) + 1) return i;
    }
    return -1;
  };
  const augment = (end: number) => {
    for (let k = 0; k < path.length; k += 2) {
      const i = path[k] as number;
      const into = k + 1 < path.length ? (path[k + 1] as number) - rows : end;
      up[i * columns + into] = 1;
      if (k > 0) up[i * columns + ((path[k - 1] as number) - rows)] = 0;
    }
    rowLeft[path[0] as number]!--;
    columnLeft[end]!--;
  };
  for (let source = 0; source < rows; source++) {
    while ((rowLeft[source] as number) > 0 && rowLevel[source] === 0) {
      path.length = 0;
      path.push(source);
      let done = false;
      while (!done && path.length > 0) {
        const node = path[path.length - 1] as number;
        if (node < rows) {
          const j = nextColumn(node);
          if (j < 0) {
            rowLevel[node] = DEAD;
            path.pop();
            if (path.length > 0) columnNext[(path[path.length - 1] as number) - rows]!++;
          } else if (columnLevel[j] === depth) {
            if ((columnLeft[j] as number) > 0) {
              augment(j);
              done = true;
            } else {
              columnLevel[j] = DEAD;
              rowNext[node]!++;
            }
          } else {
            path.push(rows + j);
          }
        } else {
          const i = nextRow(node - rows);
          if (i < 0) {
            columnLevel[node - rows] = DEAD;
            path.pop();
            rowNext[path[path.length - 1] as number]!++;
          } else {
            path.push(i);
          }
        }
      }
      if (!done) break;
    }
  }
}
