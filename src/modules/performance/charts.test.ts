import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { barChartSvg, CHART_COLOURS, controlChartSvg, histogramSvg, periodLabel } from './charts.ts';
import { xmr, type SpcInputPoint, type XmrOptions } from './spc.ts';

function months(values: (number | null)[]): SpcInputPoint[] {
  return values.map((value, i) => ({
    period: `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    value,
  }));
}

const STABLE = [
  50, 53, 48, 51, 49, 52, 47, 51, 50, 54, 48, 50, 52, 49, 51, 47, 53, 50, 48, 52, 49, 51, 50, 48,
];

function chartOf(values: (number | null)[], options: XmrOptions = {}, percent = false): Promise<string> {
  return controlChartSvg({
    title: 'Contacts each month',
    summary: 'Contacts rose in the last year.',
    series: xmr(months(values), options),
    unitLabel: 'Contacts',
    percent,
  });
}

/** The drawn shapes of one fill colour, e.g. every orange point (and its legend symbol). */
function shapesFilled(svg: string, colour: string): string[] {
  return [...svg.matchAll(new RegExp(`<path [^>]*fill="${colour}"[^>]*>`, 'g'))].map((m) => m[0]);
}

/** What every chart must be: well-formed, an accessible image, and nothing a page could be attacked with. */
function expectSafeAccessibleSvg(svg: string, title: string, summary: string): void {
  expect(XMLValidator.validate(svg)).toBe(true);
  const root = /^<svg [^>]*>/.exec(svg)![0];
  const id = /aria-labelledby="([\w-]+)-title \1-desc"/.exec(root)![1];
  expect(root).toContain('role="img"');
  expect(root).toMatch(/viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"/);
  expect(root).not.toMatch(/ (width|height)=/);
  expect(svg).toContain(`<title id="${id}-title">${title}</title><desc id="${id}-desc">${summary}</desc>`);
  expect(svg.endsWith('</svg>')).toBe(true);
  expect(svg).not.toMatch(/<script|<foreignObject|<image|href=|url\(|style=|\son\w+=/i);
  expect([...svg.matchAll(/\sid="/g)]).toHaveLength(2);
}

/** A chart's drawing without its title and summary. */
const drawing = (svg: string): string => svg.slice(svg.indexOf('</desc>'));

describe('controlChartSvg', () => {
  it('draws the same chart from the same data whatever the kept view drew before, even at once', async () => {
    const rising = STABLE.map((v, i) => v + i * 3);
    const first = drawing(await chartOf(STABLE));
    const others = await Promise.all([chartOf(rising), chartOf(STABLE.map((v) => v * 10))]);
    // Another title, so each is drawn again rather than taken from the charts already drawn.
    const redraw = async (values: number[]) =>
      drawing(
        await controlChartSvg({
          title: 'Drawn again',
          summary: `${values.join()}`,
          series: xmr(months(values)),
          unitLabel: 'Contacts',
        })
      );
    expect(await redraw(STABLE)).toBe(first);
    expect(await redraw(rising)).toBe(drawing(others[0]));
    expect(drawing(others[0])).not.toBe(first);
    expect(drawing(others[1])).toContain('>500</text>');
  });

  it('is a well-formed, accessible, self-contained image', async () => {
    const svg = await chartOf(STABLE);
    expectSafeAccessibleSvg(svg, 'Contacts each month', 'Contacts rose in the last year.');
    expect(svg).toContain('font-family="arial, sans-serif"');
    expect(svg).not.toContain('GDS Transport');
  });

  it('labels the x axis with months and the legend with the lines drawn', async () => {
    const svg = await chartOf(STABLE, { target: 45, betterWhen: 'higher' });
    expect(svg).toContain('>Dec 2025</text>');
    expect(svg).toContain('>Mean</text>');
    expect(svg).toContain('>Process limits</text>');
    expect(svg).toContain('>Target</text>');
    expect(svg).toContain('>Contacts</text>');
  });

  it('draws a stable process in grey circles only', async () => {
    const svg = await chartOf(STABLE, { betterWhen: 'higher' });
    expect(shapesFilled(svg, CHART_COLOURS.orange)).toEqual([]);
    expect(shapesFilled(svg, CHART_COLOURS.blue)).toEqual([]);
    expect(shapesFilled(svg, CHART_COLOURS.grey)).toHaveLength(STABLE.length + 1); // and its legend symbol
    expect(svg).toContain('>Common cause</text>');
  });

  it('draws points of concern as orange triangles, not only in another colour', async () => {
    const values = [...STABLE];
    values[10] = 70;
    values[20] = 72;
    const svg = await chartOf(values, { betterWhen: 'lower' });
    const concern = shapesFilled(svg, CHART_COLOURS.orange);
    expect(concern).toHaveLength(2 + 1);
    for (const shape of concern) expect(shape).toMatch(/d="M0,-[\d.]+L-[\d.]+,[\d.]+L[\d.]+,[\d.]+Z"/);
    for (const shape of shapesFilled(svg, CHART_COLOURS.grey)) expect(shape).toMatch(/d="M[^"]*A/); // circles
    expect(svg).toContain('>Special cause: concern</text>');
  });

  it('draws improvement in blue squares and neither in purple diamonds', async () => {
    const values = [...STABLE];
    values[10] = 30;
    const improvement = shapesFilled(await chartOf(values, { betterWhen: 'lower' }), CHART_COLOURS.blue);
    expect(improvement).toHaveLength(1 + 1);
    for (const shape of improvement) expect(shape).toMatch(/d="M-[\d.]+,-[\d.]+h[\d.]+v[\d.]+h-[\d.]+Z"/);
    const neither = shapesFilled(await chartOf(values), CHART_COLOURS.purple);
    expect(neither).toHaveLength(1 + 1);
    for (const shape of neither) expect(shape).toMatch(/d="M-[\d.]+,0L0,-[\d.]+L[\d.]+,0L0,[\d.]+Z"/);
  });

  it('shows percentages as such', async () => {
    const svg = await chartOf(
      STABLE.map((v) => v + 45),
      { limitFloor: 0, limitCeiling: 100 },
      true
    );
    expect(svg).toMatch(/>100%<\/text>/);
  });

  it('draws a gap, a short series and an empty one without failing', async () => {
    expectSafeAccessibleSvg(
      await chartOf([1, null, 3]),
      'Contacts each month',
      'Contacts rose in the last year.'
    );
    expectSafeAccessibleSvg(await chartOf([]), 'Contacts each month', 'Contacts rose in the last year.');
  });

  it('gives the same SVG for the same input, whatever was drawn in between', async () => {
    const first = await chartOf(STABLE, { betterWhen: 'higher', target: 50 });
    await chartOf([1, 2, 3]);
    await barChartSvg({ title: 'a', summary: 'b', rows: [{ label: 'x', value: 1 }], unitLabel: 'c' });
    expect(await chartOf(STABLE, { betterWhen: 'higher', target: 50 })).toBe(first);
  });
});

describe('barChartSvg', () => {
  const rows = [
    { label: 'Police & Fire', value: 1234 },
    { label: '<script>alert(1)', value: 56.25 },
    { label: 'Schools', value: 300 },
  ];

  it('escapes labels, title and summary so they stay text', async () => {
    const svg = await barChartSvg({
      title: 'Contacts by <b>agency</b> & source',
      summary: 'Police "sent" most.',
      rows,
      unitLabel: 'Contacts',
    });
    expectSafeAccessibleSvg(
      svg,
      'Contacts by &lt;b&gt;agency&lt;/b&gt; &amp; source',
      'Police &quot;sent&quot; most.'
    );
    expect(svg).toContain('>Police &amp; Fire</text>');
    expect(svg).toContain('>&lt;script&gt;alert(1)</text>');
  });

  it('labels each bar with its value, in order', async () => {
    const svg = await barChartSvg({ title: 't', summary: 's', rows, unitLabel: 'Contacts' });
    const texts = [...svg.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(texts).toEqual(expect.arrayContaining(['1,234', '56.3', '300']));
    expect(svg.indexOf('Police &amp; Fire')).toBeLessThan(svg.indexOf('Schools'));
    const percent = await barChartSvg({ title: 't', summary: 's', rows, unitLabel: 'Share', percent: true });
    expect(percent).toContain('>56.3%</text>');
  });

  it('uses the id it is given, and refuses one that is not a plain id', async () => {
    const svg = await barChartSvg({ title: 't', summary: 's', rows, unitLabel: 'u', id: 'by-agency' });
    expect(svg).toContain('aria-labelledby="by-agency-title by-agency-desc"');
    await expect(barChartSvg({ title: 't', summary: 's', rows, unitLabel: 'u', id: 'a"b' })).rejects.toThrow(
      RangeError
    );
  });
});

describe('histogramSvg', () => {
  it('draws each bin with its label and count', async () => {
    const svg = await histogramSvg({
      title: 'Working days to complete an assessment',
      summary: 'Most assessments were completed within 45 working days.',
      bins: [
        { label: '0–15', count: 12 },
        { label: '16–30', count: 40 },
        { label: '31–45', count: 25 },
        { label: '46+', count: 3 },
      ],
      binTitle: 'Working days',
      countTitle: 'Assessments',
    });
    expectSafeAccessibleSvg(
      svg,
      'Working days to complete an assessment',
      'Most assessments were completed within 45 working days.'
    );
    expect(shapesFilled(svg, CHART_COLOURS.blue)).toHaveLength(4);
    for (const text of ['0–15', '46+', '40', 'Working days', 'Assessments'])
      expect(svg).toContain(`>${text}</text>`);
  });
});

describe('periodLabel', () => {
  it('names months and leaves other periods as they are', () => {
    expect(periodLabel('2026-03')).toBe('Mar 2026');
    expect(periodLabel('2026-12')).toBe('Dec 2026');
    expect(periodLabel('2026-13')).toBe('2026-13');
    expect(periodLabel('2026-Q1')).toBe('2026-Q1');
  });
});

describe('charts draw every point', () => {
  it('never draws a NaN path, whatever the series', async () => {
    for (const values of [[5], [1, null, 3, 4], [0, 0, 0, 0], [1, 2]]) {
      const series = xmr(
        values.map((value, i) => ({ period: `2025-${String(i + 1).padStart(2, '0')}`, value }))
      );
      const svg = await controlChartSvg({
        title: `NaN check ${values.join()}`,
        summary: 's',
        series,
        unitLabel: 'V',
      });
      expect(svg).not.toMatch(/="[^"]*NaN/);
    }
  });
});
