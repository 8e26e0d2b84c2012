/**
 * Units devices publish in, per kind, and how to get to the one unit the project records for that
 * kind. One unit per kind matters: detectors, thresholds and alerts compare numbers, and a
 * Fahrenheit reading in a Celsius series looks like a 40-degree jump.
 */
const round2 = (v: number): number => Math.round(v * 100) / 100;
const same = (v: number): number => v;
const fahrenheit = (v: number): number => round2(((v - 32) * 5) / 9);
const kelvin = (v: number): number => round2(v - 273.15);
const times = (factor: number) => (v: number): number => round2(v * factor);

/** The unit each known kind is recorded in. */
export const CANONICAL_UNITS: Readonly<Record<string, string>> = {
  temperature: '°C', humidity: '%', pressure: 'hPa', battery: '%', illuminance: 'lx', co2: 'ppm', motion: '',
};

// Keys lower-cased; `º` (the ordinal sign) is what some keyboards and firmwares type for `°`.
const CONVERSIONS: Readonly<Record<string, Readonly<Record<string, (v: number) => number>>>> = {
  temperature: { '°c': same, 'ºc': same, c: same, celsius: same, '°f': fahrenheit, 'ºf': fahrenheit, f: fahrenheit, fahrenheit, k: kelvin, kelvin },
  // Tasmota's PressureUnit (SetOption24) is hPa or mmHg; HA users in the US see inHg or psi.
  pressure: { hpa: same, mbar: same, pa: times(0.01), kpa: times(10), mmhg: times(1.333224), inhg: times(33.863886), psi: times(68.947573) },
  humidity: { '%': same, '%rh': same },
  battery: { '%': same },
  illuminance: { lx: same, lux: same },
  co2: { ppm: same },
  motion: { '': same },
};

/**
 * A value of a kind, in the unit the project records that kind in. `unit` is the unit the device
 * sent (undefined: it did not say, so it is taken to be the recorded one). For a known kind, a unit
 * that is not one of its units is ignored: a mapping's `unit=°F` shared by temperature and humidity
 * topics must convert the temperatures and leave humidity in %. Other kinds keep the unit given.
 * @example
 * toCanonical('temperature', '°F', 71.6) // { unit: '°C', value: 22 }
 * toCanonical('pressure', 'mmHg', 760)   // { unit: 'hPa', value: 1013.25 }
 * toCanonical('humidity', '°F', 45)      // { unit: '%', value: 45 }
 * toCanonical('pm25', 'µg/m³', 12)       // { unit: 'µg/m³', value: 12 }
 */
export function toCanonical(kind: string, unit: string | undefined, value: number): { unit: string; value: number } {
  const canonical = CANONICAL_UNITS[kind];
  if (canonical === undefined) return { unit: unit ?? '', value };
  const convert = unit === undefined ? undefined : CONVERSIONS[kind]?.[unit.trim().toLowerCase()];
  return { unit: canonical, value: convert ? convert(value) : value };
}
