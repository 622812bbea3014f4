import { describe, expect, it } from 'vitest';
import { detectFormat, svgProblems } from './image-content.js';

const bytes = (...b: number[]) => Uint8Array.from([...b, ...new Array(200).fill(0)]);
const dicom = () => {
  const b = new Uint8Array(300);
  b.set([0x44, 0x49, 0x43, 0x4d], 128);
  return b;
};
const text = (s: string) => new TextEncoder().encode(s);

describe('detectFormat', () => {
  it.each([
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0)],
    ['WEBP', bytes(0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50)],
    ['TIFF', bytes(0x49, 0x49, 0x2a, 0x00)],
    ['TIFF', bytes(0x4d, 0x4d, 0x00, 0x2a)],
    ['DICOM', dicom()],
    ['SVG', text('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['SVG', text('\uFEFF<?xml version="1.0"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg>\n<svg width="1">')],
    [null, text('<html><svg></svg></html>')],
    [null, text('GIF89a')],
    [null, text('RIFF....WAVE')],
    [null, new Uint8Array(0)],
  ])('%s', (expected, input) => {
    expect(detectFormat(input)).toBe(expected);
  });
});

describe('svgProblems', () => {
  const svg = (inner: string, attrs = '') => `<svg xmlns="http://www.w3.org/2000/svg"${attrs}>${inner}</svg>`;
  it.each([
    ['a picture', svg('<rect width="1" height="1" fill="red"/><use href="#a"/><g filter="url(#soft)"/>'), []],
    ['inline raster data', svg('<image href="data:image/png;base64,iVBORw0KGgo="/>'), []],
    ['script', svg('<script>alert(1)</script>'), ['contains a <script> element']],
    ['handler', svg('<rect onclick="x()"/>'), ['has event handler attributes (on…=)']],
    ['foreign HTML', svg('<foreignObject><div/></foreignObject>'), ['contains a <foreignObject> element']],
    ['entities', `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('&x;')}`, ['declares XML entities']],
    [
      'a link out',
      svg('<a xlink:href="https://evil.example/"><rect/></a>'),
      ['refers to "https://evil.example/" (only #fragments and inline raster data are allowed)'],
    ],
    [
      'a local file',
      svg('<image href="file:///etc/passwd"/>'),
      ['refers to "file:///etc/passwd" (only #fragments and inline raster data are allowed)'],
    ],
    [
      'javascript: URL',
      svg('<a href="javascript:alert(1)"/>'),
      ['contains a javascript: URL', 'refers to "javascript:alert(1)" (only #fragments and inline raster data are allowed)'],
    ],
    [
      'CSS fetching',
      svg('<style>rect { fill: url(https://x.example/a.svg#p) }</style>'),
      ['uses url(…) to something outside the document'],
    ],
    ['an imported sheet', svg('<style>@import "x.css";</style>'), ['imports a style sheet']],
  ])('%s', (_, input, expected) => {
    expect(svgProblems(input)).toEqual(expected);
  });
});
