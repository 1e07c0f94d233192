package dev.paperboy.notify.tokens;

import dev.paperboy.notify.NotifyProperties;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.EnumSet;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static TokenService service(String secret, Instant now) {
        NotifyProperties properties = new NotifyProperties("http://localhost:8083", "Paperboy <digest@paperboy.local>",
                secret, Duration.ofHours(48), Duration.ofDays(180), 3, Duration.ofHours(1), 8, 3,
                Duration.ofMillis(500), 3, Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofDays(30), Duration.ofHours(6));
        return new TokenService(properties, Clock.fixed(now, ZoneOffset.UTC));
    }

    private final TokenService tokens = service("unit-test-secret-0123456789-0123456789", NOW);

    @Test
    void validTokenNamesItsSubscription() {
        assertThat(tokens.verify(tokens.confirmToken("sub-1"), EnumSet.of(TokenPurpose.CONFIRM))).isEqualTo("sub-1");
    }

    @Test
    void forgedAlteredExpiredOrMisusedTokensAreRefused() {
        String token = tokens.manageToken("sub-1");
        String payload = token.substring(0, token.indexOf('.'));
        String signature = token.substring(token.indexOf('.') + 1);
        String otherPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("m.sub-2." + NOW.plusSeconds(3600).getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        EnumSet<TokenPurpose> manage = EnumSet.of(TokenPurpose.MANAGE);
        assertThatThrownBy(() -> tokens.verify(otherPayload + "." + signature, manage))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify(payload + "." + signature.substring(1), manage))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify("garbage", manage)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> tokens.verify(token, EnumSet.of(TokenPurpose.CONFIRM)))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> service("another-secret-0123456789-0123456789", NOW).verify(token, manage))
                .isInstanceOf(InvalidTokenException.class);
        TokenService later = service("unit-test-secret-0123456789-0123456789", NOW.plus(Duration.ofDays(181)));
        assertThatThrownBy(() -> later.verify(token, manage)).hasMessage("expired");
        assertThat(tokens.verify(token, manage)).isEqualTo("sub-1");
    }
}
