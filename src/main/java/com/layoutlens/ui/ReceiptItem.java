package com.layoutlens.ui;

import com.layoutlens.data.Receipt;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

/** One row of the receipt list. Error counts are filled in the background (-1: not known). */
final class ReceiptItem {

    private Receipt receipt;
    private final IntegerProperty words = new SimpleIntegerProperty();
    private final int problems;
    private final IntegerProperty errorsA = new SimpleIntegerProperty(-1);
    private final IntegerProperty errorsB = new SimpleIntegerProperty(-1);
    private final javafx.beans.property.DoubleProperty f1A = new javafx.beans.property.SimpleDoubleProperty(-1);
    private final javafx.beans.property.DoubleProperty f1B = new javafx.beans.property.SimpleDoubleProperty(-1);

    ReceiptItem(Receipt receipt, int problems) {
        this.problems = problems;
        replace(receipt);
    }

    /** Takes the receipt as read anew (its OCR corrected): the row shows its words from now on. */
    void replace(Receipt r) {
        this.receipt = r;
        int w = 0;
        for (var s : r.segments()) {
            w += s.words().size();
        }
        words.set(w);
    }

    Receipt receipt() {
        return receipt;
    }

    String id() {
        return receipt.id();
    }

    int words() {
        return words.get();
    }

    IntegerProperty wordsProperty() {
        return words;
    }

    int problems() {
        return problems;
    }

    IntegerProperty errorsAProperty() {
        return errorsA;
    }

    IntegerProperty errorsBProperty() {
        return errorsB;
    }

    /** Word-level micro F1 of model A on this receipt (-1: not known). */
    javafx.beans.property.DoubleProperty f1AProperty() {
        return f1A;
    }

    javafx.beans.property.DoubleProperty f1BProperty() {
        return f1B;
    }
}
