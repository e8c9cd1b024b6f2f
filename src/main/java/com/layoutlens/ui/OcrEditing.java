package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.OcrSuggestions;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;

/**
 * The OCR correction of the receipt view: the word text editor (F2, a double-click on a word,
 * or the text of a box drawn with Alt+drag), the OCR keys of the focused receipt and the
 * walk through words that look misread (Tab, Enter, Esc).
 */
final class OcrEditing {

    private final ReceiptViewModel receiptVm;
    private final ReceiptCanvas canvas;
    /** The OCR text editor: F2 or a double-click on a word, or the text of a box drawn with Alt+drag. */
    private final TextField ocrEdit = new TextField();
    private final Label ocrInfo = new Label();
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
        VBox bottom = new VBox(ocrEdit, ocrInfo, hoverInfo);
        canvas.onEditWord(this::startEdit);
        canvas.onNewBox(b -> {
            newBox = b;
            editing = -1;
            showEditor("");
        });
        return bottom;
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
                receiptVm.accept(suggestion);
                nextSuggestion();
            }
            case ESCAPE -> {
                if (suggestion == null) {
                    return false;
                }
                suggestion = null;
                receiptVm.selection().clear();
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
