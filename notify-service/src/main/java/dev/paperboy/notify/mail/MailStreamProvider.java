package dev.paperboy.notify.mail;

/**
 * Names Jakarta Mail's {@code StreamProvider} implementation in the system property its {@code FactoryFinder} reads
 * first. Without it, jakarta.mail-api 2.1 runs a {@code ServiceLoader} scan of the whole class path for every body
 * part, multipart and encoded header it creates (jakartaee/mail-api#699, #861): about half the CPU time of building
 * and writing a message. Applies to every Jakarta Mail user in the JVM; an explicit setting is left alone.
 */
final class MailStreamProvider {

    static final String PROPERTY = "jakarta.mail.util.StreamProvider";
    static final String ANGUS = "org.eclipse.angus.mail.util.MailStreamProvider";

    private MailStreamProvider() {
    }

    static void install() {
        if (System.getProperty(PROPERTY) == null) {
            try {
                Class.forName(ANGUS, false, MailStreamProvider.class.getClassLoader());
                System.setProperty(PROPERTY, ANGUS);
            } catch (ClassNotFoundException e) {
                // another Jakarta Mail implementation: keep its service-loader lookup
            }
        }
    }
}
