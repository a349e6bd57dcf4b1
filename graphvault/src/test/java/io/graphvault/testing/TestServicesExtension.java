package io.graphvault.testing;

import io.graphvault.testing.GraphVaultTest.Holds;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What {@link GraphVaultTest} promises. Like JUnit's {@code @TempDir}, it fills instance fields and test
 * method parameters before each test and closes what it opened after it. Its wipes run before the class's
 * own {@code @BeforeAll} and {@code @BeforeEach} methods and after its {@code @AfterEach} and
 * {@code @AfterAll} ones, so a class's set-up starts from empty databases.
 */
final class TestServicesExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestServicesExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        GraphVaultTest test = settings(context);
        if (test.target() == Holds.SAMPLE_GRAPH) {
            throw new IllegalStateException("@GraphVaultTest(target = SAMPLE_GRAPH) on " + context.getDisplayName()
                    + ": only the source can hold the sample graph; fill the target in the class's @BeforeAll (CLASS_DATA)");
        }
        wipeBoth();
        if (test.source() == Holds.SAMPLE_GRAPH) {
            SampleGraph.load(TestServices.sourceDriver(), "neo4j");
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        wipeBoth();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        wipeForEachTest(context);
        Object instance = context.getRequiredTestInstance();
        for (Field f : fields(instance.getClass())) {
            if (f.getType() == S3Buckets.class) {
                f.set(instance, s3(context));
            } else if (f.isAnnotationPresent(EmptyBucket.class)) {
                f.set(instance, s3(context).newBucket());
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            S3Buckets s3 = context.getStore(NAMESPACE).remove(S3Buckets.class, S3Buckets.class);
            if (s3 != null) {
                s3.close();
            }
        } finally {
            wipeForEachTest(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == S3Buckets.class || type == String.class && parameter.isAnnotated(EmptyBucket.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == S3Buckets.class ? s3(context) : s3(context).newBucket();
    }

    /** One client a test, for its {@link S3Buckets} fields and parameters and the buckets it makes. */
    private static S3Buckets s3(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(S3Buckets.class, k -> S3Buckets.of(TestServices.s3()),
                S3Buckets.class);
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())
                        && (f.getType() == S3Buckets.class || f.isAnnotationPresent(EmptyBucket.class))) {
                    if (f.isAnnotationPresent(EmptyBucket.class) && f.getType() != String.class) {
                        throw new IllegalStateException("@EmptyBucket on " + c.getSimpleName() + "." + f.getName()
                                + ": it names a bucket, so the field must be a String");
                    }
                    f.setAccessible(true);
                    out.add(f);
                }
            }
        }
        return out;
    }

    private static void wipeForEachTest(ExtensionContext context) {
        GraphVaultTest test = settings(context);
        if (test.source() == Holds.NOTHING) {
            TestServices.wipe(TestServices.sourceDriver());
        }
        if (test.target() == Holds.NOTHING) {
            TestServices.wipe(TestServices.targetDriver());
        }
    }

    private static void wipeBoth() {
        TestServices.wipe(TestServices.sourceDriver());
        TestServices.wipe(TestServices.targetDriver());
    }

    private static GraphVaultTest settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), GraphVaultTest.class)
                .orElseThrow(() -> new IllegalStateException(context.getRequiredTestClass().getSimpleName()
                        + " uses TestServicesExtension without @GraphVaultTest: annotate the class with @GraphVaultTest"));
    }
}
