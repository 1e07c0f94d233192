package dev.paperboy.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.paperboy.catalog.search.IndexFields.*;

/** The MoreLikeThis query for one indexed paper, from its stored title, abstract and keywords. */
final class SimilarQuery {

    private SimilarQuery() {
    }

    static Query build(IndexSearcher searcher, int docId, Analyzer analyzer) throws IOException {
        Document doc = searcher.storedFields().document(docId);
        MoreLikeThis mlt = new MoreLikeThis(searcher.getIndexReader());
        mlt.setAnalyzer(analyzer);
        mlt.setFieldNames(new String[]{TITLE, ABSTRACT, KEYWORDS_TEXT});
        mlt.setMinTermFreq(1);
        mlt.setMinDocFreq(1);
        mlt.setMinWordLen(3);
        mlt.setMaxQueryTerms(30);
        mlt.setBoost(true);
        Map<String, Collection<Object>> fields = new HashMap<>();
        if (doc.get(TITLE) != null) {
            // the title counts twice as much as a sentence of the abstract
            fields.put(TITLE, List.of(doc.get(TITLE), doc.get(TITLE)));
        }
        if (doc.get(ABSTRACT) != null) {
            fields.put(ABSTRACT, List.of(doc.get(ABSTRACT)));
        }
        String[] keywords = doc.getValues(KEYWORDS);
        if (keywords.length > 0) {
            fields.put(KEYWORDS_TEXT, List.of((Object[]) keywords));
        }
        if (fields.isEmpty()) {
            return null;
        }
        return mlt.like(fields);
    }
}
