/**
 * Charts as data: builds every chart phm-kit offers from the embedded examples, renders each
 * to SVG with vega and vega-lite (dev dependencies: phm-kit itself only returns JSON), and
 * writes them to docs/charts/, where the README shows them. Run with `npm run docs:charts`;
 * the same inputs give the same SVG bytes every run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from 'phm-kit';
import { allocateEnvelopes, envelopesChart } from 'phm-kit/finance';
import { acceleratorScoresChart, selectAccelerator, sensitivity, sensitivityChart } from 'phm-kit/prioritisation';
import { monthEnds } from 'phm-kit';
import { leeds2024, segmentBreakdownChart, segmentCountsChart, segmentFlowsChart, segmentPopulation, segmentsOverTime, segmentsOverTimeChart, syntheticPopulation, transitions } from 'phm-kit/segmentation';
import { leeds2017AcceleratorInput } from './accelerator-2017-input.js';
import { leedsSegments } from './leeds-segments-input.js';


/** Every chart, by the file name it is written under, built from the embedded examples. */
export function buildCharts(): Record<string, VegaLiteSpec> {
  // 1. Segmentation: the embedded synthetic population (10,000 people) under Leeds 2024.
  const asOf = '2024-04-01';
  const people = syntheticPopulation({ size: 10_000, seed: 2024, asOf });
  const segmentation = segmentPopulation(people, leeds2024, { asOf });
  // The same people over the two years before: 24 month ends, and the flows over the last year.
  const series = segmentsOverTime(people, leeds2024, { dates: monthEnds('2022-04-01', '2024-03-31') });
  const year = transitions(people, leeds2024, { from: '2023-04-01', to: asOf });

  // 2. Finance: £1.2bn across the nine segments, 70% by historic spend and 30% by capitation,
  //    after three top slices, labelled as the model labels them.
  const labelOf = new Map<string, string>(leeds2024.segments.map((s) => [s.id, s.label]));
  const allocation = allocateEnvelopes({
    total: '1200000000.00',
    method: { kind: 'blend', historicShare: 0.7 },
    segments: leedsSegments.map((s) => ({ ...s, label: labelOf.get(s.id) ?? s.id })),
    topSlices: [{ id: 'contingency', percent: 0.5 }, { id: 'planned-care', amount: '30000000.00' }, { id: 'same-day-response', amount: '20000000.00' }],
  });

  // 3. Prioritisation: the 2017 accelerator replay (ILLUSTRATIVE evidence) and how firm it is.
  const selection = selectAccelerator(leeds2017AcceleratorInput);
  const report = sensitivity(leeds2017AcceleratorInput, { samples: 500, seed: 2017 });
  // Without the feasibility gate, the evidence alone: the weights now matter.
  const ungated = sensitivity({ ...leeds2017AcceleratorInput, feasibility: undefined }, { samples: 500, seed: 2017 });

  return {
    'segment-counts': segmentCountsChart(segmentation, { labels: leeds2024 }),
    'segments-by-age-band': segmentBreakdownChart(segmentation, { by: 'ageBand', labels: leeds2024 }),
    'segments-by-imd-decile': segmentBreakdownChart(segmentation, { by: 'imdDecile', labels: leeds2024, measure: 'share' }),
    'segments-over-time': segmentsOverTimeChart(series, { labels: leeds2024, title: 'People in each segment, month ends April 2022 to March 2024 (synthetic)' }),
    'segment-flows': segmentFlowsChart(year, { labels: leeds2024 }),
    envelopes: envelopesChart(allocation, { title: '£1.2bn in budget envelopes against current spend (ILLUSTRATIVE)' }),
    'accelerator-scores': acceleratorScoresChart(selection, { labels: leeds2017AcceleratorInput, title: 'Leeds 2017 accelerator replay: scores by criterion (ILLUSTRATIVE)' }),
    'accelerator-sensitivity': sensitivityChart(report, { labels: leeds2017AcceleratorInput }),
    'accelerator-sensitivity-without-gate': sensitivityChart(ungated, { labels: leeds2017AcceleratorInput, title: 'How firm would the choice be without the feasibility gate?' }),
  };
}

/**
 * Without a canvas, vega guesses every text's width as 0.8 em a character, too wide for most
 * text, so labels are cut short and margins grow. Helvetica's (and Arial's) advance widths, in
 * thousandths of an em, make the guesses close to what a browser draws, and keep them
 * deterministic: no font is read from the machine.
 */
const HELVETICA = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';
const WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722,
  278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556,
  333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const advance = new Map([...HELVETICA].map((c, i) => [c, WIDTHS[i] as number]));

interface TextItem {
  readonly fontSize?: number;
  readonly fontWeight?: string | number;
  readonly limit?: number;
}

function textWidth(item: TextItem, text: unknown): number {
  const s = text == null ? '' : String(text).trim();
  const size = item.fontSize ?? 11;
  const bold = item.fontWeight === 'bold' || Number(item.fontWeight) >= 600;
  const ems = [...s].reduce((sum, c) => sum + (advance.get(c) ?? (c === '…' ? 1000 : 556)), 0) / 1000;
  // 15% to spare: where Helvetica and Arial are missing, DejaVu Sans (wider) draws the text.
  const width = ems * size * (bold ? 1.08 : 1) * 1.15;
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
}

/**
 * A Vega-Lite spec as SVG text, through vega-lite's compiler and vega's headless view. Throws
 * on any vega-lite warning: a chart that compiles with warnings is not what was asked for.
 */
export async function toSvg(spec: VegaLiteSpec): Promise<string> {
  // vega keeps its text metrics in a module-level object: the example sets it, the library never does.
  (vega as unknown as { textMetrics: { width: typeof textWidth } }).textMetrics.width = textWidth;
  const warnings: string[] = [];
  const logger = {
    level() {
      return logger;
    },
    warn: (...args: unknown[]) => (warnings.push(args.join(' ')), logger),
    info: () => logger,
    debug: () => logger,
    error: (...args: unknown[]) => (warnings.push(args.join(' ')), logger),
  };
  const compiled = compile(spec as unknown as TopLevelSpec, { logger: logger as never });
  if (warnings.length > 0) throw new Error(`vega-lite: ${warnings.join('; ')}`);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return `${svg}\n`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = fileURLToPath(new URL('../docs/charts/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const [name, spec] of Object.entries(buildCharts())) {
    const svg = await toSvg(spec);
    writeFileSync(`${dir}${name}.svg`, svg);
    console.log(`docs/charts/${name}.svg (${svg.length.toLocaleString('en-GB')} bytes)`);
  }
}
