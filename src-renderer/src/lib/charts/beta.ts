/** The EWA β typed in the loss chart's header, checked as typed. */
export type BetaInput = { ok: true; value: number } | { ok: false; reason: string };

export function parseBeta(text: string): BetaInput {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) return { ok: false, reason: `β must be a number from 0 to 0.999, got "${text}".` };
  if (value < 0 || value >= 1) return { ok: false, reason: `β must be at least 0 and below 1 (it averages over about 1/(1 − β) steps), got ${value}.` };
  return { ok: true, value };
}
