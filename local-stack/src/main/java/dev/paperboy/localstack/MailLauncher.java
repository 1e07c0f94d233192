package dev.paperboy.localstack;

import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

/**
 * GreenMail as a catch-all mail sink: SMTP for the services, IMAP for mail clients. Every message, whatever its
 * recipients, lands in the mailbox of one user ({@value #USER} / {@value #PASSWORD}), who can therefore read all mail.
 */
public final class MailLauncher implements AutoCloseable {

    public static final String USER = "inbox";
    public static final String PASSWORD = "inbox";

    private final int smtpPort;
    private final int imapPort;
    private GreenMail greenMail;

    public MailLauncher(int smtpPort, int imapPort) {
        this.smtpPort = smtpPort;
        this.imapPort = imapPort;
    }

    public synchronized MailLauncher start() {
        ServerSetup smtp = new ServerSetup(smtpPort, "localhost", ServerSetup.PROTOCOL_SMTP);
        ServerSetup imap = new ServerSetup(imapPort, "localhost", ServerSetup.PROTOCOL_IMAP);
        greenMail = new GreenMail(new ServerSetup[] {smtp, imap});
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        GreenMailUser catchAll = greenMail.setUser(USER + "@localhost", USER, PASSWORD);
        greenMail.getUserManager().setMessageDeliveryHandler((message, address) -> catchAll);
        return this;
    }

    /** Received messages, oldest first. */
    public List<MimeMessage> messages() {
        GreenMail gm = greenMail;
        return gm == null ? List.of() : List.of(gm.getReceivedMessages());
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    @Override
    public synchronized void close() {
        if (greenMail != null) {
            greenMail.stop();
            greenMail = null;
        }
    }
}
