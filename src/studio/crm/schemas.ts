import { z } from 'zod';
import { ACTIVITY_TYPES, STAGES, type Kind } from './model.js';

const text = (max = 500) => z.string().trim().min(1).max(max);
const id = z.string().regex(/^[A-Za-z0-9_.:-]{1,120}$/, 'letters, digits and _.:- only, at most 120');
const ms = z.number().int().min(0).max(8.64e15);
const links = { company_id: id.optional(), contact_id: id.optional(), deal_id: id.optional() };

/** What the REST API accepts to create each kind (`PATCH` takes the same fields, each optional). */
export const INPUT: Record<Kind, z.ZodObject> = {
  companies: z.strictObject({ id: id.optional(), name: text(200), domain: text(253).optional(), industry: text(100).optional(), phone: text(50).optional(), city: text(100).optional(), country: text(100).optional(), owner: text(200).optional() }),
  contacts: z.strictObject({ id: id.optional(), name: text(200), first_name: text(100).optional(), last_name: text(100).optional(), email: z.email().max(254).optional(), phone: text(50).optional(), title: text(200).optional(), company_id: id.optional(), owner: text(200).optional() }),
  deals: z.strictObject({
    id: id.optional(), name: text(200), stage: z.enum(STAGES as [string, ...string[]]), amount: z.number().finite().min(0).max(1e15), currency: z.string().regex(/^[A-Z]{3}$/, 'a 3-letter ISO 4217 code, upper case'),
    expected_close: z.iso.date().nullable().default(null), owner: text(200).optional(), company_id: id.optional(), contact_id: id.optional(),
    probability: z.number().min(0).max(1).optional(), closed_at: ms.optional(), last_activity_at: ms.optional(),
  }),
  activities: z.strictObject({ id: id.optional(), type: z.enum(ACTIVITY_TYPES), at: ms, subject: text(500).optional(), body: text(20_000).optional(), ...links }),
  reminders: z.strictObject({ id: id.optional(), due_at: ms, text: text(2000), state: z.enum(['pending', 'sent', 'failed']).default('pending'), activity_id: id.optional(), sent_at: ms.optional(), attempts: z.number().int().min(0).max(1000).optional(), last_error: text(1000).optional(), ...links }),
};

/** The first problem of a zod failure as `field: message`. */
export function firstIssue(err: z.ZodError): { field: string; message: string } {
  const i = err.issues[0]!;
  const field = i.path.join('.') || '(body)';
  return { field, message: `${field}: ${i.message}` };
}
