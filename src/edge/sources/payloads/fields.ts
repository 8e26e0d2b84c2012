/** A measured quantity recognised in a device payload: the kind it becomes and its unit. */
export interface FieldKind {
  kind: string;
  unit: string;
}

/** Field names devices use (lower-cased) → kinds. Unknown fields are ignored, never guessed. */
export const KNOWN_FIELDS: Record<string, FieldKind> = {
  temperature: { kind: 'temperature', unit: '°C' },
  temp: { kind: 'temperature', unit: '°C' },
  humidity: { kind: 'humidity', unit: '%' },
  pressure: { kind: 'pressure', unit: 'hPa' },
  battery: { kind: 'battery', unit: '%' },
  illuminance: { kind: 'illuminance', unit: 'lx' },
  illuminance_lux: { kind: 'illuminance', unit: 'lx' },
  co2: { kind: 'co2', unit: 'ppm' },
  occupancy: { kind: 'motion', unit: '' },
  motion: { kind: 'motion', unit: '' },
};

/** One value a payload yielded, before the collector gives it node and identity. */
export interface ParsedValue {
  /** Suffix for the sensor name when a payload carries several quantities (e.g. "temperature"). */
  field: string;
  kind: string;
  unit: string;
  value: number;
  ts?: number;
}

/** Numbers, numeric strings and booleans (motion) become numbers; anything else is not a value. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const lowered = v.trim().toLowerCase();
    if (lowered === 'on' || lowered === 'true') return 1;
    if (lowered === 'off' || lowered === 'false') return 0;
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Picks the known quantities out of a flat JSON object. */
export function knownFields(obj: Record<string, unknown>): ParsedValue[] {
  const out: ParsedValue[] = [];
  for (const [name, raw] of Object.entries(obj)) {
    const known = KNOWN_FIELDS[name.toLowerCase()];
    const value = toNumber(raw);
    if (known && value !== undefined) out.push({ field: known.kind, kind: known.kind, unit: known.unit, value });
  }
  return out;
}
