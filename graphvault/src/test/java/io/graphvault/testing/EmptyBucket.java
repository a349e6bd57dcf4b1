package io.graphvault.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code String} field or test method parameter of a {@link GraphVaultTest} class: the name of a bucket
 * made empty on the test S3 server for each test, so no test sees another's objects.
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface EmptyBucket {
}
