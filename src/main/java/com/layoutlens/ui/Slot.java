package com.layoutlens.ui;

/** Which of the two compared models: A (the one the receipt view shows first) or B. */
enum Slot {
    A, B;

    /** The other slot. */
    Slot other() {
        return this == A ? B : A;
    }
}
