package dev.paperboy.testsupport;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import java.util.List;
import java.util.Map;

/**
 * Applies {@link SharedInfrastructure}: puts the shared broker's and Mongo-wire server's addresses first in the
 * environment. Registered in {@code META-INF/spring.factories}.
 */
public class SharedInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        SharedInfrastructure annotation = AnnotatedElementUtils.findMergedAnnotation(testClass,
                SharedInfrastructure.class);
        return annotation == null ? null : new Customizer(annotation.database());
    }

    /** The Spring properties that point a service at the shared broker and Mongo-wire server. */
    public static Map<String, Object> properties(String database) {
        String kafka = SharedKafka.bootstrapServers();
        return Map.of(
                "spring.kafka.bootstrap-servers", kafka,
                "spring.cloud.stream.kafka.binder.brokers", kafka,
                "spring.mongodb.uri", SharedMongo.uri(database));
    }

    /** A record, so equal databases give equal customizers and Spring's context cache shares the context. */
    private record Customizer(String database) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            SharedMongo.assumeAvailable();
            context.getEnvironment().getPropertySources()
                    .addFirst(new MapPropertySource("paperboy-shared-infrastructure", properties(database)));
        }
    }
}
