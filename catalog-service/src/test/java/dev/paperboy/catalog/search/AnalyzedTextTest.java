package dev.paperboy.catalog.search;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A text analyzed once and replayed indexes exactly like the analyzer run on each field value. */
class AnalyzedTextTest {

    private static final String TITLE = "Café-style Transformers: Learning Sparse Attention's Limits";
    private static final String ABSTRACT = "We study sparse attention. Transformers learned faster; the models' limits "
            + "were measured on 3.5 benchmarks.";

    private static List<String> tokens(TokenStream stream) throws IOException {
        List<String> out = new ArrayList<>();
        try (stream) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                out.add(term + "/" + increment.getPositionIncrement() + "/" + offset.startOffset() + "-"
                        + offset.endOffset());
            }
            stream.end();
            out.add("end " + offset.endOffset());
        }
        return out;
    }

    @Test
    void replaysWhatTheAnalyzerProduces() throws IOException {
        Analyzer analyzer = IndexFields.analyzer();
        AnalyzedText analyzed = AnalyzedText.of(analyzer, IndexFields.TEXT, ABSTRACT);
        List<String> expected = tokens(analyzer.tokenStream(IndexFields.TEXT, ABSTRACT));
        assertThat(expected).hasSizeGreaterThan(5);
        assertThat(tokens(analyzed.tokens())).isEqualTo(expected);
        assertThat(tokens(analyzed.tokens())).as("every stream starts over").isEqualTo(expected);
    }

    @Test
    void indexedCopiesCountAndStayApartLikeSeparateValues() throws IOException {
        Document paper = new Document("_id", "2501.00001").append("title", TITLE).append("abstract", ABSTRACT)
                .append("authors", List.of("Ada Lovelace")).append("publishedAt", new Date());
        try (Directory dir = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(IndexFields.analyzer()))) {
                writer.addDocument(PaperDocuments.toLucene(paper));
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                var leaf = reader.leaves().get(0).reader();
                // "limit" is in the title (x6) and in the abstract (x1)
                PostingsEnum text = leaf.postings(new Term(IndexFields.TEXT, "limit"), PostingsEnum.POSITIONS);
                assertThat(text.nextDoc()).isNotEqualTo(DocIdSetIterator.NO_MORE_DOCS);
                assertThat(text.freq()).isEqualTo(IndexFields.TITLE_REPEATS + 1);
                PostingsEnum title = leaf.postings(new Term(IndexFields.TITLE, "transform"), PostingsEnum.OFFSETS);
                title.nextDoc();
                title.nextPosition();
                assertThat(TITLE.substring(title.startOffset(), title.endOffset())).isEqualTo("Transformers");

                IndexSearcher searcher = new IndexSearcher(reader);
                // the end of one title copy and the start of the next are not a phrase (a gap between values)
                assertThat(searcher.count(new PhraseQuery(IndexFields.TEXT, "limit", "cafe"))).isZero();
                assertThat(searcher.count(new PhraseQuery(IndexFields.TEXT, "spars", "attent"))).isOne();
            }
        }
    }
}
