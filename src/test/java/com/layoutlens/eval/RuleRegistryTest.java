package com.layoutlens.eval;

import com.layoutlens.data.LabelRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static com.layoutlens.eval.TestReceipts.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleRegistryTest {

    @Test
    void theRegistryListsEveryRuleTypeByName() {
        assertEquals(List.of("total-keyword", "company-top"), Rules.types().stream().map(RuleType::name).toList());
        assertSame(TotalKeywordRule.TYPE, Rules.type("total-keyword"));
        assertNull(Rules.type("total-anchor"));
        assertEquals("total-keyword, company-top", Rules.names());
    }

    @Test
    void aRuleTypeDeclaresItsTypedParametersWithDefaults() {
        RuleParameter<?> lines = CompanyTopRule.TYPE.parameter("lines");
        assertEquals(RuleParameter.Kind.COUNT, lines.kind());
        assertEquals(2, lines.defaultValue());
        assertEquals(RuleParameter.Kind.WORDS, TotalKeywordRule.TYPE.parameter("keywords").kind());
        assertEquals(TotalKeywordRule.DEFAULT_KEYWORDS, TotalKeywordRule.TYPE.parameter("keywords").defaultValue());
        assertEquals("total-keyword[:keywords=W1|W2|...]", TotalKeywordRule.TYPE.syntax());
        assertEquals("company-top[:lines=N]", CompanyTopRule.TYPE.syntax());
    }

    @Test
    void theFactoryBuildsTheRuleFromTypedValues() {
        RuleArguments args = CompanyTopRule.TYPE.arguments().set(CompanyTopRule.LINES, 4);
        CompanyTopRule r = assertInstanceOf(CompanyTopRule.class, CompanyTopRule.TYPE.create(args));
        assertEquals(4, r.lines());
        assertEquals("company-top:lines=4", r.spec());
        assertEquals(List.of("TOTAL", "AMOUNT", "RM", "$"),
                ((TotalKeywordRule) TotalKeywordRule.TYPE.create()).keywords());
        assertThrows(IllegalArgumentException.class,
                () -> CompanyTopRule.TYPE.create(TotalKeywordRule.TYPE.arguments()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', textBlock = """
            total-keyword                                     # total-keyword:keywords=TOTAL|AMOUNT|RM|$
            total-keyword:keywords=jumlah| total              # total-keyword:keywords=JUMLAH|TOTAL
            company-top                                       # company-top:lines=2
            company-top:lines=7                               # company-top:lines=7
            """)
    void aSpecReadsBackAsTheSameRule(String text, String spec) {
        Rule r = Rules.parse(text).get(0);
        assertEquals(spec, r.spec());
        assertEquals(spec, Rules.parse(r.spec()).get(0).spec());
    }

    @Test
    void errorsNameTheRuleAndTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Rules.parse("total-anchor"));
        assertEquals("unknown rule 'total-anchor' (known: total-keyword, company-top)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Rules.parse("company-top:lines=two"));
        assertEquals("rule 'company-top': lines 'two' is not a number", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Rules.parse("company-top:rows=2"));
        assertEquals("rule 'company-top' has no parameter 'rows'", e.getMessage());
    }

    @Test
    void theHelpListsEveryRuleWithItsParametersAndDefaults() {
        String help = String.join("\n", Rules.help());
        for (RuleType t : Rules.types()) {
            assertTrue(help.contains(t.syntax()) && help.contains(t.summary()), help);
        }
        assertTrue(help.contains("keywords: ") && help.contains("(default TOTAL|AMOUNT|RM|$)"), help);
        assertTrue(help.contains("lines: ") && help.contains("(default 2)"), help);
        assertTrue(help.contains("Example: --rules \"total-keyword:keywords=TOTAL|AMOUNT|RM|$,company-top:lines=2\""),
                help);
    }

    @Test
    void defaultsAreEveryRegisteredRule() {
        assertEquals(List.of("total-keyword", "company-top"), Rules.defaults().stream().map(Rule::name).toList());
    }

    @Test
    void tokensAndKeywordMatchingReadTheSameTokens() {
        TotalKeywordRule r = new TotalKeywordRule(List.of("rm", "total"));
        for (String text : List.of("Total(RM):", "SUBTOTAL", "RM 9", "grand-total", "T0TAL")) {
            boolean viaTokens = TotalKeywordRule.tokens(text, text.length()).stream()
                    .anyMatch(t -> t.equals("RM") || t.equals("TOTAL"));
            assertEquals(viaTokens, r.holdsKeyword(text), text);
        }
        List<LabelRow> rows = List.of(row(0, 0, 0, 0, "RM12", "TOTAL"));
        assertTrue(r.allows(rows)[0]);
    }
}
