package io.graphvault.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class on the shared {@link TestServices}: {@link TestServicesExtension} leaves the source and target
 * databases as {@link #source()} and {@link #target()} say, before and after each test, so a test that failed
 * half-way does not leave its data to the next; and it fills {@link S3Buckets} and {@link EmptyBucket} fields
 * and test method parameters afresh for each test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(TestServicesExtension.class)
public @interface GraphVaultTest {

    Holds source() default Holds.NOTHING;

    Holds target() default Holds.NOTHING;

    /** What a database holds while a test runs. */
    enum Holds {
        /** Wiped before and after each test: a test finds it empty and may leave anything. */
        NOTHING,
        /** Wiped before and after the class; the class's {@code @BeforeAll} fills it for all its tests. */
        CLASS_DATA,
        /** The clinical {@link SampleGraph}, loaded before the class and wiped after it (source only). */
        SAMPLE_GRAPH
    }
}
