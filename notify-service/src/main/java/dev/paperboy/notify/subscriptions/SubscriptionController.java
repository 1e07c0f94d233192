package dev.paperboy.notify.subscriptions;

import dev.paperboy.notify.mail.MailRenderer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Map;

/** Subscriptions API: sign-up (202, double opt-in) and the actions behind signed links. */
@RestController
@RequestMapping("/api/subscriptions")
@Tag(name = "subscriptions")
class SubscriptionController {

    private final SubscriptionService service;
    private final MailRenderer renderer;

    SubscriptionController(SubscriptionService service, MailRenderer renderer) {
        this.service = service;
        this.renderer = renderer;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Subscribe (or update a subscription); a confirmation email is sent to the address")
    ResponseEntity<Map<String, String>> subscribe(@RequestBody SubscriptionRequest request) {
        service.subscribe(request);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("status", "pending_confirmation"));
    }

    @GetMapping("/confirm")
    @Operation(summary = "Confirm a subscription (link of the confirmation email)")
    ResponseEntity<?> confirm(@RequestParam String token,
                              @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        SubscriptionView view = service.confirm(token);
        if (wantsHtml(accept)) {
            return html(renderer.page("Subscription confirmed", "Digests for " + view.email()
                    + " are on their way (" + view.frequency() + ").", null, null));
        }
        return ResponseEntity.ok(view);
    }

    @GetMapping(value = "/me", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "View preferences")
    SubscriptionView me(@RequestParam String token) {
        return service.view(token);
    }

    @PutMapping(value = "/me", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change preferences (the email cannot be changed)")
    SubscriptionView change(@RequestParam String token, @RequestBody SubscriptionRequest request) {
        return service.change(token, request);
    }

    @PostMapping(value = "/pause", produces = MediaType.APPLICATION_JSON_VALUE)
    SubscriptionView pause(@RequestParam String token) {
        return service.pause(token);
    }

    @PostMapping(value = "/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    SubscriptionView resume(@RequestParam String token) {
        return service.resume(token);
    }

    @GetMapping("/unsubscribe")
    @Operation(summary = "Unsubscribe page: a form that POSTs (a GET never unsubscribes, link scanners prefetch)")
    ResponseEntity<String> unsubscribePage(@RequestParam String token) {
        SubscriptionView view = service.peekUnsubscribe(token);
        String action = UriComponentsBuilder.fromPath("/api/subscriptions/unsubscribe")
                .queryParam("token", token).build().toUriString();
        if ("unsubscribed".equals(view.status())) {
            return html(renderer.page("Unsubscribed", view.email() + " gets no more Paperboy digests.", null, null));
        }
        return html(renderer.page("Unsubscribe", "Stop all Paperboy digests to " + view.email() + "?", action,
                "Unsubscribe"));
    }

    @PostMapping("/unsubscribe")
    @Operation(summary = "Unsubscribe: RFC 8058 one-click (body List-Unsubscribe=One-Click) or the page's form")
    ResponseEntity<?> unsubscribe(@RequestParam String token,
                                  @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        SubscriptionView view = service.unsubscribe(token);
        if (wantsHtml(accept)) {
            return html(renderer.page("Unsubscribed", view.email() + " gets no more Paperboy digests.", null, null));
        }
        return ResponseEntity.ok(Map.of("status", view.status()));
    }

    private static boolean wantsHtml(String accept) {
        return accept != null && accept.contains(MediaType.TEXT_HTML_VALUE);
    }

    private static ResponseEntity<String> html(String body) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .body(body);
    }
}
