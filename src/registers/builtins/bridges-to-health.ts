import { deepFreeze } from '../../core/freeze.js';
import { defineRegister, type Register } from '../rules/register.js';
import type { BuiltInCodelist } from './qof.js';

const RRT = 'ESRF_RRT';
const STAGE5 = 'ESRF_HOSPITAL';
const STAGE4 = 'CKD4_HOSPITAL';
const EMERGENCY = 'EMERGENCY_ADMISSION';

/** The national definition's three ways into end-stage renal failure, as a register rule. */
const END_STAGE_RENAL_FAILURE = {
  any: [
    { code: RRT },
    { code: STAGE5 },
    // "People with CKD stage 4 who have had 4 or more emergency hospital admissions within the last 12 months."
    { all: [{ code: STAGE4 }, { count: EMERGENCY, atLeast: 4, within: { months: 12 } }] },
  ],
} as const;

/**
 * The registers of the national Bridges to Health segmentation dataset whose definitions are
 * published and that the built-in registers lack: end-stage renal failure
 * (`organ-failure-renal`), as Outcomes Based Healthcare's condition definitions give it (organ
 * failure: "an attendance at a specialist service for dialysis or kidney transplant", "ESRF/CKD
 * stage 5 recorded during a hospital admission, an outpatient appointment, or an A&E
 * attendance", or "CKD stage 4 who have had 4 or more emergency hospital admissions within the
 * last 12 months"). The national frailty bands are `createHfrsRegisters({ minimumAge: 65 })`,
 * in place of the built-in registers' HFRS from 75 (one register per marker). The codes are not
 * published with the definition: the codelists are named, and yours are read.
 *
 * @example
 * const national = [...BRIDGES_TO_HEALTH_REGISTERS, ...createHfrsRegisters({ minimumAge: 65 })];
 * BRIDGES_TO_HEALTH_REGISTERS.map((r) => r.marker) // ['organ-failure-renal']
 */
export const BRIDGES_TO_HEALTH_REGISTERS: readonly Register[] = /* @__PURE__ */ deepFreeze([
  defineRegister({
    marker: 'organ-failure-renal',
    label: 'End-stage renal failure (national definition)',
    source:
      'Outcomes Based Healthcare, "NHSE Subsegment / Condition Definitions" (August 2023), organ failure: End Stage Renal Failure. The 12 months count back from asOf; the other two ways in are read over the whole record (the definition gives no look-back).',
    rule: END_STAGE_RENAL_FAILURE,
  }),
]);

/**
 * The codelists {@link BRIDGES_TO_HEALTH_REGISTERS} reads: what each holds,
 * its code system, and where the national definition takes it from. phm-kit ships none of them.
 *
 * @example
 * BRIDGES_TO_HEALTH_CODELISTS.map((c) => c.name) // ['ESRF_RRT', 'ESRF_HOSPITAL', 'CKD4_HOSPITAL', 'EMERGENCY_ADMISSION']
 */
export const BRIDGES_TO_HEALTH_CODELISTS: readonly BuiltInCodelist[] = /* @__PURE__ */ deepFreeze([
  { name: RRT, system: 'opcs4', description: 'Dialysis or a kidney transplant: the OPCS-4 procedures of a specialist renal service (SUS APC and OP)', download: 'https://outcomesbasedhealthcare.com/condition-definitions-organ-failure/' },
  { name: STAGE5, system: 'icd10', description: 'End-stage renal failure or CKD stage 5, recorded in a hospital admission, an outpatient appointment or an A&E attendance (SUS APC, OP, ECDS)', download: 'https://outcomesbasedhealthcare.com/condition-definitions-organ-failure/' },
  { name: STAGE4, system: 'icd10', description: 'CKD stage 4, recorded in hospital data', download: 'https://outcomesbasedhealthcare.com/condition-definitions-organ-failure/' },
  { name: EMERGENCY, system: 'snomed-ct', description: 'An emergency hospital admission, one event each (SUS APC admission methods 21 to 2D and 28, coded as your pipeline codes admissions, e.g. SNOMED CT 183452005)', download: 'https://www.datadictionary.nhs.uk/attributes/admission_method.html' },
]);
