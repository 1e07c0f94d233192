package dev.paperboy.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test context at the shared in-process infrastructure: {@link SharedKafka} and
 * {@link SharedMongo} (database {@link #database()}). Use on a {@code @SpringBootTest}; applied by
 * {@link SharedInfrastructureContextCustomizerFactory}. Contexts with the same database are cached and shared.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface SharedInfrastructure {

    /** The MongoDB database the context uses; give each test class that needs a clean store its own. */
    String database() default "paperboy-test";
}
