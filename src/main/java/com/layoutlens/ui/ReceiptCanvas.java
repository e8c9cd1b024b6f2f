package com.layoutlens.ui;

import com.layoutlens.data.Box;
import com.layoutlens.data.LabelRow;
import com.layoutlens.data.Receipt;
import com.layoutlens.data.Segment;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.Image;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

import java.util.List;

/**
 * The receipt image with word boxes drawn over it, on one canvas (hundreds of boxes stay
 * cheap: one redraw per change, no scene-graph node per box).
 *
 * <p>Mouse: click selects a word, shift-click adds or removes one, a drag on the image
 * selects every word the rectangle touches; a right- or middle-button drag pans;
 * the wheel scrolls, Ctrl + wheel zooms around the pointer.
 */
final class ReceiptCanvas extends Region {

    private final ReceiptViewModel vm;
    private final ImageCache images;
    private final Canvas canvas = new Canvas();
    private double scale = 1;
    private double tx;
    private double ty;
    private boolean fitted;
    private Point2D dragStart;
    private Point2D dragNow;
    private Point2D panLast;
    /** While a box edge is dragged: the word, which edges move (left, top, right, bottom), the box so far. */
    private int boxWord = -1;
    private boolean[] boxEdges;
    private Box boxNow;
    private java.util.function.IntConsumer onEditWord = i -> { };
    private java.util.function.Consumer<Box> onNewBox = b -> { };
    private boolean drawNext;
    private int drawnBoxes;
    private Image image;

