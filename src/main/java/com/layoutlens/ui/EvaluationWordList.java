package com.layoutlens.ui;

import com.layoutlens.eval.ErrorCause;
import com.layoutlens.eval.Evaluation;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The Evaluation tab's word list: the words behind a clicked matrix cell, or every error of a
 * model, each with its error cause, filtered by cause; a click on a word opens it.
 */
final class EvaluationWordList {

    private static final String ALL_CAUSES = "all causes";
    private final EvaluationViewModel vm;
    private final Label cellTitle = new Label("Click a matrix cell to list its words; click a word to open it.");
    private final TableView<EvaluationViewModel.CellWord> words = new TableView<>();
    private final ChoiceBox<String> causeFilter = new ChoiceBox<>();
    private final VBox root;
    private List<EvaluationViewModel.CellWord> cellList = List.of();

    EvaluationWordList(EvaluationViewModel vm, Consumer<EvaluationViewModel.CellWord> open) {
        this.vm = vm;
        words.setId("cell-words");
        words.setPlaceholder(new Label("No words"));
        words.getColumns().add(col("Receipt", 90, w -> w.receipt()));
        words.getColumns().add(col("Segment", 60, w -> String.valueOf(w.segment())));
        words.getColumns().add(col("Word", 50, w -> String.valueOf(w.word())));
        words.getColumns().add(col("Text", 160, w -> w.text()));
        words.getColumns().add(col("Gold", 80, w -> w.gold()));
        words.getColumns().add(col("Predicted", 80, w -> w.predicted()));
        words.getColumns().add(col("Score", 60, w -> w.score() == null ? "" : String.format(Locale.ROOT, "%.3f", w.score())));
        TableColumn<EvaluationViewModel.CellWord, String> causeCol = col("Cause", 90,
                w -> w.cause() == null ? "" : w.cause().id());
        causeCol.setId("cause-column");
        words.getColumns().add(causeCol);
        causeFilter.setId("cause-filter");
        causeFilter.getItems().add(ALL_CAUSES);
        for (ErrorCause c : ErrorCause.values()) {
            causeFilter.getItems().add(c.id());
        }
        causeFilter.setValue(ALL_CAUSES);
        StringBuilder help = new StringBuilder("Each wrong word gets the first cause that applies, in this order:");
        for (ErrorCause c : ErrorCause.values()) {
            help.append("\n").append(c.id()).append(": ").append(c.description());
        }
        causeFilter.setTooltip(new Tooltip(help.toString()));
        causeFilter.valueProperty().addListener((o, a, b) -> filterWords());
        words.getSelectionModel().selectedItemProperty().addListener((o, a, w) -> {
            if (w != null) {
                open.accept(w);
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button allA = new Button("All errors of A");
        allA.setId("all-errors-A");
        allA.setOnAction(e -> listAll(Slot.A));
        Button allB = new Button("All errors of B");
        allB.setId("all-errors-B");
        allB.setOnAction(e -> listAll(Slot.B));
        HBox listBar = new HBox(8, cellTitle, gap, allA, allB, new Label("cause"), causeFilter);
        listBar.setAlignment(Pos.CENTER_LEFT);
        root = new VBox(4, listBar, words);
        root.setPadding(new Insets(6));
        VBox.setVgrow(words, Priority.ALWAYS);
        root.setPrefHeight(260);
    }

    Node node() {
        return root;
    }

    private static TableColumn<EvaluationViewModel.CellWord, String> col(
            String name, double width, Function<EvaluationViewModel.CellWord, String> f) {
        TableColumn<EvaluationViewModel.CellWord, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
        return c;
    }

    /** Lists the words of a matrix cell: gold {@code gold}, predicted {@code predicted} by {@code model}. */
    void listCell(String model, Evaluation e, String gold, String predicted) {
        List<EvaluationViewModel.CellWord> list = vm.cellWords(e, gold, predicted);
        String causes = EvaluationViewModel.causeSummary(list);
        cellTitle.setText("Model " + model + ": gold " + gold + ", predicted " + predicted + ": " + list.size()
                + " word" + (list.size() == 1 ? "" : "s") + (causes.isEmpty() ? "" : " (" + causes + ")"));
        cellList = list;
        filterWords();
    }

    /** Lists every wrong word of a model, with its cause (the filter then keeps one cause). */
    void listAll(Slot slot) {
        EvaluationViewModel.Results r = vm.resultsProperty().get();
        Evaluation e = r == null ? null : slot == Slot.A ? r.a() : r.b();
        List<EvaluationViewModel.CellWord> list = vm.errorWords(e);
        String causes = EvaluationViewModel.causeSummary(list);
        cellTitle.setText("Model " + slot + ": every error, " + list.size() + " word" + (list.size() == 1 ? "" : "s")
                + (causes.isEmpty() ? "" : " (" + causes + ")"));
        cellList = list;
        filterWords();
    }

    /** Shows the words of the clicked cell that have the chosen cause. */
    private void filterWords() {
        String c = causeFilter.getValue();
        words.getSelectionModel().clearSelection();
        words.getItems().setAll(EvaluationViewModel.withCause(cellList,
                c == null || c.equals(ALL_CAUSES) ? null : ErrorCause.of(c)));
    }

    ChoiceBox<String> causeFilter() {
        return causeFilter;
    }

    TableView<EvaluationViewModel.CellWord> wordsTable() {
        return words;
    }
}
