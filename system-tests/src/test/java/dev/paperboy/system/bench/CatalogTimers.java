package dev.paperboy.system.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import dev.paperboy.testsupport.SharedMongo;
import org.bson.Document;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the freshness harness prints of the catalog's own account after the load: its feeder timers, the oplog. */
final class CatalogTimers {

    private CatalogTimers() {
    }

    /**
     * The catalog's own account of where the time went (its search feeder's Prometheus timers): change-stream poll
     * durations with and without changes, and stored -> indexed (written to the index, searchable after the next
     * refresh).
     */
    static void printFeederTimers(HttpClient http, URI catalog) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(catalog.resolve("/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Map<String, double[]> timers = new TreeMap<>(); // name{tags} -> count, sum, max
        for (String line : response.body().split("\n")) {
            if (!line.startsWith("paperboy_catalog_search_")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            double value = Double.parseDouble(line.substring(space + 1));
            for (String[] part : new String[][] {{"_seconds_count", "0"}, {"_seconds_sum", "1"}, {"_seconds_max", "2"}}) {
                int at = series.indexOf(part[0]);
                if (at > 0) {
                    String name = series.substring(0, at) + series.substring(at + part[0].length());
                    timers.computeIfAbsent(name, k -> new double[3])[Integer.parseInt(part[1])] = value;
                }
            }
        }
        timers.forEach((name, figures) -> System.out.printf(Locale.ROOT,
                "freshness: catalog %s: count %.0f, mean %.1f ms, max %.0f ms%n", name, figures[0],
                figures[0] == 0 ? Double.NaN : figures[1] * 1000 / figures[0], figures[2] * 1000));
        // the p50 / p99 of the histograms, from their cumulative buckets
        Map<String, List<double[]>> buckets = new TreeMap<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("paperboy_catalog_search_") && line.contains("_bucket{")) {
                int brace = line.indexOf("_bucket{");
                String tags = line.substring(brace + "_bucket{".length(), line.lastIndexOf('}'));
                String le = tags.replaceAll(".*le=\"([^\"]*)\".*", "$1");
                String others = tags.replaceAll(",?le=\"[^\"]*\"", "");
                double count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                buckets.computeIfAbsent(line.substring(0, brace) + "{" + others + "}", k -> new ArrayList<>())
                        .add(new double[] {"+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                                count});
            }
        }
        buckets.forEach((name, rows) -> {
            double total = rows.get(rows.size() - 1)[1];
            System.out.printf(Locale.ROOT, "freshness: catalog %s: p50 <= %s s, p99 <= %s s%n", name,
                    bucketAt(rows, total * 0.5), bucketAt(rows, total * 0.99));
        });
    }

    /**
     * What the embedded server's oplog holds after the load (every change-stream poll reads it) and, for the
     * catalog's paper writes, how long after the paper's {@code storedAt} the write reached the oplog (the catalog
     * stamps storedAt before its bulk write).
     */
    static void printOplog(MongoClient mongo) {
        if (!SharedMongo.isEmbedded()) {
            return;
        }
        MongoCollection<Document> oplog = mongo.getDatabase("local").getCollection("oplog.rs");
        Map<String, Integer> byNamespace = new TreeMap<>();
        List<Double> storedToOplog = new ArrayList<>();
        for (Document entry : oplog.find()) {
            byNamespace.merge(entry.getString("ns"), 1, Integer::sum);
            if (("e2e-catalog.papers").equals(entry.getString("ns")) && entry.get("o") instanceof Document o
                    && o.getDate("storedAt") != null && entry.getDate("wall") != null) {
                storedToOplog.add((double) (entry.getDate("wall").getTime() - o.getDate("storedAt").getTime()));
            }
        }
        System.out.println("freshness: oplog entries by namespace after the load: " + byNamespace);
        Collections.sort(storedToOplog);
        System.out.printf(Locale.ROOT, "freshness: catalog storedAt -> its oplog entry (paper inserts) over %d: p50 %.0f"
                + " ms, p99 %.0f ms%n", storedToOplog.size(), at(storedToOplog, 0.5), at(storedToOplog, 0.99));
    }

    private static double at(List<Double> sorted, double quantile) {
        return sorted.isEmpty() ? Double.NaN
                : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    private static String bucketAt(List<double[]> rows, double rank) {
        for (double[] row : rows) {
            if (row[1] >= rank) {
                return String.format(Locale.ROOT, "%.3f", row[0]);
            }
        }
        return "?";
    }
}
