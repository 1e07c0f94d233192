package dev.paperboy.notify.bench;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.File;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** The SMTP sink {@link NotifyBenchmark} sends to, and its own accept rate measured with a plain Jakarta Mail sender. */
final class SinkBaseline {

    private SinkBaseline() {
    }

    /** A baseline measurement: mails per second and process CPU milliseconds per mail (after {@code rounds}). */
    record Measured(double perSecond, double cpuMsPerMail, int rounds) {
    }

    /**
     * The sink's rate with the plain sender warm: measured again until its CPU time per mail stops falling by more
     * than 15 % from one round to the next (the JIT has compiled it; on a loaded 2-core machine that takes more
     * than one round), at most 6 rounds after {@code cold}.
     */
    static Measured warm(int port, int count, int threads, Measured cold) throws Exception {
        Measured previous = cold;
        for (int round = 1; ; round++) {
            Measured next = measure(port, count, threads);
            if (next.cpuMsPerMail() > 0.85 * previous.cpuMsPerMail() || round == 6) {
                return new Measured(next.perSecond(), next.cpuMsPerMail(), round);
            }
            previous = next;
        }
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The sink's accept rate: {@code count} multipart mails from {@code threads} threads, one connection each. */
    static Measured measure(int port, int count, int threads) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(port));
        Session session = Session.getInstance(properties);
        String html = "<html><body>" + "<p>Lorem ipsum dolor sit amet, trending paper.</p>".repeat(60)
                + "</body></html>";
        String text = "Lorem ipsum dolor sit amet, trending paper.\n".repeat(60);
        AtomicInteger next = new AtomicInteger();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(executor.submit(() -> {
                    try (Transport transport = session.getTransport("smtp")) {
                        transport.connect();
                        while (next.getAndIncrement() < count) {
                            MimeMessage message = new MimeMessage(session);
                            message.setFrom(new InternetAddress("digest@paperboy.local"));
                            message.setRecipient(Message.RecipientType.TO, new InternetAddress("bench@example.com"));
                            message.setSubject("baseline");
                            MimeMultipart alternative = new MimeMultipart("alternative");
                            MimeBodyPart plain = new MimeBodyPart();
                            plain.setText(text, "UTF-8");
                            MimeBodyPart rich = new MimeBodyPart();
                            rich.setContent(html, "text/html; charset=UTF-8");
                            alternative.addBodyPart(plain);
                            alternative.addBodyPart(rich);
                            message.setContent(alternative);
                            message.saveChanges();
                            transport.sendMessage(message, message.getAllRecipients());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        return new Measured(count / elapsed, (processCpuNanos() - cpu0) / 1e6 / count, 1);
    }

    static Process startSink(int port) throws Exception {
        try (Socket probe = new Socket("127.0.0.1", port)) {
            System.out.println("using the SMTP server already listening on port " + port);
            return null;
        } catch (java.io.IOException free) {
            File binary = new File("/usr/sbin/smtp-sink");
            if (!binary.canExecute()) {
                throw new IllegalStateException("no SMTP sink on port " + port + " and no /usr/sbin/smtp-sink: "
                        + "apt-get install -y --no-install-recommends postfix");
            }
            Process process = new ProcessBuilder(binary.getPath(), "-u", "nobody", "127.0.0.1:" + port, "1000")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    return process;
                } catch (java.io.IOException notYet) {
                    Thread.onSpinWait();
                }
            }
            process.destroy();
            throw new IllegalStateException("smtp-sink did not start on port " + port);
        }
    }
}
