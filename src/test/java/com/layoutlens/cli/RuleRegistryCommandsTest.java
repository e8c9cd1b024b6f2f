package com.layoutlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.layoutlens.eval.RuleType;
import com.layoutlens.eval.Rules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the command line says about rules comes from the rule registry. */
class RuleRegistryCommandsTest {

    @Test
    void evaluateHelpListsEveryRegisteredRuleWithItsParameters() {
        CliRun r = CliRun.of("evaluate", "--help");
        assertEquals(0, r.exit());
        for (RuleType t : Rules.types()) {
            assertTrue(r.out().contains(t.syntax()) && r.out().contains(t.summary()), r.out());
            t.parameters().forEach(p -> assertTrue(r.out().contains(p.name() + ": " + p.description()), r.out()));
        }
        assertTrue(r.out().contains("Exit codes:"), "the command's own footer stays");
    }

    @Test
    void anUnknownRuleIsAUsageErrorNamingTheKnownOnes() {
        CliRun r = CliRun.of("evaluate", "--gold", "sample-receipts/labels", "--pred", "sample-receipts/labels",
                "--rules", "total-anchor");
        assertEquals(LayoutLensCli.USAGE, r.exit());
        assertTrue(r.err().contains("unknown rule 'total-anchor' (known: " + Rules.names() + ")"), r.err());
    }

    @Test
    void statsMeasuresEveryRegisteredRuleAndTakesTheShorthands() throws Exception {
        CliRun r = CliRun.of("stats", "--data", "sample-receipts", "--company-lines", "3", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode rules = new ObjectMapper().readTree(r.out()).get("rules");
        List<String> names = new ArrayList<>();
        rules.fieldNames().forEachRemaining(names::add);
        assertEquals(Rules.types().stream().map(RuleType::name).toList(), names);
        assertEquals("company-top:lines=3", rules.get("company-top").get("rule").asText());
        assertEquals("total-keyword:keywords=TOTAL|AMOUNT|RM|$", rules.get("total-keyword").get("rule").asText());
        assertEquals("TOTAL", rules.get("total-keyword").get("label").asText());
    }
}
