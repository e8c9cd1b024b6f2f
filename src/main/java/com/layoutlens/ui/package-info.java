/**
 * The desktop studio (JavaFX, ControlsFX). {@link com.layoutlens.ui.MainView} lists the tabs
 * and composes them with the menu, the toolbar, the status bar and the keyboard help; each
 * tab is a thin view implementing {@link com.layoutlens.ui.StudioTab} over a view model that
 * owns its state as JavaFX properties and its commands (Receipts, Evaluation, Model input,
 * Training, Models; model runs per {@link com.layoutlens.ui.Slot} in
 * {@link com.layoutlens.ui.ModelRunViewModel}; the schema and when to change it in
 * {@link com.layoutlens.ui.SchemaChoice}). Background work goes through a
 * {@link com.layoutlens.ui.Worker}: {@link com.layoutlens.ui.Background} in the app, the
 * calling thread in view-model tests.
 *
 * <p>View models must not know nodes, stages, {@code javafx.concurrent} or the FX thread
 * (ArchitectureTest), so plain JUnit tests them; views start no threads. The package must not
 * know how a model works inside: it calls {@code model}, {@code eval} and {@code train}
 * through their public APIs.
 */
package com.layoutlens.ui;
