package com.layoutlens;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the layers apart: only the UI may know JavaFX, and the core knows neither the UI nor
 * the CLI; inside the UI, view models know no nodes and views start no threads.
 */
@AnalyzeClasses(packages = "com.layoutlens", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyTheUiUsesJavaFx = noClasses()
            .that().resideOutsideOfPackage("com.layoutlens.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..")
            .because("JavaFX belongs to the UI; every other layer must run headless");

    @ArchTest
    static final ArchRule coreDoesNotKnowTheFrontEnds = noClasses()
            .that().resideInAnyPackage("com.layoutlens.data..", "com.layoutlens.eval..",
                    "com.layoutlens.model..", "com.layoutlens.train..")
            .should().dependOnClassesThat().resideInAnyPackage("com.layoutlens.ui..", "com.layoutlens.cli..")
            .because("the CLI and the app are thin front ends over the core")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule servicesServeBothFrontEndsAndKnowNeither = noClasses()
            .that().resideInAPackage("com.layoutlens.service..")
            .should().dependOnClassesThat().resideInAnyPackage("com.layoutlens.ui..", "com.layoutlens.cli..",
                    "javafx..", "org.controlsfx..")
            .because("the command line and the app call the same services, which run headless");

    @ArchTest
    static final ArchRule theSparkJobKnowsNeitherFrontEnd = noClasses()
            .that().resideInAPackage("com.layoutlens.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("com.layoutlens.ui..", "com.layoutlens.cli..",
                    "javafx..", "org.controlsfx..")
            .because("the distributed job runs the same services as the command line (predictor, evaluation export),"
                    + " not the commands themselves");

    @ArchTest
    static final ArchRule commandsPrintThroughTheirCommandLine = noClasses()
            .that().resideInAPackage("com.layoutlens.cli..")
            .should().accessField(System.class, "out").orShould().accessField(System.class, "err")
            .because("every command prints through its command line's writers, so all output goes where the caller says");

    @ArchTest
    static final ArchRule coreDoesNotKnowTheServices = noClasses()
            .that().resideInAnyPackage("com.layoutlens.data..", "com.layoutlens.eval..",
                    "com.layoutlens.model..", "com.layoutlens.train..")
            .should().dependOnClassesThat().resideInAPackage("com.layoutlens.service..")
            .because("the services sit between the core and the front ends")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule dataKnowsNoModels = noClasses()
            .that().resideInAPackage("com.layoutlens.data..")
            .should().dependOnClassesThat().resideInAnyPackage("com.layoutlens.model..", "com.layoutlens.eval..",
                    "com.layoutlens.train..", "ai.djl..")
            .because("the data layer is the foundation every other layer reads through");

    @ArchTest
    static final ArchRule evalKnowsNoModelInternals = noClasses()
            .that().resideInAPackage("com.layoutlens.eval..")
            .should().dependOnClassesThat().resideInAnyPackage("com.layoutlens.model..", "ai.djl..")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule modelKnowsNoEvaluationOrTraining = noClasses()
            .that().resideInAPackage("com.layoutlens.model..")
            .should().dependOnClassesThat().resideInAnyPackage("com.layoutlens.eval..", "com.layoutlens.train..")
            .because("evaluation and training read models, never the other way round (see model/package-info.java)");

    @ArchTest
    static final ArchRule viewModelsKnowNoNodes = noClasses()
            .that().resideInAPackage("com.layoutlens.ui..").and().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.concurrent..",
                    "javafx.application..", "org.controlsfx..")
            .because("a view model holds state and commands only, so plain JUnit tests it without the toolkit");

    @ArchTest
    static final ArchRule viewsStartNoThreads = noClasses()
            .that().resideInAPackage("com.layoutlens.ui..").and().doNotHaveSimpleName("Background")
            .should().callConstructorWhere(JavaConstructorCall.Predicates.target(HasOwner.Predicates.With.owner(
                    DescribedPredicate.describe("a Thread", c -> c.isAssignableTo(Thread.class)))))
            .because("background work goes through the Background executor, which names its threads and reports failures");

    @ArchTest
    static final ArchRule noCycles = slices().matching("com.layoutlens.(*)..").should().beFreeOfCycles()
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule noCyclesInsideModel = slices().matching("com.layoutlens.model.(*)..").should()
            .beFreeOfCycles()
            .because("a model family is a package of its own that the registry lists; nothing it uses may use it");

    /**
     * The same with {@code com.layoutlens.model} itself as a slice (the contracts every family
     * builds on), which the pattern above leaves out: the root must not use a sub-package that
     * uses it.
     */
    @ArchTest
    static final ArchRule noCyclesThroughTheModelRoot = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (p.equals("com.layoutlens.model")) {
                return SliceIdentifier.of("model");
            }
            if (p.startsWith("com.layoutlens.model.")) {
                return SliceIdentifier.of("model." + p.substring("com.layoutlens.model.".length()).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "com.layoutlens.model and each of its sub-packages";
        }
    }).should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheRegistryNamesFamilies = noClasses()
            .that().resideOutsideOfPackages("com.layoutlens.model.registry..", "com.layoutlens.model.layoutlm..",
                    "com.layoutlens.model.layoutlmv2..", "com.layoutlens.model.layoutlmv3..")
            .and().resideInAnyPackage("com.layoutlens.model..", "com.layoutlens.cli..", "com.layoutlens.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("com.layoutlens.model.layoutlm..",
                    "com.layoutlens.model.layoutlmv2..", "com.layoutlens.model.layoutlmv3..")
            .because("predict, forward, models list and the app reach a family through the registry");

    @ArchTest
    static final ArchRule frontEndsDownloadThroughTheService = noClasses()
            .that().resideInAnyPackage("com.layoutlens.cli..", "com.layoutlens.ui..")
            .should().dependOnClassesThat().haveFullyQualifiedName("com.layoutlens.model.hub.HubClient")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("com.layoutlens.model.hub.DownloadListener")
            .because("models download and the Models tab download through service.ModelDownloads, and hear it"
                    + " through its Listener (progress with the rate and the time left computed once)");
}
