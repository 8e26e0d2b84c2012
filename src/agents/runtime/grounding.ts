/**
 * Finds numbers in a model's answer that appear in none of the tool results of the request —
 * numbers the model made up or miscomputed. Years, small counts and list ordinals are allowed;
 * a value may match a tool number rounded to the precision the answer wrote.
 * @example
 * ungroundedNumbers('It is 22.5°C', ['{"value":22.46}']) // []
 */
export function ungroundedNumbers(answer: string, toolOutputs: string[], extraAllowed: number[] = []): string[] {
  const known = new Set<number>(extraAllowed);
  for (const out of toolOutputs) for (const m of out.matchAll(/-?\d+(?:\.\d+)?/g)) known.add(Number(m[0]));
  const knownList = [...known];
  const bad: string[] = [];
  for (const m of answer.matchAll(/-?\d+(?:\.\d+)?/g)) {
    const text = m[0];
    const n = Number(text);
    if (Number.isInteger(n) && Math.abs(n) <= 10) continue; // counts, ordinals
    if (n >= 1900 && n <= 2100 && Number.isInteger(n)) continue; // years
    const decimals = text.includes('.') ? text.split('.')[1]!.length : 0;
    const tolerance = 0.5 * 10 ** -decimals + 1e-9;
    if (!knownList.some((k) => Math.abs(k - n) <= tolerance)) bad.push(text);
  }
  return bad;
}
