package dev.paperboy.catalog;

import dev.paperboy.testsupport.SharedInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The one Spring test context of catalog-service: the whole service on the shared broker and Mongo-wire server
 * (database {@code catalog-test}), MockMvc. Use it (and no extra properties) on every {@code @SpringBootTest} of
 * the module so the context is built once. Tests isolate themselves by paper ids: each test class uses its own id
 * range (see {@link CatalogTestSupport#id}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@AutoConfigureMockMvc
@SharedInfrastructure(database = "catalog-test")
public @interface CatalogTest {
}
