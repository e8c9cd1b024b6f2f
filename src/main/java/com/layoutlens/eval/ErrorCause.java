package com.layoutlens.eval;

import java.util.Locale;

/**
 * Why a word's predicted label differs from its gold one. {@link ErrorCauses} gives each
 * wrong word the first cause, in this order, that applies to the label it misses (its gold
 * label) or to the label it wrongly has (its predicted label):
 * <ol>
 *   <li>{@link #OCR}: the key value of that label's field is in neither the OCR text nor the
 *       OCR text without commas, so no word could carry it;</li>
 *   <li>{@link #ALIGNMENT}: the value occurs more than once; the gold labels picked one
 *       occurrence and the model another;</li>
 *   <li>{@link #BOUNDARY}: the predicted entity overlaps a gold one of its label but starts or
 *       ends elsewhere;</li>
 *   <li>{@link #TYPE}: another entity type on the word (gold and predicted labels are both
 *       entity labels);</li>
 *   <li>{@link #MISSED}: a gold entity word predicted as the outside label;</li>
 *   <li>{@link #SPURIOUS}: an outside word predicted as an entity.</li>
 * </ol>
 */
public enum ErrorCause {
    OCR, ALIGNMENT, BOUNDARY, TYPE, MISSED, SPURIOUS;

    /** The name used in JSON, on the command line and in the app: {@code ocr}, {@code alignment}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The cause of this id (case-insensitive), or null. */
    public static ErrorCause of(String id) {
        for (ErrorCause c : values()) {
            if (c.id().equalsIgnoreCase(id.strip())) {
                return c;
            }
        }
        return null;
    }

    /** One line saying what the cause means, for help texts and tooltips. */
    public String description() {
        return switch (this) {
            case OCR -> "the gold value is not in the OCR text, so no word could carry it";
            case ALIGNMENT -> "the value occurs several times; gold labels picked one occurrence, the model another";
            case BOUNDARY -> "the predicted entity overlaps the gold one but starts or ends elsewhere";
            case TYPE -> "another entity type on the same words";
            case MISSED -> "a gold entity word predicted as outside";
            case SPURIOUS -> "an outside word predicted as an entity";
        };
    }
}
