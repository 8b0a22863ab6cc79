package dev.coleta.scrape.html;

import dev.coleta.llama.Model;
import dev.coleta.testing.TinyModels;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of cleaning in model tokens: every gold value of the generated test
 * pages survives, and the Llama 2 tokenizer counts at least 5x fewer tokens. It loads the
 * tiny model only for its tokenizer (loading the vocabulary-only GGUF with
 * {@code withVocabOnly(true)} aborts in llama_hparams::n_head at the time of writing).
 */
class HtmlCleanerIT {
    @Test
    void keepsAllGoldValuesAndCutsLlamaTokensFiveTimes() {
        try (Model model = Model.load(TinyModels.tinyModel())) {
            HtmlCleanerTest.assertKeepsGoldAndCuts(text -> model.tokenize(text, false).length, "Llama 2 tokenizer");
        }
    }
}
