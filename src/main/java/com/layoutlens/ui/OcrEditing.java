package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.OcrSuggestions;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.List;

/**
 * The OCR correction of the receipt view: the word text editor (F2, a double-click on a word,
 * or the text of a box drawn with Alt+drag), the OCR keys of the focused receipt and the
 * walk through words that look misread (Tab, Enter, Esc), and the label choice for the words a
 * split made (one choice per half, each a label edit of its own; from the keyboard, the number
 * keys label the halves one after the other and Esc closes the choice).
 */
final class OcrEditing {

    private final ReceiptViewModel receiptVm;
    private final ReceiptCanvas canvas;
    /** The OCR text editor: F2 or a double-click on a word, or the text of a box drawn with Alt+drag. */
    private final TextField ocrEdit = new TextField();
    private final Label ocrInfo = new Label();
    /** The labels of the words the last split made: a choice per half. */
    private final HBox halves = new HBox(6);
    /** One button per kind of words that look misread, with its count: a click shows that kind. */
    private final HBox misread = new HBox(6);
    private final ToggleGroup kinds = new ToggleGroup();
    private int editing = -1;
    private Box newBox;
    private OcrSuggestions.Suggestion suggestion;

    OcrEditing(ReceiptViewModel receiptVm, ReceiptCanvas canvas) {
        this.receiptVm = receiptVm;
        this.canvas = canvas;
    }

