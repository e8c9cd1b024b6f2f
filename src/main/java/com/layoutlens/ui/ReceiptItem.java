package com.layoutlens.ui;

import com.layoutlens.data.Receipt;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

/** One row of the receipt list. Error counts are filled in the background (-1: not known). */
final class ReceiptItem {

    private final Receipt receipt;
    private final int words;
    private final int problems;
    private final IntegerProperty errorsA = new SimpleIntegerProperty(-1);
    private final IntegerProperty errorsB = new SimpleIntegerProperty(-1);
    private final javafx.beans.property.DoubleProperty f1A = new javafx.beans.property.SimpleDoubleProperty(-1);
    private final javafx.beans.property.DoubleProperty f1B = new javafx.beans.property.SimpleDoubleProperty(-1);

    ReceiptItem(Receipt receipt, int problems) {
        this.receipt = receipt;
        int w = 0;
        for (var s : receipt.segments()) {
            w += s.words().size();
        }
        this.words = w;
        this.problems = problems;
    }

    Receipt receipt() {
        return receipt;
    }

    String id() {
        return receipt.id();
    }

    int words() {
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
