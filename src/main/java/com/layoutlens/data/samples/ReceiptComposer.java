package com.layoutlens.data.samples;

import com.layoutlens.data.samples.ReceiptText.Align;
import com.layoutlens.data.samples.ReceiptText.Cell;
import com.layoutlens.data.samples.ReceiptText.Part;
import com.layoutlens.data.samples.ReceiptText.PrintLine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Writes the text of one receipt from a seeded {@link Random}: header, items and a totals
 * block in the manner of Malaysian shop receipts, with the traps that make key extraction
 * hard on real scans (amounts near the total, other lines with the word TOTAL, dates
 * inside longer lines, a total without keyword).
 *
 * <p>Every choice is drawn from the given {@code Random} in a fixed order, so the same
 * seed gives the same receipt.
 */
final class ReceiptComposer {

    static final String O = "O";
    static final String COMPANY = "COMPANY";
    static final String DATE = "DATE";
    static final String ADDRESS = "ADDRESS";
    static final String TOTAL = "TOTAL";

    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
            "NOV", "DEC"};
    private static final LocalDate FIRST_DAY = LocalDate.of(2016, 1, 1);
    private static final int DAYS = 3 * 365;

    private static final List<String> TOTAL_KEYWORDS = List.of(
            "TOTAL", "TOTAL", "TOTAL", "TOTAL (RM)", "TOTAL AMOUNT", "AMOUNT DUE", "NETT TOTAL", "GRAND TOTAL",
            "TOTAL INCL. GST", "TOTAL AMOUNT PAYABLE", "TOTAL:", "TOTAL RM");
    private static final List<String> SUBTOTAL_KEYWORDS = List.of(
            "SUB TOTAL", "SUBTOTAL", "SUB-TOTAL", "TOTAL (EXCL. GST)", "TOTAL SALES", "TOTAL EXCL GST");
    private static final List<String> TITLES = List.of(
            "TAX INVOICE", "TAX INVOICE", "SIMPLIFIED TAX INVOICE", "RECEIPT", "CASH BILL", "INVOICE",
            "OFFICIAL RECEIPT", "CASH SALES");
    private static final List<String> FOOTERS = List.of(
            "THANK YOU", "THANK YOU & PLEASE COME AGAIN", "GOODS SOLD ARE NOT RETURNABLE", "PLEASE KEEP THIS RECEIPT",
            "HAVE A NICE DAY", "** THANK YOU **", "PRICE INCLUSIVE OF GST", "THANK YOU FOR SHOPPING WITH US",
            "EXCHANGE WITHIN 7 DAYS WITH RECEIPT");

    private final Random r;
    private final int cols;
    private final List<PrintLine> lines = new ArrayList<>();
    private long total;

    private ReceiptComposer(Random r, int cols) {
        this.r = r;
        this.cols = cols;
    }

    /** The text of one receipt {@code columns} characters wide. */
    static ReceiptText compose(Random r, int columns) {
        return new ReceiptComposer(r, columns).compose();
    }

    private ReceiptText compose() {
        boolean centred = r.nextInt(5) != 0;
        Align head = centred ? Align.CENTER : Align.LEFT;

        if (r.nextInt(6) == 0) {
            line(false, 1f, cell(head, 0, part(Vocabulary.person(r), O)));
        }
        float companyScale = pickScale(1f, 1f, 1.2f, 1.35f, 1.5f);
        boolean companyBold = r.nextInt(3) != 0;
        String company = Vocabulary.company(r, (int) Math.floor(cols / companyScale));
        line(companyBold, companyScale, cell(head, 0, part(company, COMPANY)));
        if (r.nextInt(5) < 3) {
            String reg = (100000 + r.nextInt(900000)) + "-" + (char) ('A' + r.nextInt(26));
            String text = switch (r.nextInt(4)) {
                case 0 -> "(CO.REG : " + reg + ")";
                case 1 -> "CO. REG. NO: " + reg;
                case 2 -> "(" + reg + ")";
                default -> "COMPANY NO. " + reg;
            };
            line(cell(head, 0, part(text, O)));
        }
        List<String> address = Vocabulary.address(r, 1 + r.nextInt(3), cols);
        for (String a : address) {
            line(cell(head, 0, part(a, ADDRESS)));
        }
        if (r.nextInt(5) < 3) {
            String tel = phone();
            String text = r.nextBoolean() ? "TEL: " + tel : "TEL : " + tel + (r.nextBoolean() ? " FAX: " + phone() : "");
            line(cell(head, 0, part(fit(text), O)));
        }
        if (r.nextInt(5) < 3) {
            String id = String.format(Locale.ROOT, "%012d", (long) r.nextInt(1_000_000_000));
            String text = switch (r.nextInt(3)) {
                case 0 -> "GST ID : " + id;
                case 1 -> "GST REG NO : " + id;
                default -> "GST ID NO: " + id;
            };
            line(cell(head, 0, part(text, O)));
        }
        if (r.nextInt(10) < 7) {
            blank();
            line(r.nextBoolean(), 1f, cell(Align.CENTER, 0, part(Vocabulary.pick(r, TITLES), O)));
        }

        LocalDate day = FIRST_DAY.plusDays(r.nextInt(DAYS));
        String date = formatDate(day, r.nextInt(8));
        int hour = r.nextInt(14) + 8;
        int minute = r.nextInt(60);
        int second = r.nextInt(60);
        String time = formatTime(hour, minute, second, r.nextInt(4));
        boolean dateAtBottom = r.nextInt(5) == 0;

        List<Runnable> info = new ArrayList<>();
        info.add(this::invoiceLine);
        if (r.nextBoolean()) {
            info.add(this::cashierLine);
        }
        int dateSlot = r.nextInt(info.size() + 1);
        if (!dateAtBottom) {
            info.add(dateSlot, () -> dateLine(date, time));
        }
        for (Runnable line : info) {
            line.run();
        }

        separator();
        long subtotal = items();
        separator();
        totals(subtotal);
        if (dateAtBottom) {
            separator();
            dateLine(date, time);
        }
        int footers = r.nextInt(3);
        if (footers > 0) {
            blank();
        }
        for (int i = 0; i < footers; i++) {
            line(cell(Align.CENTER, 0, part(fit(Vocabulary.pick(r, FOOTERS)), O)));
        }

        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("company", company);
        keys.put("date", date);
        keys.put("address", String.join(" ", address));
        keys.put("total", money(total));
        return new ReceiptText(cols, lines, keys);
    }

    private void invoiceLine() {
        String no = switch (r.nextInt(5)) {
            case 0 -> "INVOICE NO: CS" + digits(8);
            case 1 -> "RECEIPT #: " + digits(6);
            case 2 -> "BILL NO : " + digits(5);
            case 3 -> "DOC NO.: " + (char) ('A' + r.nextInt(26)) + digits(7);
            default -> "TRANS NO: " + digits(4) + "/" + digits(3);
        };
        if (r.nextInt(3) == 0) {
            line(cell(Align.LEFT, 0, part(no, O)), cell(Align.RIGHT, cols, part("TABLE " + (1 + r.nextInt(40)), O)));
        } else {
            line(cell(Align.LEFT, 0, part(no, O)));
        }
    }

    private void cashierLine() {
        String who = Vocabulary.cashier(r);
        String text = switch (r.nextInt(3)) {
            case 0 -> "CASHIER: " + who;
            case 1 -> "CASHIER : " + who;
            default -> "SALESPERSON : " + who;
        };
        if (r.nextBoolean()) {
            line(cell(Align.LEFT, 0, part(text, O)), cell(Align.RIGHT, cols, part("POS " + (1 + r.nextInt(9)), O)));
        } else {
            line(cell(Align.LEFT, 0, part(text, O)));
        }
    }

    /** The date in one of several layouts; only the date itself is labelled. */
    private void dateLine(String date, String time) {
        switch (r.nextInt(5)) {
            case 0 -> line(cell(Align.LEFT, 0, part(r.nextBoolean() ? "DATE: " : "DATE : ", O), part(date, DATE),
                    part(" " + time, O)));
            case 1 -> line(cell(Align.LEFT, 0, part("DATE : ", O), part(date, DATE)),
                    cell(Align.RIGHT, cols, part("TIME : " + time, O)));
            case 2 -> line(cell(Align.LEFT, 0, part(date, DATE), part(" " + time, O)));
            case 3 -> line(cell(Align.LEFT, 0, part(date, DATE)), cell(Align.RIGHT, cols, part(time, O)));
            default -> line(cell(Align.LEFT, 0, part("DATE", O)), cell(Align.LEFT, 8, part(": ", O), part(date, DATE)));
        }
    }

    /** Item lines; returns the sum of the amounts in cents. */
    private long items() {
        int style = r.nextInt(3);
        boolean header = r.nextBoolean();
        boolean skuLine = r.nextInt(4) == 0;
        int n = 1 + r.nextInt(7);
        if (header) {
            switch (style) {
                case 0 -> line(cell(Align.LEFT, 0, part("ITEM", O)), cell(Align.RIGHT, cols - 13, part("QTY", O)),
                        cell(Align.RIGHT, cols, part("AMOUNT", O)));
                case 1 -> line(cell(Align.LEFT, 0, part("DESCRIPTION", O)),
                        cell(Align.RIGHT, cols, part("AMT(RM)", O)));
                default -> line(cell(Align.LEFT, 0, part("ITEM", O)), cell(Align.RIGHT, cols - 17, part("QTY", O)),
                        cell(Align.RIGHT, cols - 8, part("PRICE", O)), cell(Align.RIGHT, cols, part("AMOUNT", O)));
            }
        }
        long sum = 0;
        int qtyTotal = 0;
        for (int i = 0; i < n; i++) {
            String name = Vocabulary.item(r);
            int qty = r.nextInt(4) == 0 ? 1 + r.nextInt(5) : 1;
            long unit = (5 + r.nextInt(600)) * 10L - (r.nextInt(4) == 0 ? 1 + r.nextInt(9) : 0);
            long amount = unit * qty;
            sum += amount;
            qtyTotal += qty;
            if (skuLine) {
                line(cell(Align.LEFT, 0, part(digits(13), O)));
            }
            switch (style) {
                case 0 -> line(cell(Align.LEFT, 0, part(clip(name, cols - 17), O)),
                        cell(Align.RIGHT, cols - 13, part(String.valueOf(qty), O)),
                        cell(Align.RIGHT, cols, part(money(amount), O)));
                case 1 -> {
                    line(cell(Align.LEFT, 0, part(name, O)));
                    line(cell(Align.LEFT, 2, part(qty + " X " + money(unit), O)),
                            cell(Align.RIGHT, cols, part(money(amount), O)));
                }
                default -> line(cell(Align.LEFT, 0, part(clip(name, cols - 22), O)),
                        cell(Align.RIGHT, cols - 17, part(String.valueOf(qty), O)),
                        cell(Align.RIGHT, cols - 8, part(money(unit), O)),
                        cell(Align.RIGHT, cols, part(money(amount), O)));
            }
        }
        if (r.nextInt(5) < 2) {
            String text = switch (r.nextInt(3)) {
                case 0 -> "TOTAL QTY: " + qtyTotal;
                case 1 -> "ITEM(S) : " + n;
                default -> "TOTAL ITEMS : " + n;
            };
            line(cell(Align.LEFT, 0, part(text, O)));
        }
        return sum;
    }

    /**
     * Subtotal, discount, tax, rounding, the total, and what was paid: several amounts
     * close to, or equal to, the total, printed right next to it.
     */
    private void totals(long subtotal) {
        boolean rmColumn = r.nextInt(4) == 0;
        int labelColumn = r.nextInt(3) == 0 ? cols / 3 : 0;
        amountLine(Vocabulary.pick(r, SUBTOTAL_KEYWORDS), money(subtotal), labelColumn, rmColumn);
        long net = subtotal;
        if (r.nextInt(7) == 0) {
            long discount = subtotal * (5 + r.nextInt(6)) / 100;
            amountLine("DISCOUNT", "-" + money(discount), labelColumn, rmColumn);
            net -= discount;
        }
        long tax = 0;
        boolean gst = false;
        switch (r.nextInt(20)) {
            case 0, 1, 2, 3, 4, 5, 6 -> {
                // no tax line
            }
            case 7, 8, 9, 10, 11, 12, 13, 14 -> {
                tax = percent(net, 6);
                gst = true;
                amountLine(Vocabulary.pick(r, List.of("GST 6%", "GST @6%", "TOTAL GST 6%", "GST PAYABLE")),
                        money(tax), labelColumn, rmColumn);
            }
            case 15, 16 -> {
                tax = percent(net, 6);
                amountLine(r.nextBoolean() ? "SST 6%" : "SERVICE TAX 6%", money(tax), labelColumn, rmColumn);
            }
            default -> {
                long charge = percent(net, 10);
                amountLine("SVC CHG 10%", money(charge), labelColumn, rmColumn);
                long sst = percent(net + charge, 6);
                amountLine("SST 6%", money(sst), labelColumn, rmColumn);
                tax = charge + sst;
            }
        }
        long before = net + tax;
        total = before;
        long rest = before % 5;
        if (rest != 0 && r.nextInt(3) != 0) {
            total = rest <= 2 ? before - rest : before + (5 - rest);
            long adj = total - before;
            amountLine(Vocabulary.pick(r, List.of("ROUNDING", "ROUNDING ADJ", "RND ADJ", "ROUNDING ADJUSTMENT")),
                    (adj < 0 ? "-" : "") + money(Math.abs(adj)), labelColumn, rmColumn);
        } else if (rest == 0 && r.nextInt(4) == 0) {
            amountLine("ROUNDING", "0.00", labelColumn, rmColumn);
        }
        totalLine(labelColumn, rmColumn);
        int pay = r.nextInt(20);
        if (pay < 15) {
            long cash = cashGiven(total);
            amountLine(Vocabulary.pick(r, List.of("CASH", "CASH", "CASH TENDERED", "PAID", "TENDERED")),
                    money(cash), labelColumn, rmColumn);
            amountLine(Vocabulary.pick(r, List.of("CHANGE", "CHANGE", "CHANGE DUE", "BALANCE")),
                    money(cash - total), labelColumn, rmColumn);
        } else if (pay < 18) {
            amountLine(Vocabulary.pick(r, List.of("VISA", "MASTERCARD", "DEBIT CARD", "CREDIT CARD")),
                    money(total), labelColumn, rmColumn);
        }
        if (gst && r.nextInt(3) == 0) {
            blank();
            line(cell(Align.LEFT, 0, part("GST SUMMARY", O)), cell(Align.RIGHT, cols - 9, part("AMOUNT(RM)", O)),
                    cell(Align.RIGHT, cols, part("TAX(RM)", O)));
            line(cell(Align.LEFT, 0, part("SR @ 6%", O)), cell(Align.RIGHT, cols - 9, part(money(net), O)),
                    cell(Align.RIGHT, cols, part(money(tax), O)));
        }
    }

    private void amountLine(String label, String amount, int labelColumn, boolean rmColumn) {
        int right = rmColumn ? cols - 11 : cols - amount.length();
        int start = labelColumn + label.length() + 2 <= right ? labelColumn : 0;
        List<Cell> cells = new ArrayList<>();
        cells.add(cell(Align.LEFT, start, part(label, O)));
        if (rmColumn) {
            cells.add(cell(Align.RIGHT, cols - 9, part("RM", O)));
        }
        cells.add(cell(Align.RIGHT, cols, part(amount, O)));
        lines.add(new PrintLine(cells, false, 1f));
    }

    /** The total line: a keyword (or none) and the amount, often bold or printed larger. */
    private void totalLine(int labelColumn, boolean rmColumn) {
        String amount = money(total);
        boolean bold = r.nextInt(10) < 7;
        float scale = pickScale(1f, 1f, 1.2f, 1.35f);
        if (r.nextInt(8) == 0) {
            // no keyword: the amount alone, as many printers show it under the items
            float big = pickScale(1.2f, 1.35f, 1.5f);
            Align align = r.nextBoolean() ? Align.CENTER : Align.RIGHT;
            line(true, big, cell(align, cols, part("RM ", O), part(amount, TOTAL)));
            return;
        }
        String keyword = Vocabulary.pick(r, TOTAL_KEYWORDS);
        boolean rmInCell = !rmColumn && r.nextInt(4) == 0;
        // columns taken right of the keyword: a gap, the amount, and "RM" before it if any
        int rightPart = 2 + amount.length() + (rmInCell ? 3 : 0) + (rmColumn ? 11 - amount.length() : 0);
        int start = scale > 1f ? 0 : labelColumn;
        if ((keyword.length() + rightPart) * scale > cols) {
            scale = 1f;
        }
        if (start + keyword.length() + rightPart > cols) {
            start = 0;
        }
        List<Cell> cells = new ArrayList<>();
        cells.add(cell(Align.LEFT, start, part(keyword, O)));
        if (rmColumn && scale == 1f) {
            cells.add(cell(Align.RIGHT, cols - 9, part("RM", O)));
        }
        if (rmInCell) {
            cells.add(cell(Align.RIGHT, cols, part("RM ", O), part(amount, TOTAL)));
        } else {
            cells.add(cell(Align.RIGHT, cols, part(amount, TOTAL)));
        }
        lines.add(new PrintLine(cells, bold, scale));
    }

    private long cashGiven(long amount) {
        int k = r.nextInt(6);
        if (k == 0) {
            return amount;
        }
        long[] notes = {100, 500, 1000, 5000, 10000};
        long step = notes[Math.min(notes.length - 1, k - 1)];
        long cash = (amount / step + 1) * step;
        return cash > 100000 ? amount : cash;
    }

    private static long percent(long cents, int pct) {
        return (cents * pct + 50) / 100;
    }

    static String money(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    static String formatDate(LocalDate d, int format) {
        int dd = d.getDayOfMonth();
        int mm = d.getMonthValue();
        int yyyy = d.getYear();
        return switch (format) {
            case 0 -> String.format(Locale.ROOT, "%02d/%02d/%04d", dd, mm, yyyy);
            case 1 -> String.format(Locale.ROOT, "%02d/%02d/%02d", dd, mm, yyyy % 100);
            case 2 -> String.format(Locale.ROOT, "%02d-%02d-%02d", dd, mm, yyyy % 100);
            case 3 -> String.format(Locale.ROOT, "%02d-%02d-%04d", dd, mm, yyyy);
            case 4 -> String.format(Locale.ROOT, "%04d-%02d-%02d", yyyy, mm, dd);
            case 5 -> String.format(Locale.ROOT, "%02d %s %04d", dd, MONTHS[mm - 1], yyyy);
            case 6 -> String.format(Locale.ROOT, "%02d.%02d.%04d", dd, mm, yyyy);
            default -> String.format(Locale.ROOT, "%02d-%s-%04d", dd, MONTHS[mm - 1], yyyy);
        };
    }

    static String formatTime(int hour, int minute, int second, int format) {
        int h12 = hour % 12 == 0 ? 12 : hour % 12;
        String ampm = hour < 12 ? "AM" : "PM";
        return switch (format) {
            case 0 -> String.format(Locale.ROOT, "%d:%02d %s", h12, minute, ampm);
            case 1 -> String.format(Locale.ROOT, "%02d:%02d", hour, minute);
            case 2 -> String.format(Locale.ROOT, "%02d:%02d:%02d", hour, minute, second);
            default -> String.format(Locale.ROOT, "%02d:%02d:%02d %s", h12, minute, second, ampm);
        };
    }

    private String phone() {
        return "0" + (3 + r.nextInt(7)) + "-" + digits(4) + " " + digits(4);
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    private float pickScale(float... choices) {
        return choices[r.nextInt(choices.length)];
    }

    private String fit(String text) {
        return clip(text, cols);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max).trim();
    }

    private void separator() {
        if (r.nextInt(4) == 0) {
            blank();
        } else {
            line(cell(Align.LEFT, 0, part(String.valueOf(r.nextBoolean() ? '-' : '=').repeat(cols), O)));
        }
    }

    private void blank() {
        lines.add(new PrintLine(List.of(), false, 1f));
    }

    private void line(Cell... cells) {
        lines.add(new PrintLine(List.of(cells), false, 1f));
    }

    private void line(boolean bold, float scale, Cell... cells) {
        lines.add(new PrintLine(List.of(cells), bold, scale));
    }

    private static Cell cell(Align align, int column, Part... parts) {
        return new Cell(align, column, List.of(parts));
    }

    private static Part part(String text, String label) {
        return new Part(text, label);
    }
}
