package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.Dataset;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.LabelSet;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import com.layoutlens.eval.Rules;
import com.layoutlens.eval.TotalKeywordRule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluation screen's state and its recompute, without the FX toolkit (work runs on the test's thread). */
class EvaluationViewModelTest {

    @TempDir
    Path dir;

    private final LabelSet labels = LabelSet.sroie();
    private DatasetViewModel datasets;
    private final List<Runnable> queued = new ArrayList<>();
    private boolean queue;
    private EvaluationViewModel vm;
    private int computed;

    @BeforeEach
    void setUp() {
        datasets = new DatasetViewModel(labels);
        vm = new EvaluationViewModel(datasets, r -> {
            if (queue) {
                queued.add(r);
            } else {
                r.run();
            }
        }, Runnable::run);
        vm.resultsProperty().addListener((o, a, b) -> computed++);
        Receipt r = new Receipt("r1", null, 300, 100, List.of(
                Segment.of(0, new Box(10, 10, 110, 25), "ACME SDN BHD"),
                Segment.of(1, new Box(10, 40, 110, 55), "TOTAL 9.00"),
                Segment.of(2, new Box(10, 70, 110, 85), "CASH 10.00")),
                Map.of("company", "ACME SDN BHD", "total", "9.00"), null);
        datasets.accept(new Dataset(dir, labels, List.of(r), List.of()));
    }

    /** Model A: the gold labels, plus a false TOTAL on "10.00" (no keyword before it). */
    private void loadModelA() {
        List<LabelRow> gold = datasets.goldMap().get("r1");
        List<LabelRow> pred = new ArrayList<>();
        for (LabelRow g : gold) {
            pred.add(g.text().equals("10.00") ? g.withLabel("TOTAL", 0.6) : g.withLabel(g.label(), 0.9));
        }
        datasets.modelProperty(Slot.A).set(new DatasetViewModel.Predictions("a", dir, Map.of("r1", pred)));
    }

    private long falseTotals() {
        var a = vm.resultsProperty().get().a();
        return a.confusion().count(labels.indexOf("O"), labels.indexOf("TOTAL"));
    }

    @Test
    void theRuleSwitchesComeFromTheRegistry() {
        assertEquals(Rules.types().stream().map(t -> t.name()).toList(),
                vm.ruleSwitches().stream().map(s -> s.type().name()).toList());
        assertEquals("TOTAL,AMOUNT,RM,$", vm.ruleSwitch("total-keyword").wordsProperty("keywords").get());
        assertEquals(2, vm.ruleSwitch("company-top").countProperty("lines").get());
        assertEquals(List.of(), vm.rules());
    }

    @Test
    void aModelIsEvaluatedAndARuleSwitchedOnRecomputes() {
        assertNull(vm.resultsProperty().get());
        loadModelA();
        assertNotNull(vm.resultsProperty().get().a());
        assertNull(vm.resultsProperty().get().b());
        assertEquals(1, falseTotals());
        vm.ruleSwitch("total-keyword").onProperty().set(true);
        assertEquals(0, falseTotals());
        assertEquals("total-keyword", vm.resultsProperty().get().a().rules().get(0).rule().split(":")[0]);
    }

    @Test
    void aParameterRecomputesOnlyWhileItsRuleIsOn() {
        loadModelA();
        int before = computed;
        vm.ruleSwitch("total-keyword").wordsProperty("keywords").set("CASH");
        assertEquals(before, computed, "an off rule's parameter changes nothing");
        vm.ruleSwitch("total-keyword").onProperty().set(true);
        assertEquals(1, falseTotals(), "CASH precedes 10.00, so the false TOTAL stays");
        vm.ruleSwitch("total-keyword").wordsProperty("keywords").set("TOTAL");
        assertEquals(0, falseTotals());
    }

    @Test
    void blankOrOutOfRangeValuesFallBackToWhatTheRuleAccepts() {
        vm.ruleSwitch("total-keyword").onProperty().set(true);
        vm.ruleSwitch("total-keyword").wordsProperty("keywords").set(" , ");
        vm.ruleSwitch("company-top").onProperty().set(true);
        vm.ruleSwitch("company-top").countProperty("lines").set(0);
        assertEquals(List.of("total-keyword:keywords=TOTAL|AMOUNT|RM|$", "company-top:lines=1"),
                vm.rules().stream().map(r -> r.spec()).toList());
        assertEquals(TotalKeywordRule.DEFAULT_KEYWORDS, ((TotalKeywordRule) vm.rules().get(0)).keywords());
    }

    @Test
    void theNewestRequestWinsWhenAnOlderOneFinishesLater() {
        loadModelA();
        queue = true;
        vm.ruleSwitch("total-keyword").onProperty().set(true);   // request 1: the rule on
        vm.ruleSwitch("total-keyword").onProperty().set(false);  // request 2: off again
        assertEquals(2, queued.size());
        queued.get(1).run();
        queued.get(0).run();  // the older one finishes last and is dropped
        assertEquals(1, falseTotals());
        assertEquals(List.of(), vm.resultsProperty().get().a().rules());
    }

    @Test
    void theCsvHoldsEachModelsScoresAndMatrix() {
        assertEquals("model,section,row,column,value\r\n", vm.csv());
        loadModelA();
        String csv = vm.csv();
        assertTrue(csv.contains("\r\nA,label,TOTAL,fp,1\r\n"), csv);
        assertTrue(csv.contains("\r\nA,confusion,O,TOTAL,1\r\n"), csv);
        assertTrue(csv.contains("\r\nA,field,total,em,1.0\r\n"), csv);
        assertFalse(csv.contains("\r\nB,"), "no model B");
    }
}
