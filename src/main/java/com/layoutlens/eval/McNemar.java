package com.layoutlens.eval;

/**
 * McNemar's test on paired right/wrong outcomes of two models on the same words.
 *
 * <p>Only the discordant words matter: {@code onlyA} where A is right and B wrong,
 * {@code onlyB} the reverse. Under the null hypothesis (the models are equally good) each
 * discordant word goes either way with probability 1/2, so the p-value is the exact
 * two-sided binomial one, 2·P(X ≤ min(onlyA, onlyB)) for X ~ Bin(onlyA + onlyB, 1/2),
 * capped at 1. It is exact at any count, so no large-sample condition applies. The
 * continuity-corrected chi-square statistic (|b − c| − 1)² / (b + c) is given too, as
 * most reports quote it.
 *
 * @param onlyA     discordant words where only A is right
 * @param onlyB     discordant words where only B is right
 * @param chiSquare the continuity-corrected statistic (0 when there are no discordant words)
 * @param pValue    the exact two-sided p-value
 */
public record McNemar(long onlyA, long onlyB, double chiSquare, double pValue) {

    public static McNemar test(long onlyA, long onlyB) {
        if (onlyA < 0 || onlyB < 0) {
            throw new IllegalArgumentException("negative counts");
        }
        long n = onlyA + onlyB;
        if (n == 0) {
            return new McNemar(0, 0, 0, 1);
        }
        double d = Math.max(0, Math.abs(onlyA - onlyB) - 1);
        double chi = d * d / n;
        return new McNemar(onlyA, onlyB, chi, Math.min(1.0, 2 * binomialLowerTail(n, Math.min(onlyA, onlyB))));
    }

    /** P(X ≤ k) for X ~ Bin(n, 1/2), summed in log space so large n neither overflows nor underflows. */
    static double binomialLowerTail(long n, long k) {
        // log C(n, i) / 2^n for i = 0..k, built by the ratio C(n, i+1) / C(n, i) = (n − i) / (i + 1)
        double logTerm = -n * Math.log(2);
        double[] logs = new double[(int) k + 1];
        logs[0] = logTerm;
        for (int i = 0; i < k; i++) {
            logTerm += Math.log((double) (n - i) / (i + 1));
            logs[i + 1] = logTerm;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double l : logs) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (double l : logs) {
            sum += Math.exp(l - max);
        }
        return Math.min(1.0, Math.exp(max + Math.log(sum)));
    }

    /** Whether the difference is significant at the given level (e.g. 0.05). */
    public boolean significant(double level) {
        return pValue < level;
    }
}
