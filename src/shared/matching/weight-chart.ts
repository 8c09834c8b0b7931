/**
 * The match-weight chart of a model, as an SVG: one bar per comparison level, to the right for
 * evidence of the same person and to the left against, as Splink draws it. Pure: text in, text out.
 */
import { COMPARISON_NAMES, COMPARISONS } from './comparisons.ts';
import { levelWeights, type MatchModel } from './model.ts';

const ROW = 18;
const LABEL = 220;
const HALF = 240;
/** Bits per pixel: weights beyond ±20 bits are drawn to the edge. */
const SCALE = HALF / 20;

export function matchWeightChart(model: MatchModel): string {
  const weights = levelWeights(model);
  const rows = COMPARISON_NAMES.flatMap((comparison) =>
    COMPARISONS[comparison]
      .filter((level) => level !== 'missing')
      .map((level) => ({ label: `${comparison}: ${level}`, weight: weights[comparison][level] as number }))
  );
  const width = LABEL + 2 * HALF + 60;
  const height = (rows.length + 2) * ROW;
  const zero = LABEL + HALF;
  const bars = rows.map(({ label, weight }, at) => {
    const y = (at + 1) * ROW;
    const length = Math.min(HALF, Math.abs(weight) * SCALE);
    const x = weight >= 0 ? zero : zero - length;
    const colour = weight >= 0 ? '#00703c' : '#d4351c';
    return [
      `<text x="${LABEL - 6}" y="${y + 12}" text-anchor="end">${escapeXml(label)}</text>`,
      `<rect x="${x.toFixed(1)}" y="${y + 2}" width="${length.toFixed(1)}" height="${ROW - 4}" fill="${colour}"/>`,
      `<text x="${width - 4}" y="${y + 12}" text-anchor="end">${weight.toFixed(2)}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-label="Match weight (log2 m/u) of each comparison level">
<title>Match weight (log2 m/u) of each comparison level</title>
<line x1="${zero}" y1="0" x2="${zero}" y2="${height}" stroke="#0b0c0c"/>
${bars.join('\n')}
</svg>
`;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
