/**
 * Natural log of the upper tail of the standard normal, log Q(z) = log P(Z > z), accurate far
 * into the tail: Q itself underflows near z ≈ 38, its log does not, so evidence keeps ranking.
 * Uses the Chebyshev fit of erfc (Numerical Recipes `erfcc`, relative error < 1.2e-7).
 * @example
 * logNormalTail(0) // ≈ Math.log(0.5)
 * logNormalTail(4.265) // ≈ Math.log(1e-5)
 */
export function logNormalTail(z: number): number {
  const x = z / Math.SQRT2;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.5 * a);
  const poly = -a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const logErfcAbs = Math.log(t) + poly;
  // erfc(−a) = 2 − erfc(a): below the mean the tail is above one half, no underflow to guard.
  return x >= 0 ? Math.log(0.5) + logErfcAbs : Math.log(1 - 0.5 * Math.exp(logErfcAbs));
}

/**
 * Maps evidence e ≥ 0 (in units of `scale`) to [0, 1) smoothly; never saturates, so stronger
 * evidence always ranks higher.
 * @example
 * squash(0, 4) // 0
 * squash(4, 4) // ≈ 0.632
 */
export function squash(e: number, scale: number): number {
  return e <= 0 ? 0 : 1 - Math.exp(-e / scale);
}
