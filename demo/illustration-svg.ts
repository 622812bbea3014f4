import type { AssessmentState } from '../domain/assessment/state.js';
import { seededRandom } from '../platform/seeded-random.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const grey = (level: number) => {
  const v = Math.round(Math.min(255, Math.max(0, level)));
  return `rgb(${v},${v},${v})`;
};

/**
 * A simple illustration that looks the way the agents' figures say it does, so what an educator
 * sees agrees with the numbers: its labelled terms as labels with leader lines around a central
 * structure, as many shapes as the cognitive-load agent counted elements (clutter), text blocks
 * as dense as it measured, labels as large and as dark as the visual agent's legibility and
 * contrast. Deterministic for a state (`seed`), and a picture only: no script, no references.
 */
export function illustrationSvg(state: AssessmentState, seed: number): string {
  const rand = seededRandom(seed);
  const { width: w, height: h } = state.image;
  const visual = state.visual ?? { contrast: 0.6, sharpness: 0.6, colorBalance: 0.6, labelLegibility: 0.6 };
  const load = state.cognitiveLoad;
  const labels = (state.medicalTerms?.terms ?? []).filter((t) => t.labelled).map((t) => t.term);
  const elements = load?.elementCount ?? labels.length + 3;
  const unit = Math.min(w, h);
  // Low contrast: ink close to the paper's grey.
  const paper = 250;
  const ink = grey(paper - 40 - 210 * visual.contrast);
  const font = Math.max(6, unit * (0.012 + 0.03 * visual.labelLegibility));
  const stroke = Math.max(1, unit * 0.004);
  const cx = w / 2;
  const cy = h / 2 + unit * 0.04;
  const rx = w * 0.16;
  const ry = h * 0.24;
  const hue = Math.round(360 * rand());
  const saturation = Math.round(25 + 45 * visual.colorBalance);
  const parts: string[] = [];
  parts.push(`<rect width="${w}" height="${h}" fill="${grey(paper)}"/>`);
  parts.push(
    `<text x="${cx}" y="${unit * 0.07}" font-size="${(font * 1.4).toFixed(1)}" text-anchor="middle" fill="${ink}" font-family="sans-serif">${escape(state.image.topic)}</text>`,
  );
  // The structure the illustration is about.
  parts.push(
    `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="hsl(${hue},${saturation}%,72%)" stroke="${ink}" stroke-width="${stroke * 2}"/>`,
  );
  parts.push(
    `<ellipse cx="${cx - rx * 0.3}" cy="${cy - ry * 0.2}" rx="${rx * 0.35}" ry="${ry * 0.3}" fill="hsl(${(hue + 40) % 360},${saturation}%,60%)" stroke="${ink}" stroke-width="${stroke}"/>`,
  );
  // Clutter: every counted element beyond the labels is a shape somewhere on the page.
  for (let i = 0; i < Math.max(0, elements - labels.length); i++) {
    const x = w * (0.05 + 0.9 * rand());
    const y = h * (0.12 + 0.83 * rand());
    const r = unit * (0.015 + 0.04 * rand());
    const fill = `hsl(${Math.round(360 * rand())},${saturation}%,${Math.round(55 + 30 * rand())}%)`;
    parts.push(
      rand() < 0.5
        ? `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}" fill="${fill}" opacity="0.8"/>`
        : `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(r * 2).toFixed(1)}" height="${(r * 1.3).toFixed(1)}" fill="${fill}" opacity="0.8"/>`,
    );
  }
  // Labels around the structure, each with a leader line to it.
  labels.forEach((label, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, labels.length) - Math.PI / 2;
    const ax = cx + Math.cos(angle) * rx * 0.8;
    const ay = cy + Math.sin(angle) * ry * 0.8;
    const lx = cx + Math.cos(angle) * (rx + unit * 0.08);
    const ly = cy + Math.sin(angle) * (ry + unit * 0.12);
    const anchor = Math.cos(angle) >= 0 ? 'start' : 'end';
    parts.push(
      `<line x1="${ax.toFixed(1)}" y1="${ay.toFixed(1)}" x2="${lx.toFixed(1)}" y2="${ly.toFixed(1)}" stroke="${ink}" stroke-width="${stroke}"/>`,
    );
    parts.push(
      `<text x="${lx.toFixed(1)}" y="${ly.toFixed(1)}" font-size="${font.toFixed(1)}" text-anchor="${anchor}" fill="${ink}" font-family="sans-serif">${escape(label)}</text>`,
    );
  });
  // Text density: blocks of grey lines standing for paragraphs of small print.
  const lines = Math.round(40 * (load?.textDensity ?? 0.1));
  for (let i = 0; i < lines; i++) {
    const x = w * (0.04 + (i % 2) * 0.62);
    const y = h * (0.8 + 0.17 * (Math.floor(i / 2) / Math.max(1, lines / 2)));
    parts.push(
      `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(w * (0.2 + 0.12 * rand())).toFixed(1)}" height="${(unit * 0.006).toFixed(1)}" fill="${ink}" opacity="0.6"/>`,
    );
  }
  // Soft where the visual agent measured low sharpness.
  const blur = (1 - visual.sharpness) * unit * 0.004;
  const [background, ...drawing] = parts;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">` +
    `<defs><filter id="soft"><feGaussianBlur stdDeviation="${blur.toFixed(2)}"/></filter></defs>` +
    `${background}<g filter="url(#soft)">${drawing.join('')}</g></svg>\n`
  );
}
