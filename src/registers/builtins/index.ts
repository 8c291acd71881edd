import { deepFreeze } from '../../core/freeze.js';
import type { Register } from '../rules/register.js';
import { FRAILTY_CODELISTS, FRAILTY_REGISTERS } from './frailty.js';
import { createHfrsRegisters } from './hfrs.js';
import { NON_QOF_REGISTERS, QOF_CODELISTS, QOF_REGISTERS, type BuiltInCodelist } from './qof.js';

/**
 * Every built-in register: the QOF registers, autism and ADHD, frailty (coded assessment, else
 * eFI) and the HFRS bands at the paper's age of 75. One register per marker: pass them all to
 * `deriveMarkers` or `registersToSql`, or pick the ones your data supports.
 *
 * @example
 * BUILT_IN_REGISTERS.map((r) => r.marker).includes('ltc-diabetes') // true
 */
export const BUILT_IN_REGISTERS: readonly Register[] = /* @__PURE__ */ deepFreeze([...QOF_REGISTERS, ...NON_QOF_REGISTERS, ...FRAILTY_REGISTERS, ...createHfrsRegisters()]);

/**
 * Every codelist the built-in registers read but the HFRS's (which phm-kit makes, from the
 * published table: `hfrsCodelists()`): name, system, what it holds and where to get it.
 *
 * @example
 * BUILT_IN_CODELISTS.filter((c) => c.system === 'dmd').map((c) => c.name) // ['ASTTRT_COD', 'EPILDRUG_COD', 'LIT_COD']
 */
export const BUILT_IN_CODELISTS: readonly BuiltInCodelist[] = /* @__PURE__ */ deepFreeze([...QOF_CODELISTS, ...FRAILTY_CODELISTS]);
