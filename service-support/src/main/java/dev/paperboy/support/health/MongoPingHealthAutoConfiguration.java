package dev.paperboy.support.health;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Registers {@link MongoPingHealthIndicator} as {@code mongoPing} in every service that uses MongoDB. */
@AutoConfiguration
@ConditionalOnClass({MongoTemplate.class, AbstractHealthIndicator.class})
public class MongoPingHealthAutoConfiguration {

    @Bean
    MongoPingHealthIndicator mongoPingHealthIndicator(ObjectProvider<MongoTemplate> mongo) {
        // looked up lazily: the template comes from Boot's Mongo auto-configuration, ordered independently of this
        return new MongoPingHealthIndicator(mongo.getObject());
    }
}
