package dev.paperboy.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.queries.mlt.MoreLikeThis;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.paperboy.catalog.search.IndexFields.*;

/**
 * The MoreLikeThis query for one indexed paper: the terms of its stored title (twice), abstract and keywords that
 * best tell it apart in the combined {@link IndexFields#TEXT} field, matched there.
 */
final class SimilarQuery {

    private SimilarQuery() {
    }

    static Query build(IndexSearcher searcher, int docId, Analyzer analyzer) throws IOException {
        Document doc = searcher.storedFields().document(docId);
        MoreLikeThis mlt = new MoreLikeThis(searcher.getIndexReader());
        mlt.setAnalyzer(analyzer);
        mlt.setFieldNames(new String[]{TEXT});
        mlt.setMinTermFreq(1);
        mlt.setMinDocFreq(1);
        mlt.setMinWordLen(3);
        mlt.setMaxQueryTerms(30);
        mlt.setBoost(true);
        List<Object> texts = new ArrayList<>();
        if (doc.get(TITLE) != null) {
            // the title counts twice as much as a sentence of the abstract
            texts.add(doc.get(TITLE));
            texts.add(doc.get(TITLE));
        }
        if (doc.get(ABSTRACT) != null) {
            texts.add(doc.get(ABSTRACT));
        }
        texts.addAll(List.of((Object[]) doc.getValues(KEYWORDS)));
        if (texts.isEmpty()) {
            return null;
        }
        Map<String, Collection<Object>> fields = new HashMap<>();
        fields.put(TEXT, texts);
        return mlt.like(fields);
    }
}