    /** Sets up the editor and its message line, attaches to the canvas; answers the box that goes below the receipt. */
    VBox attach(Label hoverInfo) {
        ocrEdit.setId("ocr-edit");
        ocrEdit.setPromptText("word text (a space splits the word); Enter saves, Esc cancels");
        ocrEdit.setVisible(false);
        ocrEdit.setManaged(false);
        ocrEdit.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                commitEdit();
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE) {
                endEdit();
                e.consume();
            }
        });
        ocrInfo.setId("ocr-info");
        ocrInfo.setPadding(new Insets(0, 8, 0, 8));
        ocrInfo.textProperty().bind(receiptVm.ocrMessageProperty());
        halves.setId("split-labels");
        halves.setAlignment(Pos.CENTER_LEFT);
        halves.setPadding(new Insets(2, 8, 2, 8));
        showHalves(List.of());
        receiptVm.splitHalvesProperty().addListener((o, a, b) -> showHalves(b));
        receiptVm.revisionProperty().addListener(o -> syncHalves());
        misread.setId("misread-kinds");
        misread.setAlignment(Pos.CENTER_LEFT);
        misread.setPadding(new Insets(2, 8, 2, 8));
        misread.getChildren().add(new Label("Look misread:"));
        for (OcrSuggestions.Kind k : OcrSuggestions.Kind.values()) {
            ToggleButton b = new ToggleButton();
            b.setId("misread-" + k.name().toLowerCase(java.util.Locale.ROOT));
            b.setUserData(k);
            b.setToggleGroup(kinds);
            b.setFocusTraversable(false);
            misread.getChildren().add(b);
        }
        kinds.selectedToggleProperty().addListener((o, a, t) -> {
            receiptVm.chooseSuggestionKind(t == null ? null : (OcrSuggestions.Kind) t.getUserData());
            suggestion = null;
            canvas.requestFocus();
        });
        receiptVm.receiptProperty().addListener(o -> updateCounts());
        receiptVm.piecesProperty().addListener(o -> updateCounts());
        updateCounts();
        VBox bottom = new VBox(ocrEdit, halves, misread, ocrInfo, hoverInfo);
        canvas.onEditWord(this::startEdit);
        canvas.onNewBox(b -> {
            newBox = b;
            editing = -1;
            showEditor("");
        });
        return bottom;
    }

    /** The count of each kind of words that look misread on its button. */
    private void updateCounts() {
        java.util.Map<OcrSuggestions.Kind, Integer> counts = receiptVm.suggestionCounts();
        for (javafx.scene.Node n : misread.getChildren()) {
            if (n instanceof ToggleButton b && b.getUserData() instanceof OcrSuggestions.Kind k) {
                b.setText(label(k) + " " + counts.get(k));
                TokenizerPieces t = receiptVm.piecesProperty().get();
                b.setTooltip(new Tooltip(k.why() + (k != OcrSuggestions.Kind.PIECES ? ""
                        : t == null ? " (no tokenizer: none found)" : " (tokenizer of " + t.name() + ": a run of"
                        + " letters and digits cut into " + OcrSuggestions.MIN_PIECES + " or more pieces of under "
                        + OcrSuggestions.MAX_CHARS_PER_PIECE + " characters on average)")));
            }
        }
    }

    private static String label(OcrSuggestions.Kind k) {
        return switch (k) {
            case APPROXIMATE -> "approximate";
            case DIGITS -> "letters for digits";
            case GLUED -> "glued";
            case PIECES -> "many pieces";
        };
    }

    /** The label choices follow label edits made otherwise (number keys, undo of a choice). */
    private void syncHalves() {
        if (!halves.isVisible()) {
            return;
        }
        List<com.layoutlens.data.LabelRow> rows = receiptVm.goldRows();
        for (javafx.scene.Node n : halves.getChildren()) {
            if (n instanceof ChoiceBox<?> c && c.getUserData() instanceof Integer i && i < rows.size()) {
                @SuppressWarnings("unchecked")
                ChoiceBox<String> choice = (ChoiceBox<String>) c;
                if (!rows.get(i).label().equals(choice.getValue())) {
                    choice.setValue(rows.get(i).label());
                }
            }
        }
    }

    /** A label choice per word the last split made, preset to the label it got; hidden when there is none. */
    private void showHalves(List<Integer> made) {
        halves.getChildren().clear();
        List<com.layoutlens.data.LabelRow> rows = receiptVm.goldRows();
        boolean any = !made.isEmpty() && made.stream().allMatch(i -> i < rows.size());
        halves.setVisible(any);
        halves.setManaged(any);
        if (!any) {
            return;
        }
        halves.getChildren().add(new Label("Labels of the split words:"));
        for (int k = 0; k < made.size(); k++) {
            int index = made.get(k);
            ChoiceBox<String> choice = new ChoiceBox<>(FXCollections.observableArrayList(
                    receiptVm.labelSet().labels()));
            choice.setId("split-label-" + k);
            choice.setValue(rows.get(index).label());
            choice.setUserData(index);
            choice.valueProperty().addListener((o, a, label) -> {
                List<com.layoutlens.data.LabelRow> now = receiptVm.goldRows();
                if (label != null && index < now.size() && !label.equals(now.get(index).label())) {
                    receiptVm.labelWord(index, label);
                }
            });
            halves.getChildren().addAll(new Label("'" + rows.get(index).text() + "'"), choice);
        }
        Button done = new Button("Done");
        done.setId("split-labels-done");
        done.setOnAction(e -> {
            receiptVm.closeSplitHalves();
            canvas.requestFocus();
        });
        halves.getChildren().add(done);
    }

    TextField editor() {
        return ocrEdit;
    }

    /** Opens the text editor on a word. */
    void startEdit(int index) {
        if (index < 0 || index >= receiptVm.goldRows().size() || !receiptVm.canCorrectOcr()) {
            return;
        }
        editing = index;
        newBox = null;
        showEditor(receiptVm.goldRows().get(index).text());
    }

    private void showEditor(String text) {
        ocrEdit.setText(text);
        ocrEdit.setVisible(true);
        ocrEdit.setManaged(true);
        ocrEdit.requestFocus();
        ocrEdit.selectAll();
    }

    private void commitEdit() {
        if (newBox != null) {
            receiptVm.addDrawnWord(newBox, ocrEdit.getText());
        } else if (editing >= 0) {
            receiptVm.editText(editing, ocrEdit.getText());
        }
        endEdit();
    }

    private void endEdit() {
        editing = -1;
        newBox = null;
        ocrEdit.setVisible(false);
        ocrEdit.setManaged(false);
        canvas.requestFocus();
    }

    /** Selects the next word that looks misread and centres it (Tab); Enter accepts it, Esc leaves. */
    private void nextSuggestion() {
        suggestion = receiptVm.selectNextSuggestion();
        if (suggestion != null && !receiptVm.selection().isEmpty()) {
            canvas.centreOn(receiptVm.selection().iterator().next());
        }
    }

    /** The OCR keys, only while the receipt has the focus (Tab and Delete keep their meaning elsewhere). */
    boolean onOcrKey(KeyEvent e) {
        if (e.isShortcutDown()) {
            if (e.getCode() == KeyCode.M) {
                receiptVm.mergeSelection();
                return true;
            }
            return false;
        }
        switch (e.getCode()) {
            case F2 -> {
                int[] idx = receiptVm.selectedOrHovered();
                if (idx.length > 0) {
                    startEdit(idx[0]);
                }
            }
            case DELETE, BACK_SPACE -> {
                if (e.isShiftDown()) {
                    int[] idx = receiptVm.selectedOrHovered();
                    if (idx.length > 0) {
                        receiptVm.deleteSegment(idx[0]);
                    }
                } else {
                    receiptVm.deleteSelection();
                }
            }
            case TAB -> nextSuggestion();
            case ENTER -> {
                if (suggestion == null) {
                    return false;
                }
                if (suggestion.edits().isEmpty()) {
                    // nothing to propose (a word the tokenizer breaks into pieces): the user types it
                    int[] idx = receiptVm.selectedOrHovered();
                    if (idx.length > 0) {
                        startEdit(idx[0]);
                    }
                } else {
                    receiptVm.accept(suggestion);
                    nextSuggestion();
                }
            }
            case ESCAPE -> {
                if (halves.isVisible()) {
                    receiptVm.closeSplitHalves();
                }
                if (suggestion == null && receiptVm.suggestionKindProperty().get() == null) {
                    return false;
                }
                suggestion = null;
                kinds.selectToggle(null);
                receiptVm.chooseSuggestionKind(null);
            }
            case O -> receiptVm.showOriginalProperty().set(!receiptVm.showOriginalProperty().get());
            case N -> canvas.drawNewBox();
            default -> {
                return false;
            }
        }
        return true;
    }
}