    ReceiptCanvas(ReceiptViewModel vm, ImageCache images) {
        this.vm = vm;
        this.images = images;
        getChildren().add(canvas);
        setMinSize(100, 100);
        setStyle("-fx-background-color: #3c3f41;");
        setFocusTraversable(true);
        vm.revisionProperty().addListener(o -> redraw());
        vm.receiptProperty().addListener((o, a, r) -> {
            image = r == null ? null : images.get(r.image());
            fitted = false;
            if (image != null && image.getProgress() < 1) {
                image.progressProperty().addListener((p, x, y) -> {
                    if (y.doubleValue() >= 1) {
                        redraw();
                    }
                });
            }
            redraw();
        });
        widthProperty().addListener(o -> redraw());
        heightProperty().addListener(o -> redraw());
        addEventHandler(MouseEvent.MOUSE_MOVED, this::onMove);
        addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPress);
        addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDrag);
        addEventHandler(MouseEvent.MOUSE_RELEASED, this::onRelease);
        addEventHandler(MouseEvent.MOUSE_EXITED, e -> vm.hoveredProperty().set(-1));
        addEventHandler(ScrollEvent.SCROLL, this::onScroll);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
    }

    /** Fits the whole receipt into the view. */
    void fit() {
        Receipt r = vm.receiptProperty().get();
        if (r == null || getWidth() <= 0 || getHeight() <= 0) {
            return;
        }
        double w = Math.max(1, r.width());
        double h = Math.max(1, r.height());
        scale = Math.min(getWidth() / w, getHeight() / h) * 0.98;
        tx = (getWidth() - w * scale) / 2;
        ty = (getHeight() - h * scale) / 2;
        fitted = true;
        redraw();
    }

    void zoom(double factor) {
        zoomAt(factor, getWidth() / 2, getHeight() / 2);
    }

    private void zoomAt(double factor, double sx, double sy) {
        double ns = Math.max(0.05, Math.min(20, scale * factor));
        double f = ns / scale;
        tx = sx - (sx - tx) * f;
        ty = sy - (sy - ty) * f;
        scale = ns;
        redraw();
    }

    /** Pans so that gold row {@code index} is in the centre, zooming in if the receipt is shown small. */
    void centreOn(int index) {
        List<LabelRow> rows = vm.goldRows();
        if (index < 0 || index >= rows.size()) {
            return;
        }
        if (!fitted) {
            fit();
        }
        Box b = rows.get(index).box();
        tx = getWidth() / 2 - b.centerX() * scale;
        ty = getHeight() / 2 - b.centerY() * scale;
        redraw();
    }

    /** Where gold row {@code index} is drawn, in this node's coordinates (used by tests and tooltips). */
    Point2D screenCentreOf(int index) {
        Box b = vm.goldRows().get(index).box();
        return new Point2D(tx + b.centerX() * scale, ty + b.centerY() * scale);
    }

    /** Where an image pixel is on the canvas, at the current zoom and pan. */
    Point2D screenOf(double x, double y) {
        return new Point2D(tx + x * scale, ty + y * scale);
    }

    /** How many word boxes the last redraw drew. */
    int drawnBoxes() {
        return drawnBoxes;
    }

    double scale() {
        return scale;
    }

    private int wordAt(double sx, double sy) {
        double x = (sx - tx) / scale;
        double y = (sy - ty) / scale;
        List<LabelRow> rows = vm.goldRows();
        int best = -1;
        double bestArea = Double.MAX_VALUE;
        for (int i = 0; i < rows.size(); i++) {
            Box b = rows.get(i).box();
            if (x >= b.x0() - 1 && x <= b.x1() + 1 && y >= b.y0() - 1 && y <= b.y1() + 1) {
                double area = (double) Math.max(1, b.width()) * Math.max(1, b.height());
                if (area < bestArea) {
                    bestArea = area;
                    best = i;
                }
            }
        }
        return best;
    }

    private void onMove(MouseEvent e) {
        vm.hoveredProperty().set(wordAt(e.getX(), e.getY()));
    }

    /** What a double-click on a word runs (the text editor). */
    void onEditWord(java.util.function.IntConsumer action) {
        this.onEditWord = action;
    }

    /** What an Alt+drag runs with the drawn box in image pixels (a new word). */
    void onNewBox(java.util.function.Consumer<Box> action) {
        this.onNewBox = action;
    }

    /** The next drag draws a new word box instead of selecting (the N key; Alt+drag does it at once). */
    void drawNewBox() {
        drawNext = true;
    }

    /** The image pixel under a screen coordinate, whatever the zoom. */
    private int imageX(double sx) {
        return (int) Math.round((sx - tx) / scale);
    }

    private int imageY(double sy) {
        return (int) Math.round((sy - ty) / scale);
    }

    /** The edges of the selected word's box within a few screen pixels of a point (a corner is two), or null. */
    private boolean[] edgesAt(int word, double sx, double sy) {
        Box b = vm.goldRows().get(word).box();
        double x0 = tx + b.x0() * scale, x1 = tx + b.x1() * scale, y0 = ty + b.y0() * scale, y1 = ty + b.y1() * scale;
        double grip = 5;
        boolean inY = sy >= y0 - grip && sy <= y1 + grip;
        boolean inX = sx >= x0 - grip && sx <= x1 + grip;
        boolean[] e = {inY && Math.abs(sx - x0) <= grip, inX && Math.abs(sy - y0) <= grip,
                inY && Math.abs(sx - x1) <= grip, inX && Math.abs(sy - y1) <= grip};
        return e[0] || e[1] || e[2] || e[3] ? e : null;
    }

    private void onPress(MouseEvent e) {
        requestFocus();
        if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
            int w = wordAt(e.getX(), e.getY());
            if (w >= 0) {
                vm.selection().clear();
                vm.selection().add(w);
                onEditWord.accept(w);
            }
            return;
        }
        if (e.getButton() == MouseButton.PRIMARY && vm.selection().size() == 1 && vm.canCorrectOcr()) {
            int w = vm.selection().iterator().next();
            boolean[] edges = w < vm.goldRows().size() ? edgesAt(w, e.getX(), e.getY()) : null;
            if (edges != null) {
                boxWord = w;
                boxEdges = edges;
                boxNow = vm.goldRows().get(w).box();
                return;
            }
        }
        if (e.getButton() == MouseButton.PRIMARY) {
            dragStart = new Point2D(e.getX(), e.getY());
            dragNow = dragStart;
        } else {
            panLast = new Point2D(e.getX(), e.getY());
        }
    }

    private void onDrag(MouseEvent e) {
        if (boxWord >= 0) {
            Box b = vm.goldRows().get(boxWord).box();
            int x = imageX(e.getX());
            int y = imageY(e.getY());
            boxNow = new Box(boxEdges[0] ? x : b.x0(), boxEdges[1] ? y : b.y0(), boxEdges[2] ? x : b.x1(),
                    boxEdges[3] ? y : b.y1());
            redraw();
            return;
        }
        if (panLast != null) {
            tx += e.getX() - panLast.getX();
            ty += e.getY() - panLast.getY();
            panLast = new Point2D(e.getX(), e.getY());
            redraw();
        } else if (dragStart != null) {
            dragNow = new Point2D(e.getX(), e.getY());
            redraw();
        }
    }

    private void onRelease(MouseEvent e) {
        if (boxWord >= 0) {
            int w = boxWord;
            Box b = boxNow;
            boxWord = -1;
            boxNow = null;
            if (b != null && b.width() > 0 && b.height() > 0) {
                vm.setBox(w, b);
            }
            redraw();
            return;
        }
        if (panLast != null) {
            panLast = null;
            return;
        }
        if (dragStart == null) {
            return;
        }
        Point2D end = new Point2D(e.getX(), e.getY());
        if ((e.isAltDown() || drawNext) && end.distance(dragStart) >= 4 && vm.canCorrectOcr()) {
            drawNext = false;
            Box b = new Box(imageX(dragStart.getX()), imageY(dragStart.getY()), imageX(end.getX()), imageY(end.getY()));
            dragStart = null;
            dragNow = null;
            redraw();
            onNewBox.accept(b);
            return;
        }
        boolean add = e.isShiftDown() || e.isShortcutDown();
        if (end.distance(dragStart) < 4) {
            int w = wordAt(e.getX(), e.getY());
            if (!add) {
                vm.selection().clear();
            }
            if (w >= 0) {
                if (add && vm.selection().contains(w)) {
                    vm.selection().remove(w);
                } else {
                    vm.selection().add(w);
                }
            }
        } else {
            double x0 = (Math.min(dragStart.getX(), end.getX()) - tx) / scale;
            double x1 = (Math.max(dragStart.getX(), end.getX()) - tx) / scale;
            double y0 = (Math.min(dragStart.getY(), end.getY()) - ty) / scale;
            double y1 = (Math.max(dragStart.getY(), end.getY()) - ty) / scale;
            if (!add) {
                vm.selection().clear();
            }
            List<LabelRow> rows = vm.goldRows();
            for (int i = 0; i < rows.size(); i++) {
                Box b = rows.get(i).box();
                if (b.x1() >= x0 && b.x0() <= x1 && b.y1() >= y0 && b.y0() <= y1) {
                    vm.selection().add(i);
                }
            }
        }
        dragStart = null;
        dragNow = null;
        redraw();
    }

    private void onScroll(ScrollEvent e) {
        if (e.isShortcutDown()) {
            zoomAt(e.getDeltaY() > 0 ? 1.15 : 1 / 1.15, e.getX(), e.getY());
        } else if (e.isShiftDown()) {
            tx += e.getDeltaY() != 0 ? e.getDeltaY() : e.getDeltaX();
            redraw();
        } else {
            tx += e.getDeltaX();
            ty += e.getDeltaY();
            redraw();
        }
        e.consume();
    }

    void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        g.setFill(Color.web("#3c3f41"));
        g.fillRect(0, 0, w, h);
        drawnBoxes = 0;
        Receipt r = vm.receiptProperty().get();
        if (r == null) {
            g.setFill(Color.web("#bbbbbb"));
            g.setFont(Font.font(14));
            g.fillText("Open a receipt folder (Ctrl+O)", 20, 30);
            return;
        }
        if (!fitted && w > 0 && h > 0) {
            fit();
            return;
        }
        double pw = r.width() * scale;
        double ph = r.height() * scale;
        g.setFill(Color.WHITE);
        g.fillRect(tx, ty, pw, ph);
        if (image != null && image.getProgress() >= 1 && !image.isError()) {
            g.drawImage(image, tx, ty, pw, ph);
        } else {
            g.setFill(Color.web("#888888"));
            g.setFont(Font.font(13));
            String msg = r.image() == null ? "image missing: boxes only"
                    : image != null && image.isError() ? "image could not be decoded: boxes only" : "loading image...";
            g.fillText(msg, tx + 8, ty + 18);
        }
        if (vm.showSegmentsProperty().get()) {
            g.setStroke(Color.web("#607d8b", 0.8));
            g.setLineWidth(1);
            g.setLineDashes();
            for (Segment s : r.segments()) {
                Box b = s.box();
                g.strokeRect(tx + b.x0() * scale - 2, ty + b.y0() * scale - 2, b.width() * scale + 4,
                        b.height() * scale + 4);
            }
        }
        List<LabelRow> rows = vm.goldRows();
        drawnBoxes = WordBoxPainter.paintWords(g, vm, rows, tx, ty, scale);
        if (vm.showOriginalProperty().get()) {
            WordBoxPainter.paintOriginal(g, vm, r, rows, tx, ty, scale);
        }
        if (boxNow != null) {
            g.setStroke(LabelColors.OCR_CORRECTED);
            g.setLineWidth(2);
            g.setLineDashes(4, 3);
            g.strokeRect(tx + boxNow.x0() * scale, ty + boxNow.y0() * scale, boxNow.width() * scale,
                    boxNow.height() * scale);
        }
        g.setLineDashes();
        for (int i : vm.selection()) {
            if (i < rows.size()) {
                Box b = rows.get(i).box();
                g.setFill(LabelColors.SELECTION.deriveColor(0, 1, 1, 0.25));
                g.fillRect(tx + b.x0() * scale, ty + b.y0() * scale, b.width() * scale, b.height() * scale);
                g.setStroke(LabelColors.SELECTION);
                g.setLineWidth(2.5);
                g.strokeRect(tx + b.x0() * scale - 1, ty + b.y0() * scale - 1, b.width() * scale + 2,
                        b.height() * scale + 2);
            }
        }
        int hv = vm.hoveredProperty().get();
        if (hv >= 0 && hv < rows.size()) {
            Box b = rows.get(hv).box();
            g.setStroke(Color.BLACK);
            g.setLineWidth(1.5);
            g.strokeRect(tx + b.x0() * scale - 2, ty + b.y0() * scale - 2, b.width() * scale + 4,
                    b.height() * scale + 4);
        }
        if (dragStart != null && dragNow != null && dragStart.distance(dragNow) >= 4) {
            g.setStroke(LabelColors.SELECTION);
            g.setLineWidth(1);
            g.setLineDashes(4, 3);
            g.strokeRect(Math.min(dragStart.getX(), dragNow.getX()), Math.min(dragStart.getY(), dragNow.getY()),
                    Math.abs(dragNow.getX() - dragStart.getX()), Math.abs(dragNow.getY() - dragStart.getY()));
            g.setLineDashes();
        }
    }
}
