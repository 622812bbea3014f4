export const fixed = (x: number | null | undefined, digits = 3): string =>
  x === null || x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits);
export const percent = (x: number | null | undefined): string =>
  x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`;
export const when = (iso: string | Date): string => new Date(iso).toLocaleString();
export const words = (enumValue: string): string => enumValue.toLowerCase().replaceAll('_', ' ');
