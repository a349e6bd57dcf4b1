package io.graphvault;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package layering of the production code, checked on its compiled classes. From the top:
 * the main class (alone in {@code io.graphvault}), the commands ({@code cli}), the wiring
 * ({@code app}), the features ({@code serve} and {@code adminimport} above {@code restore} above {@code backup};
 * {@code status} and {@code compare}), {@code storage}, the backup {@code format}, and the kernel ({@code progress},
 * {@code internal}). A package may use the ones below it, never one above, and no packages form a
 * cycle.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.graphvault");

    /** One slice per package ({@code storage} and {@code storage.s3} are two), none in a cycle. */
    private static ArchRule noPackageCycles(String packages) {
        return slices().matching(packages).should().beFreeOfCycles();
    }

    @Test
    void noPackageCycle() {
        noPackageCycles("io.graphvault.(**)").check(PRODUCTION);
    }

    @Test
    void theCycleRuleReportsACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.graphvault.architecturefixture");
        assertThat(fixture).hasSize(2);

        EvaluationResult result = noPackageCycles("io.graphvault.architecturefixture.(**)").evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("Cycle detected")
                .contains("architecturefixture.a.Ping")
                .contains("architecturefixture.b.Pong");
    }

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Main").definedBy("io.graphvault")
                .layer("Cli").definedBy("io.graphvault.cli..")
                .layer("App").definedBy("io.graphvault.app..")
                .layer("Serve").definedBy("io.graphvault.serve..")
                .layer("AdminImport").definedBy("io.graphvault.adminimport..")
                .layer("Restore").definedBy("io.graphvault.restore..")
                .layer("Backup").definedBy("io.graphvault.backup..")
                .layer("Status").definedBy("io.graphvault.status..")
                .layer("Compare").definedBy("io.graphvault.compare..")
                .layer("Storage").definedBy("io.graphvault.storage..")
                .layer("Format").definedBy("io.graphvault.format..")
                .layer("Progress").definedBy("io.graphvault.progress..")
                .layer("Internal").definedBy("io.graphvault.internal..")
                .whereLayer("Main").mayNotBeAccessedByAnyLayer()
                .whereLayer("Cli").mayOnlyAccessLayers("App", "Serve", "AdminImport", "Restore", "Backup", "Status", "Compare",
                        "Storage", "Format", "Progress", "Internal")
                .whereLayer("App").mayOnlyAccessLayers("Serve", "AdminImport", "Restore", "Backup", "Status", "Compare",
                        "Storage", "Format", "Progress", "Internal")
                .whereLayer("Serve").mayOnlyAccessLayers("Restore", "Backup", "Status", "Compare",
                        "Storage", "Format", "Progress", "Internal")
                .whereLayer("AdminImport").mayOnlyAccessLayers("Restore", "Storage", "Format", "Progress", "Internal")
                .whereLayer("Restore").mayOnlyAccessLayers("Backup", "Compare", "Storage", "Format", "Progress", "Internal")
                .whereLayer("Backup").mayOnlyAccessLayers("Storage", "Format", "Progress", "Internal")
                .whereLayer("Status").mayOnlyAccessLayers("Storage", "Format", "Progress", "Internal")
                .whereLayer("Compare").mayOnlyAccessLayers("Storage", "Format", "Progress", "Internal")
                .whereLayer("Storage").mayOnlyAccessLayers("Format", "Progress", "Internal")
                .whereLayer("Format").mayOnlyAccessLayers("Progress", "Internal")
                .whereLayer("Progress").mayOnlyAccessLayers("Internal")
                .whereLayer("Internal").mayNotAccessAnyLayer()
                .check(PRODUCTION);
    }

    /**
     * Inside storage: the abstractions at its root, then verification, retention and the job lock,
     * the local store, the S3 store (which keeps a local copy's manifest), and the catalog that opens
     * either.
     */
    @Test
    void storageLayersOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Catalog").definedBy("io.graphvault.storage.catalog..")
                .layer("S3").definedBy("io.graphvault.storage.s3..")
                .layer("Local").definedBy("io.graphvault.storage.local..")
                .layer("Verify").definedBy("io.graphvault.storage.verify..")
                .layer("Retention").definedBy("io.graphvault.storage.retention..")
                .layer("Lock").definedBy("io.graphvault.storage.lock..")
                .layer("Storage").definedBy("io.graphvault.storage")
                .whereLayer("Catalog").mayOnlyAccessLayers("S3", "Local", "Verify", "Storage")
                .whereLayer("S3").mayOnlyAccessLayers("Local", "Verify", "Retention", "Storage")
                .whereLayer("Local").mayOnlyAccessLayers("Verify", "Retention", "Storage")
                .whereLayer("Verify").mayOnlyAccessLayers("Storage")
                .whereLayer("Retention").mayOnlyAccessLayers("Storage")
                .whereLayer("Lock").mayNotAccessAnyLayer()
                .whereLayer("Storage").mayNotAccessAnyLayer()
                .check(PRODUCTION);
    }
}
