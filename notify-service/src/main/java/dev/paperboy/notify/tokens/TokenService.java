package dev.paperboy.notify.tokens;

import dev.paperboy.notify.NotifyProperties;
import org.springframework.stereotype.Service;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

/**
 * Signed, expiring link tokens: {@code base64url(purpose.subscriptionId.expiresEpochSecond)} + "." +
 * {@code base64url(HMAC-SHA256(secret, payload))}. Verification recomputes the MAC and compares in constant time, so
 * any change to the payload or the signature is refused.
 */
@Service
public class TokenService {

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_TOKEN_LENGTH = 512;

    private final SecretKeySpec key;
    /**
     * Initialised once; each use works on a clone: {@code Mac.getInstance} and {@code init} search the security
     * providers and expand the key every time, which was most of the cost of a token (two per digest email).
     * Null when the provider's Mac cannot be cloned (then a new one each time).
     */
    private final Mac prototype;
    private final Clock clock;
    private final NotifyProperties properties;

    public TokenService(NotifyProperties properties, Clock clock) {
        this.key = new SecretKeySpec(properties.tokenSecret().getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.prototype = cloneable(key);
        this.clock = clock;
        this.properties = properties;
    }

    public String confirmToken(String subscriptionId) {
        return issue(TokenPurpose.CONFIRM, subscriptionId, properties.confirmTokenTtl());
    }

    public String manageToken(String subscriptionId) {
        return issue(TokenPurpose.MANAGE, subscriptionId, properties.manageTokenTtl());
    }

    public String unsubscribeToken(String subscriptionId) {
        return issue(TokenPurpose.UNSUBSCRIBE, subscriptionId, properties.manageTokenTtl());
    }

    public String issue(TokenPurpose purpose, String subscriptionId, Duration ttl) {
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String payload = purpose.code + "." + subscriptionId + "." + expires;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(mac(payload));
    }

    /** Returns the subscription id of a valid token of one of {@code allowed}, or throws {@link InvalidTokenException}. */
    public String verify(String token, Set<TokenPurpose> allowed) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("missing or oversized token");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw new InvalidTokenException("malformed token");
        }
        String payload;
        byte[] signature;
        try {
            payload = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed token");
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            throw new InvalidTokenException("bad signature");
        }
        String[] parts = payload.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("malformed payload");
        }
        TokenPurpose purpose = TokenPurpose.fromCode(parts[0]);
        if (!allowed.contains(purpose)) {
            throw new InvalidTokenException("wrong purpose");
        }
        long expires;
        try {
            expires = Long.parseLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new InvalidTokenException("malformed expiry");
        }
        if (clock.instant().getEpochSecond() >= expires) {
            throw new InvalidTokenException("expired");
        }
        return parts[1];
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = prototype != null ? (Mac) prototype.clone() : newMac(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Mac newMac(SecretKeySpec key) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(key);
        return mac;
    }

    private static Mac cloneable(SecretKeySpec key) {
        try {
            Mac mac = newMac(key);
            mac.clone();
            return mac;
        } catch (CloneNotSupportedException e) {
            return null;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
