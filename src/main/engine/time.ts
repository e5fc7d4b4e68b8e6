export type Clock = () => number;
export const iso = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());
export const isoNN = (ms: number): string => new Date(ms).toISOString();
