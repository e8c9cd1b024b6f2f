package com.layoutlens.service;

import com.layoutlens.data.BoldTotal;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.eval.CompanyTopRule;
import com.layoutlens.eval.Rule;
import com.layoutlens.eval.RuleSupport;
import com.layoutlens.eval.TotalKeywordRule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The three hypotheses of the report that started the project, measured on gold labels:
 * the TOTAL value is printed bold ({@link BoldTotal}, from the scans), the TOTAL value
 * follows a total keyword on its line, and the COMPANY is in the first lines (both measured
 * by the rules themselves: how many gold words and values each would keep). {@code stats}
 * and the app's Statistics tab both read them from here.
 *
 * @param bold         the bold-TOTAL figures
 * @param totalKeyword the total-keyword rule on the gold labels
 * @param companyTop   the company-top rule on the gold labels
 */
public record Hypotheses(BoldTotal bold, Support totalKeyword, Support companyTop) {

    /** A rule's agreement with the gold labels. */
    public record Support(Rule rule, RuleSupport support) {
    }

    /**
     * Measures the hypotheses on receipts with their gold rows.
     *
     * @param totalKeyword the total-keyword rule to measure (null: with its defaults)
     * @param companyTop   the company-top rule to measure (null: with its defaults)
     */
    public static Hypotheses measure(List<Receipt> receipts, List<List<LabelRow>> gold, LabelSet labels,
                                     Rule totalKeyword, Rule companyTop) {
        BoldTotal bold = new BoldTotal(labels.labelOfField("total") != null ? labels.labelOfField("total") : "TOTAL");
        for (int i = 0; i < receipts.size(); i++) {
            bold.add(receipts.get(i), gold.get(i));
        }
        Rule tk = totalKeyword != null ? totalKeyword : TotalKeywordRule.TYPE.create();
        Rule ct = companyTop != null ? companyTop : CompanyTopRule.TYPE.create();
        return new Hypotheses(bold, new Support(tk, RuleSupport.of(tk, gold, labels.outside())),
                new Support(ct, RuleSupport.of(ct, gold, labels.outside())));
    }

    /** A rule's support as {@code stats --json} writes it. */
    public static Map<String, Object> support(Rule rule, RuleSupport s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("rule", rule.spec());
        o.put("label", rule.label());
        o.put("words_total", s.words());
        o.put("words_satisfied", s.wordsKept());
        o.put("words_share", s.wordShare());
        o.put("values_total", s.values());
        o.put("values_satisfied", s.valuesKept());
        o.put("values_share", s.valueShare());
        o.put("true_positives_deleted", s.wordsDeleted());
        return o;
    }

    /** {@code stats --json}'s {@code hypotheses}: {@code bold_total}, {@code total_keyword}, {@code company_top}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bold_total", bold.toMap());
        Map<String, Object> tk = new LinkedHashMap<>();
        tk.put("claim", "a TOTAL value follows a total keyword on its line");
        tk.putAll(support(totalKeyword.rule(), totalKeyword.support()));
        m.put("total_keyword", tk);
        Map<String, Object> ct = new LinkedHashMap<>();
        ct.put("claim", "the COMPANY is in the first lines of the receipt");
        ct.putAll(support(companyTop.rule(), companyTop.support()));
        m.put("company_top", ct);
        return m;
    }
}
