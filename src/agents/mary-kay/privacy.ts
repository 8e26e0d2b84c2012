import type { Crm } from '../../studio/crm/crm.js';
import type { Capability } from '../runtime/capability.js';

/** Result keys that hold personal data (a person's name, address, number, or what they said). */
const PERSONAL = new Set(['contact', 'first_name', 'last_name', 'email', 'phone', 'note', 'text', 'said', 'body', 'subject', 'title', 'candidates', 'reasons']);
export const WITHHELD = '[withheld: personal data is not sent to the model (CRM_MODEL_PERSONAL_DATA=0)]';

/** A copy of a capability result with every personal field replaced by {@link WITHHELD}. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, PERSONAL.has(k) && v !== null ? WITHHELD : redact(v)]));
  }
  return value;
}

/** The capabilities as the model sees them when personal data may not leave: same calls, redacted results. */
export const redacted = <C>(caps: readonly Capability<C>[]): Capability<C>[] => caps.map((c) => ({ spec: c.spec, run: async (a, ctx) => redact(await c.run(a, ctx)) }));

/**
 * Whether a question names a stored person (name of 2+ characters, email or phone): such a question
 * is not sent to the model while personal data may not be.
 */
export async function mentionsPerson(crm: Crm, question: string): Promise<boolean> {
  const q = question.toLowerCase();
  const digits = question.replace(/\D/g, '');
  for (const c of await crm.list('contacts')) {
    const names = [c.name, c.email, c.first_name && c.last_name ? `${c.first_name} ${c.last_name}` : undefined].filter((x): x is string => Boolean(x && x.length >= 2));
    if (names.some((n) => new RegExp(`(^|[^\\p{L}\\p{N}])${n.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(q))) return true;
    const phone = c.phone?.replace(/\D/g, '');
    if (phone && phone.length >= 6 && digits.includes(phone)) return true;
  }
  return false;
}
